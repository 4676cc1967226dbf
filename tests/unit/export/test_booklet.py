"""Print layouts as HTML (no Qt): papers, escaping of hostile data, links only for web URLs, the page plan."""

from __future__ import annotations

import json
import re

import pytest

from explorer.atlas import briefing as briefing_mod
from explorer.present.panel_html import esc
from explorer.export.booklet import Paper, booklet_html, contents_pages, css_string, sheet_html
from explorer.present.briefing import all_sources, briefing_dict, step_dict
from explorer.present.dossier import dossier_dict

PNG = b"\x89PNG\r\n\x1a\nfake"


def test_papers():
    assert Paper("a4").size_mm == (210.0, 297.0)
    assert Paper("a4", landscape=True).size_mm == (297.0, 210.0)
    assert Paper("letter").size_mm == (215.9, 279.4)
    assert Paper("a3", True).label == "A3 landscape"
    with pytest.raises(ValueError, match="unknown paper"):
        Paper("a5")
    w, h = Paper("a4").map_px(1.0)
    assert w > h > 0


def test_css_string_cannot_break_out():
    s = css_string('x"; } body { display: none } /* 竹島 \\')
    assert s.startswith('"') and s.endswith('"') and '"' not in s[1:-1] and "}" not in s and "\\" in s
    assert css_string("竹") == "\"\\007af9\""  # non-ASCII as an escape


def test_sheet_escapes_hostile_data_and_links_only_web_urls(mini_catalog):
    dd = dossier_dict(mini_catalog, "base:hostile", None)
    html = sheet_html(dd, PNG, Paper("a4"), title='<b>"T"</b>', compiled="2024-01-01")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in html
    assert "&lt;b&gt;&quot;T&quot;&lt;/b&gt;" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert html.count("<img ") == 1 and "data:image/png;base64," in html
    assert "size: 210.0mm 297.0mm" in html and 'counter(page) " of " counter(pages)' in html


def _top_right(html: str) -> str:
    return re.search(r"@top-right \{ content: (\"[^\"]*\")", html).group(1)


def test_sheet_says_what_the_data_is_compiled_to_and_the_maps_date_only_when_set(mini_catalog):
    dd = dossier_dict(mini_catalog, "base:hostile", None)
    today = sheet_html(dd, PNG, Paper("a4"), "", compiled="2025-12-23")
    assert _top_right(today) == css_string("Data compiled to 2025-12-23")
    assert "Data compiled to 2025-12-23." in today and "As of" not in today and "Map as of" not in today
    dated = sheet_html(dd, PNG, Paper("a4"), "", compiled="2025-12-23", map_date="1971")
    assert _top_right(dated) == css_string("Data compiled to 2025-12-23 · Map as of 1971")
    assert "Data compiled to 2025-12-23 · Map as of 1971." in dated


def test_sheet_follows_the_panels_order(catalog):
    from explorer.present.panel_html import summary_line

    dd = dossier_dict(catalog, "base:futenma", None)
    html = sheet_html(dd, PNG, Paper("a4"), "", compiled="2025-12-23")
    marks = [html.index(esc(summary_line(dd))), html.index('<dl class="facts">'),
             html.index("<h3>Treaty provisions</h3>"), html.index("<h3>Controversies</h3>"), html.index("<h3>Sources</h3>")]
    assert marks == sorted(marks)


def test_booklet_has_every_step_and_source(catalog, geodata_dir):
    b = briefing_mod.read(geodata_dir)
    bd = briefing_dict(catalog, b)
    maps = {s.id: PNG for s in b.steps}
    html = booklet_html(bd, maps, all_sources(catalog, b), Paper("letter", True), "2025-01-01")
    assert html.count('class="sheet step fit land') == len(b.steps)
    for s in b.steps:
        assert f'id="step-{s.id}"' in html
    for c in all_sources(catalog, b):
        if c["link"]:
            assert f'href="{c["url"].replace("&", "&amp;")}"' in html
    assert contents_pages(len(b.steps)) == {"cover": 1, "contents": 2, "first_step": 3, "sources": 3 + len(b.steps)}
    assert "Noto Sans CJK" in html
    assert _top_right(html) == css_string("Data compiled to 2025-01-01") and "data as of" not in html.lower()


def test_step_dict_names_records_and_cites(catalog, geodata_dir):
    b = briefing_mod.read(geodata_dir)
    i = b.index("futenma")
    sd = step_dict(catalog, b.steps[i], i, len(b.steps))
    assert sd["progress"] == f"{i + 1} / {len(b.steps)}"
    kinds = {r["id"]: r["kind"] for r in sd["records"]}
    assert kinds["base:futenma"] == "feature" and kinds["controversy:futenma-henoko"] == "controversy"
    assert any("普天間飛行場" in r["name"] for r in sd["records"])
    assert all(c["title"] for c in sd["sources"])
    json.dumps(sd)  # JSON-able, as the page payload needs
