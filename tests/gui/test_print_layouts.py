"""Paper PDFs and the HTML briefing, checked for real: page sizes and counts, text, links, CJK, offline."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from explorer.workspace import Workspace
from explorer.atlas import briefing as briefing_mod
from explorer.export.booklet import Paper, contents_pages
from explorer.mapping.state import Camera, MapState
from explorer.present.briefing import all_sources

pytestmark = pytest.mark.gui

A4 = (595.28, 841.89)
PT_PER_MM = 72 / 25.4


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _page_texts(pdf: Path) -> list[str]:
    import shutil

    assert shutil.which("pdftotext"), "pdftotext is missing: 'make test' installs poppler-utils as root"
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [_squash(p) for p in out.removesuffix("\f").split("\f")]


def _uris(reader) -> set[str]:
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object().get("/A")
            if a is not None and a.get_object().get("/URI"):
                uris.add(str(a.get_object()["/URI"]))
    return uris


def _sizes(reader) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def _fonts(pdf: Path) -> list[tuple[str, str]]:
    """(emb, uni) of every font in the PDF, from pdffonts."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(r[-5], r[-3]) for r in rows]  # ... emb sub uni object-id generation


def _print(job) -> Path:
    from explorer.export.printer import run_blocking

    return run_blocking(job)


@pytest.fixture(scope="module")
def booklet(qapp, tmp_path_factory, catalog, geodata_dir):
    from explorer.export.print_run import booklet_job

    out = tmp_path_factory.mktemp("booklet") / "brief.pdf"
    b = briefing_mod.read(geodata_dir)
    return _print(booklet_job(Workspace(catalog), b, Paper("a4"), out)), b


def test_booklet_pages_sizes_text_and_links(booklet, catalog):
    from pypdf import PdfReader

    pdf, b = booklet
    reader = PdfReader(str(pdf))
    n = len(b.steps)
    pages = contents_pages(n)
    texts = _page_texts(pdf)
    assert len(texts) == len(reader.pages)
    # Cover, contents, one page per step, then the sources (one page or more).
    assert len(reader.pages) >= pages["sources"]
    for w, h in _sizes(reader):
        assert w == pytest.approx(A4[0], abs=1) and h == pytest.approx(A4[1], abs=1)
    assert b.title in texts[0] and "Contents" in texts[1]
    assert "Data compiled to" in texts[1] and "As of" not in texts[1]  # the running header (none on the cover)
    for i, step in enumerate(b.steps):
        page = texts[pages["first_step"] - 1 + i]
        assert _squash(step.title) in page, step.id
        for para in step.paragraphs:  # every word of the step's text, on its own page
            assert _squash(para) in page, (step.id, para[:60])
        assert f"Page {pages['first_step'] + i} of {len(reader.pages)}" in page
        assert f"STEP {i + 1} OF {n}" in page
    assert "Sources cited in this briefing" in texts[pages["sources"] - 1]
    # Every cited source's URL is a live link in the PDF.
    cited = {c["url"] for c in all_sources(catalog, b) if c["link"]}
    assert cited and cited <= _uris(reader), sorted(cited - _uris(reader))[:5]
    # Japanese and Korean come out as text, from embedded CJK fonts.
    everything = " ".join(texts)
    assert "독도" in everything and "竹島" in everything
    assert "普天間飛行場" in everything
    # Every font is embedded with a Unicode map (Chromium's Skia writes the CFF-based Noto CJK as Type 3).
    fonts = _fonts(pdf)
    assert fonts and all(f == ("yes", "yes") for f in fonts), fonts


def test_futenma_feature_sheet_on_a4(qapp, tmp_path, catalog):
    from pypdf import PdfReader

    from explorer.export.print_run import sheet_job
    from explorer.present.dossier import dossier_dict

    state = MapState(camera=Camera("okinawa"), selected="base:futenma")
    pdf = _print(sheet_job(Workspace(catalog), state, Paper("a4"), tmp_path / "futenma.pdf"))
    reader = PdfReader(str(pdf))
    sizes = _sizes(reader)
    assert len(sizes) >= 2  # the dossier flows over pages
    assert all(h <= A4[1] + 1 and w == pytest.approx(A4[0], abs=1) for w, h in sizes), sizes
    texts = _page_texts(pdf)
    assert "Marine Corps Air Station Futenma" in texts[0] and "普天間飛行場" in texts[0]
    assert all("Data compiled to " in t for t in texts)  # the running header, on every page
    assert not any("Map as of" in t for t in texts)  # no date was set on the map
    assert all(f"Page {i + 1} of {len(texts)}" in t for i, t in enumerate(texts))
    dd = dossier_dict(catalog, "base:futenma", None)
    everything = " ".join(texts)
    for item in dd["provisions"] + dd["controversies"]:
        assert _squash(item["headline"]) in everything, item["headline"]
    urls = {c["url"] for c in dd["sources"] if c["link"]}
    urls |= {c["url"] for it in dd["provisions"] + dd["controversies"] for c in it["sources"] if c["link"]}
    assert urls <= _uris(reader)


def test_sheet_on_a3_landscape_and_korean(qapp, tmp_path, catalog):
    from pypdf import PdfReader

    from explorer.export.print_run import sheet_job

    state = MapState(camera=Camera("korea"), selected="threat:takeshima")
    pdf = _print(sheet_job(Workspace(catalog), state, Paper("a3", landscape=True), tmp_path / "takeshima.pdf"))
    reader = PdfReader(str(pdf))
    for w, h in _sizes(reader):
        assert w == pytest.approx(420 * PT_PER_MM, abs=1) and h == pytest.approx(297 * PT_PER_MM, abs=1)
    assert "독도" in " ".join(_page_texts(pdf))


def test_cli_paper_options_and_refusals(tmp_path, capsys):
    from explorer.cli import main

    out = tmp_path / "letter.pdf"
    assert main(["export", "--out", str(out), "--select", "base:kadena", "--paper", "letter", "--landscape"]) == 0
    from pypdf import PdfReader

    sizes = _sizes(PdfReader(str(out)))
    assert all(w == pytest.approx(279.4 * PT_PER_MM, abs=1) and h == pytest.approx(215.9 * PT_PER_MM, abs=1)
               for w, h in sizes)
    assert main(["export", "--out", str(tmp_path / "x.png"), "--briefing"]) == 2
    assert "--briefing exports a PDF booklet or an HTML page" in capsys.readouterr().err
    assert main(["export", "--out", str(out), "--select", "base:kadena"]) == 2  # exists: no --force
    assert not (tmp_path / "x.png").exists()


# -- the HTML briefing -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def briefing_html(tmp_path_factory, catalog, geodata_dir):
    from explorer.export.briefing_html import export_briefing_html

    out = tmp_path_factory.mktemp("html") / "brief.html"
    return export_briefing_html(Workspace(catalog), briefing_mod.read(geodata_dir), out)


def test_html_briefing_offline_and_keyboard(qtbot, briefing_html, catalog, geodata_dir):
    from tests.gui.conftest import OfflineView

    b = briefing_mod.read(geodata_dir)
    states = [MapState.from_json(s.state_json()) for s in b.steps]

    with OfflineView(qtbot, briefing_html, size=(1200, 800), show=True) as off:
        assert off.loaded
        tester, view = off.page, off.view
        qtbot.waitUntil(lambda: tester.js("AtlasExplorer.briefingStep()") == 0, timeout=10000)
        panel = lambda: tester.js("document.querySelector('.atlas-briefing').textContent")  # noqa: E731
        assert b.steps[0].title in panel() and f"1 / {len(b.steps)}" in panel()
        links = tester.js("Array.from(document.querySelectorAll('.atlas-briefing a')).map(a => a.href)")
        assert links and all(x.startswith("http") for x in links)

        def at(i: int) -> bool:
            got = tester.js("AtlasExplorer.state()")
            return (tester.js("AtlasExplorer.briefingStep()") == i and got["selected"] == states[i].selected
                    and sorted(got["layers"]) == sorted(states[i].layers))

        target = view.focusProxy() or view
        for i in range(1, len(b.steps)):  # real key presses into Chromium: PageDown and the right arrow
            qtbot.keyClick(target, Qt.Key.Key_PageDown if i % 2 else Qt.Key.Key_Right)
            qtbot.waitUntil(lambda: at(i), timeout=10000)
            assert b.steps[i].title in panel()
        qtbot.keyClick(target, Qt.Key.Key_PageUp)
        qtbot.waitUntil(lambda: at(len(b.steps) - 2), timeout=10000)
    assert off.requests == []


def _chromium_page_requests(url: str, tmp_path: Path) -> tuple[str, list[str]]:
    """Load ``url`` in headless Chromium with the network blocked; (its DOM, what the PAGE asked for).

    Chromium's own background traffic (updates, clock) has the initiator "not an origin" in the net
    log; whatever the page itself requests carries its origin ("null" for a file).
    """
    log = tmp_path / f"netlog-{len(list(tmp_path.iterdir()))}.json"
    proc = subprocess.run(
        ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--no-first-run", f"--log-net-log={log}",
         "--virtual-time-budget=8000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    by_source: dict[int, dict] = {}
    for event in json.loads(log.read_text())["events"]:
        params = event.get("params") or {}
        if "url" in params or "initiator" in params:
            by_source.setdefault(event["source"]["id"], {}).update(
                {k: params[k] for k in ("url", "initiator") if k in params})
    asked = [r["url"] for r in by_source.values()
             if r.get("initiator", "not an origin") != "not an origin" and not r["url"].startswith(("file:", "data:"))]
    return proc.stdout, asked


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no /usr/bin/chromium")
def test_html_briefing_in_headless_chromium_with_the_network_blocked(briefing_html, geodata_dir, tmp_path):
    # The check can fail: a page that fetches something is caught.
    probe = tmp_path / "probe.html"
    probe.write_text('<img src="http://example.invalid/x.png">', encoding="utf-8")
    assert _chromium_page_requests(probe.as_uri(), tmp_path)[1] == ["http://example.invalid/x.png"]

    b = briefing_mod.read(geodata_dir)
    dom, asked = _chromium_page_requests(briefing_html.as_uri(), tmp_path)
    assert 'class="atlas-briefing"' in dom
    assert f"1 / {len(b.steps)}" in dom and b.steps[0].title in dom
    assert asked == []
