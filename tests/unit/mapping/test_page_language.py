"""The map page in Japanese and in English: every word the page shows comes from the payload."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explorer import i18n, store
from explorer.mapping import page, words
from explorer.mapping.derive import measure_line, ring_shapes
from explorer.mapping.page import assemble, chrome, payload
from explorer.mapping.state import Camera, ExportOptions, MapState
from explorer.workspace import Workspace

ATLAS_JS = Path(__file__).resolve().parents[3] / "resources" / "web" / "atlas.js"
#: ASCII words a Japanese page may keep: data names, units, keys and the app's own name.
ALLOWED = {"Natural", "Earth", "GSHHG", "LGPL", "GeoNames", "Alliance", "Explorer", "PageUp", "PageDown", "SOFA",
           "Unicode", "CLDR", "License",
           "Leaflet", "OpenStreetMap"}


def english_left(text: str) -> list[str]:
    """Runs of 4+ ASCII letters that are not allowed tokens (what an untranslated phrase leaves)."""
    text = re.sub(r"\{\w+\}", "", text)  # placeholders are filled in by the page
    return [w for w in re.findall(r"[A-Za-z]{4,}", text) if w not in ALLOWED]


def page_words(data: dict) -> list[str]:
    """What the page writes around the data: layer names, legend rows and the script's words."""
    out = [v for k, v in data["text"].items() if k != "fonts"]
    for layer in data["layers"]:
        out.append(layer["label"])
        out.extend(s["label"] for s in layer["symbols"])
    out.append(data["sourceLine"])
    return out


def test_a_japanese_page_has_a_japanese_legend_layer_control_and_tips(catalog):
    i18n.set_language("ja")
    data = payload(catalog)
    assert data["lang"] == "ja"
    assert data["text"]["legend"] == "凡例"
    labels = {layer["id"]: layer["label"] for layer in data["layers"]}
    assert labels == {"states": "国・地域", "places": "市町村", "threats": "脅威", "bases": "基地"}
    bases = next(layer for layer in data["layers"] if layer["id"] == "bases")
    assert [s["label"] for s in bases["symbols"]][:2] == ["米軍専用施設", "米側が管理・自衛隊と共同使用"]
    assert data["text"]["clusterCount"] == "{n}施設"
    assert re.search(r"データは\d{4}年\d{1,2}月\d{1,2}日時点のものです。$", data["sourceLine"])
    for text in page_words(data):
        assert not english_left(text), text
    assert data["text"]["fonts"].startswith('"Noto Sans CJK JP"')


def test_the_english_page_is_unchanged(catalog):
    data = payload(catalog)
    assert data["lang"] == "en"
    assert data["text"]["legend"] == "Legend"
    assert [layer["label"] for layer in data["layers"]] == ["States", "Towns and cities", "Threat vectors", "Bases"]
    bases = next(layer for layer in data["layers"] if layer["id"] == "bases")
    assert bases["symbols"][0]["label"] == "US-administered (exclusive use)"
    assert data["attribution"].startswith("Basemap: Natural Earth")
    assert data["sourceLine"].endswith(f"Data as of {data['asOf']}.")
    futenma = next(f for f in bases["features"] if f["p"]["id"] == "base:futenma")
    assert futenma["p"]["lb"] == "MCAS Futenma"


def test_japanese_map_labels_are_the_records_japanese_names(catalog):
    i18n.set_language("ja")
    data = payload(catalog)
    feats = {f["p"]["id"]: f["p"] for layer in data["layers"] for f in layer["features"]}
    assert feats["base:futenma"]["lb"] == "普天間飛行場"
    assert feats["base:kadena"]["lb"] == catalog.features["base:kadena"].name_ja
    assert feats["state:jpn"]["lb"] == "日本"
    # A date label reads as a Japanese reader writes dates.
    dated = [p["lb"] for fid, p in feats.items() if fid.startswith("threat:") and re.match(r"\d{4}年", p.get("lb", ""))]
    assert dated and all(re.fullmatch(r"\d{4}年(\d{1,2}月(\d{1,2}日)?)?", x) for x in dated)
    # A town takes its Japanese name where the record has one, and keeps its own otherwise.
    for place in catalog.places.values():
        if place.name_ja and place.id in feats:
            assert feats[place.id]["lb"] == place.name_ja


def test_atlas_js_holds_no_english_of_its_own():
    """Every word the script writes is looked up (T("key")) in the payload's words; none is a literal."""
    code = ATLAS_JS.read_text(encoding="utf-8")
    keys = set(re.findall(r'\bT\("(\w+)"', code))
    assert keys and keys <= set(words.page_text())
    # el(tag, class, "literal words"): text from a literal would be English on a Japanese page.
    literal_text = re.findall(r'\bel\("[^"]*",\s*(?:null|"[^"]*"),\s*"([^"]*[A-Za-z]{3,}[^"]*)"', code)
    assert literal_text == []
    for phrase in ("Legend", "Treaty provisions", "Click to zoom in", "Area not published", "Previous", "Sources",
                   "facilities merged", "Data as of"):
        assert f'"{phrase}' not in code and f"'{phrase}" not in code, phrase


def test_the_document_says_its_language():
    shell = "<!DOCTYPE html>\n<html>\n<head></head><body>" + page.PAYLOAD_SLOT + "</body></html>"
    assert '<html lang="ja">' in assemble(shell, {"lang": "ja"})
    assert '<html lang="en">' in assemble(shell, {"lang": "en"})
    assert '<html lang="en">' in assemble(shell, {"lang": '"><script>'})  # never a value from elsewhere


def test_export_subtitle_and_tools_speak_japanese(catalog):
    i18n.set_language("ja")
    state = MapState.from_json({"asOf": "1971-05", "filter": {"service": ["USMC"], "prefecture": ["Okinawa"]},
                                "rings": [{"lat": 26.3, "lon": 127.8, "km": 1000}],
                                "measure": [[26.0, 127.0], [27.0, 128.0], [28.0, 129.0]]})
    sub = chrome(catalog, state, ExportOptions("png", title="沖縄"))["subtitle"]
    assert sub.startswith("1971年5月時点") and "絞り込み：軍種：USMC；都道府県：Okinawa" in sub
    line = measure_line(state)
    assert line["labels"][1].endswith(" km）") and "累計" in line["labels"][2]
    assert ring_shapes(state)[0]["label"] == "1,000 km"
    i18n.set_language("en")
    sub = chrome(catalog, state, ExportOptions("png"))["subtitle"]
    assert sub.startswith("As of 1971-05 (") and "Filter: service: USMC; prefecture: Okinawa" in sub
    assert "(total " in measure_line(state)["labels"][2]


def test_the_page_cache_keeps_one_page_per_language(fixture_dir, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    ws = Workspace(store.load_catalog(fixture_dir, cache))
    english = store.app_page(ws, cache)
    i18n.set_language("ja")
    japanese = store.app_page(ws, cache)
    pages = sorted(p.name for p in cache.glob("page-app-*.html"))
    assert len(pages) == 2 and pages[0].endswith("-en.html") and "-ja-" in pages[1]
    assert '<html lang="ja">' in japanese and '"凡例"' in japanese and '"Legend"' not in japanese
    assert '<html lang="en">' in english and '"Legend"' in english and "凡例" not in english
    assert store.is_warm(fixture_dir, cache)
    # Back and forth: each language is read from its own page, and neither is thrown away.
    i18n.set_language("en")
    assert store.app_page(ws, cache) == english
    i18n.set_language("ja")
    assert store.app_page(ws, cache) == japanese
    assert len(list(cache.glob("page-app-*.html"))) == 2


def test_a_changed_translation_makes_a_new_japanese_page(fixture_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    i18n.set_language("ja")
    ws = Workspace(store.load_catalog(fixture_dir, cache))
    store.app_page(ws, cache)
    before = store.page_path(cache, ws.atlas)
    monkeypatch.setattr(store, "_catalogue_fingerprint", lambda lang: "00000000")
    assert store.page_path(cache, ws.atlas) != before
    store.app_page(ws, cache)
    assert [p.name for p in cache.glob("page-app-*.html")] == [store.page_path(cache, ws.atlas).name]


def test_payload_words_are_valid_json_for_the_page(catalog):
    i18n.set_language("ja")
    html = assemble(page.render_shell("app"), payload(catalog))
    raw = html.split('<script type="application/json" id="atlas-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(raw)
    assert data["text"]["legend"] == "凡例"


@pytest.mark.parametrize("lang, font", [("ja", '"Noto Sans CJK JP"'), ("en", '"DejaVu Sans"')])
def test_font_stack_starts_with_the_languages_font(lang, font):
    i18n.set_language(lang)
    assert words.fonts().startswith(font)
    assert words.page_text()["fonts"].startswith(font)


def test_a_japanese_page_credits_the_japanese_town_names(catalog):
    assert any(p.name_ja for p in catalog.places.values())
    i18n.set_language("ja")
    assert "都市の日本語名：Unicode CLDR（Unicode License v3）。" in payload(catalog)["sourceLine"]
    i18n.set_language("en")
    assert "CLDR" not in payload(catalog)["sourceLine"]
