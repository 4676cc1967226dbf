"""The presenter in Japanese: labels, kind lines, dates and record text, with English only where it is marked.

A copy of the fixture atlas carries a small translation (``ja/t.toml``) of one
base and one provision, and an official Japanese source for the provision; the
rest stays English and must say so (「原文は英語です」).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from explorer import i18n
from explorer.atlas.catalog import Catalog
from explorer.present import labels
from explorer.present.dossier import dossier_dict, provision_info
from explorer.present.panel_html import dossier_html
from explorer.present.shares import share_words
from tests.japanese import MARK, english_left, with_japanese


@pytest.fixture
def ja_catalog(atlas_copy):
    return Catalog.load(with_japanese(atlas_copy))


def _shown(dd: dict) -> list[str]:
    """Every text of a dossier a reader sees, except the citations (the sources' own titles, as published)."""
    out = [dd["name"], dd["kind"], dd.get("as_of_text") or ""]
    out += [f"{x['label']}: {x['value']}" for x in dd["facts"]]
    for p in dd["provisions"]:
        out += [p["headline"], p["dates"], p["summary"], p.get("status_text", ""), p["instrument"]]
    for c in dd["controversies"]:
        out += [c["headline"], c["summary"], c.get("status_text", "")]
    return out


def test_a_base_reads_in_japanese(ja_catalog):
    i18n.set_language("ja")
    dd = dossier_dict(ja_catalog, "base:futenma", None)
    assert dd["name"] == "普天間飛行場" and dd["name_alt"] == "Marine Corps Air Station Futenma"
    assert dd["kind"] == "米海兵隊施設（米側が管理）"
    facts = {x["label"]: x["value"] for x in dd["facts"]}
    assert facts["軍種"] == "米海兵隊"
    assert facts["所在地"] == "沖縄県、沖縄島、宜野湾市"
    assert facts["使用形態"] == "米側が管理（地位協定第2条1項(a)）"
    assert facts["面積"] == "4.8 km²（2021年3月31日現在）"
    assert facts["状況"] == "返還予定（1996年）"
    assert facts["部隊・役割"] == "第36海兵航空群（2021年3月31日現在）"
    art6 = next(p for p in dd["provisions"] if p["id"] == "provision:treaty1960-art6")
    assert art6["headline"] == "1960年条約第6条 — 施設及び区域の使用"
    assert art6["dates"] == "1960年1月19日署名、1960年6月23日発効"
    henoko = next(c for c in dd["controversies"] if c["id"] == "controversy:futenma-henoko")
    assert henoko["headline"] == "普天間飛行場の辺野古移設（1996年〜現在）"
    shown = _shown(dd)
    left = [w for t in shown for w in english_left(t)]
    assert not left, left


def test_an_untranslated_summary_is_shown_in_english_with_the_mark(ja_catalog):
    i18n.set_language("ja")
    dd = dossier_dict(ja_catalog, "base:futenma", None)
    saco = next(p for p in dd["provisions"] if p["id"] == "provision:saco1996")
    english = ja_catalog.provisions["provision:saco1996"].summary
    assert saco["summary"] == english + MARK
    art6 = next(p for p in dd["provisions"] if p["id"] == "provision:treaty1960-art6")
    assert MARK not in art6["summary"] and art6["summary"].startswith("日本国の安全")


def test_a_translated_record_cites_the_official_japanese_text_it_quotes(ja_catalog):
    i18n.set_language("ja")
    art6 = provision_info(ja_catalog, "provision:treaty1960-art6")
    ids = [s["id"] for s in art6["sources"]]
    assert ids == ["src:fixture-treaty1960", "src:fixture-treaty1960-ja"]
    assert art6["sources"][1]["text"] == ("外務省、日本国とアメリカ合衆国との間の相互協力及び安全保障条約、"
                                         "1960年1月19日、第6条")
    i18n.set_language("en")
    assert [s["id"] for s in provision_info(ja_catalog, "provision:treaty1960-art6")["sources"]] == ids[:1]


def test_a_dated_dossier_writes_dates_as_japanese_readers_do(ja_catalog):
    i18n.set_language("ja")
    dd = dossier_dict(ja_catalog, "base:futenma", dt.date(2024, 2, 29))
    assert dd["as_of"] == "2024-02-29" and dd["as_of_text"] == "2024年2月29日"
    labels_ = [x["label"] for x in dd["facts"]]
    assert labels_[0] == "2024年2月29日時点の扱い"
    assert "開始" in labels_
    art6 = next(p for p in dd["provisions"] if p["id"] == "provision:treaty1960-art6")
    assert art6["status_text"] == "有効"
    left = [w for t in _shown(dd) + [dd["dates_note"] or ""] for w in english_left(t)]
    assert not left, left
    html = dossier_html(dd)
    assert "\u20682024年2月29日\u2069時点" in html and "条約・協定の規定" in html and "関連する問題" in html


def test_the_panel_speaks_japanese_around_the_data(ja_catalog):
    i18n.set_language("ja")
    html = dossier_html(dossier_dict(ja_catalog, "base:futenma", None))
    assert "<h2>\u2068普天間飛行場\u2069</h2>" in html
    assert "概要" in html and "この項目の出典" in html and "出典" in html
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
    # citations and the English name under the heading are data; everything else is Japanese
    body = text.split("この項目の出典")[0].replace("Marine Corps Air Station Futenma", "")
    body = re.sub(r"出典: [^\n]*?(?=出典:|$)", "", body)
    left = [w for w in english_left(body) if w not in ("Ministry", "Foreign", "Affairs", "Japan", "Treaty",
                                                        "Mutual", "Cooperation", "Security", "between",
                                                        "United", "States", "America", "link", "javascript",
                                                        "alert", "Fixture", "positions", "Test", "fixture")]
    assert not left, left


def test_english_is_unchanged(ja_catalog):
    dd = dossier_dict(ja_catalog, "base:futenma", None)
    assert dd["name"] == "Marine Corps Air Station Futenma" and dd["name_alt"] == "普天間飛行場"
    assert dd["kind"] == "USMC facility, US-administered"
    facts = {x["label"]: x["value"] for x in dd["facts"]}
    assert facts["Where"] == "Ginowan, Okinawa Island, Okinawa"
    assert facts["Area"] == "4.8 km² (as of 2021-03-31)"
    assert facts["Status"] == "planned return (1996)"
    art6 = next(p for p in dd["provisions"] if p["id"] == "provision:treaty1960-art6")
    assert art6["headline"] == "1960 Treaty, Art. VI — Facilities and areas for US forces"
    assert art6["dates"] == "signed 1960-01-19, in force 1960-06-23"
    assert not any(MARK in t or "原文" in t for t in _shown(dd))


def test_tables_answer_in_the_language_of_the_moment():
    assert labels.FACT["area"] == "Area" and share_words(85.94, None) == "85.9%"
    i18n.set_language("ja")
    assert labels.FACT["area"] == "面積"
    assert labels.USE_SHORT["us_sdf_joint"] == "自衛隊と共同使用"
    assert labels.PROVISION_STATUS["superseded"] == "置き換え済み"
    i18n.set_language("en")
    assert labels.FACT["area"] == "Area"


def test_every_table_entry_has_japanese():
    """Each Lazy table of labels reads differently in Japanese, except the words that are the same."""
    i18n.set_language("ja")
    for name in ("FACT", "USE", "USE_SHORT", "SECTION", "ANALYSIS", "ROLE", "THREAT_KIND", "PROVISION_STATUS",
                 "CONTROVERSY_STATUS", "REGIME", "USE_ON", "SERVICE", "SERVICE_FACILITY", "STATUS", "PREFECTURE"):
        table = getattr(labels, name)
        for key in table:
            assert table[key] != table.english(key) or table[key] in ("Alliance Explorer",), (name, key)
