"""The hostile corpus on every surface: window, panel, map page and export chrome, PNG, PDF, HTML, GeoJSON, KML.

Every payload sits in every text field of some record (tests/data/hostile.py).
A payload that ran would set a marker only running script can set; markup
that got parsed would leave an element whose attributes mention ``__pwned``.
Each test prints its counts.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from explorer.workspace import Workspace
from tests.data.hostile import BASE_FIELDS, EXECUTED_JS, PAYLOADS, make_hostile_atlas
from tests.gui.conftest import Page, close_window, open_window

pytestmark = pytest.mark.gui

#: JS: elements whose attributes carry a payload marker (markup that was parsed, not shown as text).
INJECTED_JS = ("(function(){var n=0; document.querySelectorAll('*').forEach(function(e){"
               "for (var i=0;i<e.attributes.length;i++){ var a=e.attributes[i];"
               " if (/pwned/i.test(a.value) && !(a.name==='href' && /^https:[/][/]/.test(a.value))) n++; }});"
               " return n;})()")
SAFE_TAGS = {"html", "head", "meta", "style", "body", "p", "span", "div", "h2", "h3", "table", "tr", "td", "a",
             "b", "br", "i", "ul", "li", "col", "thead", "tbody", "th", "colgroup", "pre"}  # pre: Qt serialises nowrap cells so


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        # A source's web URL may carry a payload in its (percent-encoded) query: a link, not markup.
        if tag not in SAFE_TAGS or any("pwned" in (v or "") and not (k == "href" and (v or "").startswith("https://"))
                                       for k, v in attrs):
            self.bad.append(tag)


def unsafe_tags(html: str) -> list[str]:
    p = _Tags()
    p.feed(html)
    return p.bad


@pytest.fixture(scope="module")
def hostile_atlas(tmp_path_factory, fixture_dir):
    return make_hostile_atlas(fixture_dir, tmp_path_factory.mktemp("hostile") / "atlas")


@pytest.fixture
def hostile_catalog(hostile_atlas):
    from explorer.atlas.catalog import Catalog
    from explorer.atlas.record_checks import record_errors

    # Some payloads break the prose rules on purpose (an issue number, a record id, backticks), so a
    # strict load refuses the corpus as validate does; it is read as a lenient load would, to prove
    # that text reaching any surface is shown as text whatever it holds.
    catalog = Catalog.load(hostile_atlas, strict=False)
    assert catalog.problems == []  # the loaders find nothing wrong: only the editorial checks do
    assert {p.message.split(" (")[0].split(":")[0] for p in record_errors(catalog)} <= {
        "reader-facing text mentions an issue number", "reader-facing text names record ids",
        "reader-facing text contains backticks",
        f"{len(hostile_ids(catalog))} feature(s) name this controversy but are not in its features"}
    return catalog


def hostile_ids(catalog) -> list[str]:
    return [fid for fid in catalog.features if fid.startswith("base:hostile-")]


def test_window_panel_page_and_export_chrome(qtbot, hostile_catalog, capsys):
    from explorer.mapping.derive import page_state
    from explorer.mapping.page import chrome
    from explorer.mapping.state import Camera, ExportOptions

    win = open_window(qtbot, hostile_catalog)
    page = Page(qtbot, win.map)
    try:
        win.go_to_view("okinawa")
        ids = hostile_ids(hostile_catalog)
        pids = [p for p in hostile_catalog.provisions if p.startswith("provision:hostile-")]
        panels = 0
        for fid in ids:
            win.session.update(selected=fid)
            assert win.panel.current == fid
            assert unsafe_tags(win.panel.browser.toHtml()) == [], fid
            panels += 1
        for pid in pids:
            win.panel.show_provision(pid)
            assert unsafe_tags(win.panel.browser.toHtml()) == [], pid
            panels += 1
        # Hover every hostile symbol with real mouse events: tooltips are built from the names.
        for fid in ids:
            page.js("(function(){var p=AtlasExplorer.screenPoint(%s); var t=document.elementFromPoint(p.x,p.y);"
                    "t.dispatchEvent(new MouseEvent('mousemove',{bubbles:true,clientX:p.x,clientY:p.y,view:window}));"
                    "return 1;})()" % json.dumps(fid))
        # The export chrome (title block, dossier box, print section) on the same page.
        for i, fid in enumerate(ids[:12]):
            state = win.session.state.with_(selected=fid, camera=Camera("okinawa"))
            for fmt in ("png", "pdf"):
                opts = ExportOptions(fmt, 800, 600, title=PAYLOADS[i], subtitle=PAYLOADS[-1 - i], dossier=True)
                # The window's own view keeps its size: no export viewport for the page to wait for.
                options = {k: v for k, v in chrome(hostile_catalog, state, opts).items() if k != "viewport"}
                with qtbot.waitSignal(win.map.applied, timeout=10000):
                    win.map.apply(page_state(hostile_catalog, state), options)
        executed, injected = page.js(EXECUTED_JS), page.js(INJECTED_JS)
        title_text = page.js("document.querySelector('.atlas-title-main') && document.querySelector('.atlas-title-main').textContent")
    finally:
        close_window(win)
    with capsys.disabled():
        print(f"\nhostile corpus, window: {len(PAYLOADS)} payloads x {len(BASE_FIELDS)} base fields + provisions "
              f"+ sources; {panels} panel pages, {len(ids)} hovers, 24 export chromes: "
              f"{executed} executed, {injected} injected")
    assert executed == 0 and injected == 0
    assert title_text in PAYLOADS  # the title is the payload, as text


def test_html_export_popups(qtbot, hostile_catalog, tmp_path, capsys):
    from explorer.export.html import export_html
    from explorer.mapping.state import Camera, MapState
    from tests.gui.conftest import OfflineView

    out = export_html(Workspace(hostile_catalog), MapState(camera=Camera("okinawa")), tmp_path / "h.html")
    ids = hostile_ids(hostile_catalog)
    with OfflineView(qtbot, out) as off:
        page = off.page
        for fid in ids:
            page.js(f"AtlasExplorer.select({json.dumps(fid)})")
        popups = page.js("document.querySelectorAll('.atlas-popup').length")
        executed, injected = page.js(EXECUTED_JS), page.js(INJECTED_JS)
    with capsys.disabled():
        print(f"\nhostile corpus, HTML export: {len(ids)} popups opened: {executed} executed, {injected} injected, "
              f"{len(off.requests)} network requests")
    assert popups >= 1 and executed == 0 and injected == 0 and off.requests == []


def test_pdf_png_geojson_and_kml_keep_the_text_exactly(qtbot, hostile_catalog, tmp_path, capsys):
    import unicodedata

    from pypdf import PdfReader

    from explorer.export.geo import export_geo
    from explorer.export.qtjob import picture_job
    from explorer.mapping.state import Camera, ExportOptions, MapState

    ids = hostile_ids(hostile_catalog)
    state = MapState(camera=Camera("okinawa"), selected=ids[1])
    for fmt in ("pdf", "png"):
        job = picture_job(Workspace(hostile_catalog), state,
                          ExportOptions(fmt, 900, 700, title=PAYLOADS[0], dossier=True), tmp_path / f"h.{fmt}")
        with qtbot.waitSignal(job.finished, timeout=60000):
            job.start()
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "h.pdf")).pages))
    assert "window.__pwned_0=1" in text and "<script>" in text.replace(" ", "")  # shown as text
    assert (tmp_path / "h.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    geo = export_geo(Workspace(hostile_catalog), MapState(layers=("bases",)), tmp_path / "h.geojson", "geojson")
    feats = {f["properties"]["id"]: f["properties"] for f in json.loads(geo.read_text(encoding="utf-8"))["features"]}
    kml = export_geo(Workspace(hostile_catalog), MapState(layers=("bases",)), tmp_path / "h.kml", "kml")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = ET.parse(kml).getroot().findall(".//k:Placemark", ns)
    names = {m.find("k:name", ns).text for m in marks}
    exact = 0
    for fid in ids:
        i = int(fid.rsplit("-", 1)[1])
        for k, field in enumerate(BASE_FIELDS[:2]):
            assert feats[fid][field] == PAYLOADS[(i + k) % len(PAYLOADS)]
            exact += 1
        assert PAYLOADS[i] in names
    assert len(marks) == len(feats) == len(hostile_catalog.layer("bases"))  # no payload added a feature
    with capsys.disabled():
        print(f"\nhostile corpus, files: PDF and PNG written with a hostile title and dossier; GeoJSON {len(feats)} "
              f"and KML {len(marks)} features, {exact} hostile values round-tripped exactly")
