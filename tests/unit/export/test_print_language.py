"""Printed layouts in Japanese (no Qt): running header, page numbers, dates, headings, typography, the briefing."""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType

from explorer import i18n
from explorer.atlas import briefing as briefing_mod
from explorer.atlas.loaders.translations import Translation
from explorer.export.booklet import Paper, booklet_html, css_string, sheet_html
from explorer.export.briefing_text import localized, localized_dict
from explorer.present.briefing import all_sources
from explorer.present.dossier import dossier_dict

PNG = b"\x89PNG\r\n\x1a\nfake"
ALLOWED = {"Natural", "Earth", "GSHHG", "LGPL", "Alliance", "Explorer", "base", "data", "image", "png", "base64"}


def _margin(html: str, box: str) -> str:
    return re.search(r"@%s \{ content: ([^;]*);" % box, html).group(1)


def _furniture(html: str) -> str:
    """The layout's own words: the text outside the dossier's record text (headings, furniture, credit)."""
    heads = re.findall(r"<h[123]>([^<]*)</h[123]>|<div class=\"num\">([^<]*)</div>|<b>([^<]*)</b>", html)
    return " ".join("".join(h) for h in heads)


def test_a_japanese_feature_sheet(catalog):
    i18n.set_language("ja")
    dd = dossier_dict(catalog, "base:futenma", None)
    html = sheet_html(dd, PNG, Paper("a4"), "", compiled="2025-12-23", map_date="1971")
    assert '<html lang="ja">' in html
    assert "<h1>普天間飛行場</h1>" in html and '<div class="ja">Marine Corps Air Station Futenma</div>' in html
    assert _margin(html, "top-left") == css_string("普天間飛行場")
    assert _margin(html, "top-right") == css_string("2025年12月23日までのデータ · 1971年時点の地図")
    assert _margin(html, "bottom-center") == 'counter(page) " / " counter(pages) ' + css_string("ページ")
    assert "<h3>条約・協定の規定</h3>" in html and "<h3>論点</h3>" in html and "<h3>出典</h3>" in html
    assert "出典：" in html and "Source:" not in html
    assert "2025年12月23日までのデータ · 1971年時点の地図。" in html
    # Japanese typography: Japanese glyph forms first, no break inside a phrase or before small kana.
    assert re.search(r'body \{ margin: 0; font-family: "Noto Sans CJK JP"', html)
    assert "line-break: strict; word-break: auto-phrase" in html


def test_the_english_sheet_is_unchanged(catalog):
    dd = dossier_dict(catalog, "base:futenma", None)
    html = sheet_html(dd, PNG, Paper("a4"), "", compiled="2025-12-23")
    assert '<html lang="en">' in html and "<h1>Marine Corps Air Station Futenma</h1>" in html
    assert '<div class="ja">普天間飛行場</div>' in html
    assert 'content: "Page " counter(page) " of " counter(pages);' in html
    assert "<h3>Treaty provisions</h3>" in html and "Data compiled to 2025-12-23." in html
    assert re.search(r'body \{ margin: 0; font-family: "Noto Sans", ', html)


def test_a_japanese_booklet_has_japanese_furniture(catalog):
    i18n.set_language("ja")
    briefing = briefing_mod.read(catalog.root)
    bd = localized_dict(catalog, briefing)
    # The atlas's own words (being translated in geodata/ja) stand apart from the layout's: give them here.
    bd = {**bd, "title": "日米同盟", "subtitle": "", "steps": [{**s, "title": f"ステップの見出し{i}"}
                                                               for i, s in enumerate(bd["steps"])]}
    maps = {s["id"]: PNG for s in bd["steps"]}
    html = booklet_html(bd, maps, all_sources(catalog, briefing), Paper("a4", True), "2025-12-23")
    n = len(bd["steps"])
    assert f"全{n}ステップ · A4横 · 2025年12月23日までのデータ" in html
    assert "<h2>目次</h2>" in html and "<h2>このブリーフィングで引用した出典</h2>" in html
    assert f'<div class="num">ステップ 1 / {n}</div>' in html and "<b>関連項目：</b>" in html
    left = [w for w in re.findall(r"[A-Za-z]{4,}", _furniture(html)) if w not in ALLOWED]
    assert left == []
    assert '<html lang="ja">' in html


def test_the_briefing_takes_its_japanese_words_from_the_atlas_translations(catalog):
    """A step's title and text, and the briefing's title, come from geodata/ja (briefing:<id>) where present."""
    briefing = briefing_mod.read(catalog.root)
    step = briefing.steps[0]
    ja = {"briefing": Translation("briefing", MappingProxyType({"title": "日米同盟の地図"})),
          f"briefing:{step.id}": Translation(f"briefing:{step.id}",
                                             MappingProxyType({"title": "第一歩", "text": "一段落目です。\n\n二段落目です。"}))}
    translated = replace(catalog, translations={**getattr(catalog, "translations", {}), "ja": ja})
    i18n.set_language("ja")
    out = localized(translated, briefing)
    assert out.title == "日米同盟の地図" and out.subtitle == briefing.subtitle  # no translation: the English stays
    assert out.steps[0].title == "第一歩" and out.steps[0].paragraphs == ("一段落目です。", "二段落目です。")
    assert out.steps[1].title == briefing.steps[1].title
    bd = localized_dict(translated, briefing)
    assert bd["steps"][0]["title"] == "第一歩"
    i18n.set_language("en")
    assert localized(translated, briefing).steps[0].title == step.title


def test_booklet_record_names_follow_the_language(catalog):
    briefing = briefing_mod.read(catalog.root)
    named = [(i, r) for i, s in enumerate(briefing.steps) for r in s.records if r in catalog.features
             and catalog.features[r].name_ja]
    assert named
    i, rid = named[0]
    i18n.set_language("ja")
    names = [r["name"] for r in localized_dict(catalog, briefing)["steps"][i]["records"]]
    assert catalog.features[rid].name_ja in names


def test_a_steps_provisions_are_listed_in_japanese_where_translated(catalog):
    briefing = briefing_mod.read(catalog.root)
    i, pid = next((i, r) for i, s in enumerate(briefing.steps) for r in s.records if r in catalog.provisions)
    ja = {pid: Translation(pid, MappingProxyType({"short": "日米安保条約第6条", "title": "施設・区域の使用"}))}
    translated = replace(catalog, translations={**getattr(catalog, "translations", {}), "ja": ja})
    i18n.set_language("ja")
    names = [r["name"] for r in localized_dict(translated, briefing)["steps"][i]["records"]]
    assert "日米安保条約第6条 — 施設・区域の使用" in names


def test_the_interactive_briefing_speaks_japanese(catalog):
    """The HTML briefing's steps are the atlas's Japanese (geodata/ja/briefing.toml), in a lang="ja" page."""
    import json

    from explorer.export.briefing_html import briefing_page
    from explorer.workspace import Workspace

    briefing = briefing_mod.read(catalog.root)
    i18n.set_language("ja")
    html = briefing_page(Workspace(catalog), briefing)
    assert '<html lang="ja">' in html
    data = json.loads(html.split('id="atlas-data">', 1)[1].split("</script>", 1)[0])
    assert data["text"]["next"] == "次へ ▶"
    ja = catalog.translations.get("ja", {})
    for step, s in zip(briefing.steps, data["briefing"]["steps"]):
        tr_ = ja.get(f"briefing:{step.id}")
        if tr_ is not None and "title" in tr_.fields:
            assert s["title"] == tr_.fields["title"]
    assert any(f"briefing:{s.id}" in ja for s in briefing.steps)


def test_a_japanese_kml_names_placemarks_in_japanese(catalog):
    from xml.etree.ElementTree import fromstring

    from explorer.export.geo import features, kml_bytes
    from explorer.mapping.state import Camera, MapState
    from explorer.workspace import Workspace

    state = MapState(camera=Camera("okinawa"), layers=("bases",))

    def names() -> dict[str, str]:
        root = fromstring(kml_bytes(features(Workspace(catalog), state)))
        ns = {"k": "http://www.opengis.net/kml/2.2"}
        out = {}
        for mark in root.iterfind(".//k:Placemark", ns):
            data = {d.get("name"): d.text for d in mark.iterfind(".//k:SimpleData", ns)}
            out[data.get("atlas_id") or mark.get("id")] = mark.findtext("k:name", namespaces=ns)
        return out

    assert names()["base:futenma"] == "Marine Corps Air Station Futenma"
    i18n.set_language("ja")
    assert names()["base:futenma"] == "普天間飛行場"
