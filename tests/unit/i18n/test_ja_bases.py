"""The bases in Japanese: names for every facility in Japan, and the Japanese of each base's own text.

``geodata/ja/bases.toml`` translates the English fields of ``bases/*.geojson``; the
checks here hold it to the English it translates: the same figures, the same
``src:`` citations, no record ids, and Japanese names only where a source gave them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import load_tool

from explorer.atlas.catalog import Catalog

ROOT = Path(__file__).resolve().parents[3]
FIELDS = ("municipality", "island", "units", "status_note", "note", "valid_from_note", "valid_to_note")
#: The fields a reader meets first; every base that has them in English has them in Japanese.
MOST_READ = ("municipality", "units", "status_note", "note")
KANA_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
RECORD_ID = re.compile(r"\b(?:base|provision|controversy|state|threat|figure|place|briefing):[a-z0-9-]+")
SRC_ID = re.compile(r"src:[a-z0-9-]+")
#: A figure as written: 1,520 / 26.406299 / 2020 (dates are compared by their parts).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def catalog():
    return Catalog.load(ROOT / "geodata")


@pytest.fixture(scope="module")
def bases(catalog):
    return catalog.layer("bases")


@pytest.fixture(scope="module")
def ja(catalog):
    return catalog.translations["ja"]


def _numbers(text: str) -> set[str]:
    """Figures in a text, without leading zeros (2020-01-01 and 2020年1月1日 give the same parts)."""
    out = set()
    for m in NUMBER.finditer(text):
        tok = m.group(0)
        if text[m.end():m.end() + 1] == "万":  # 約260万平方メートル: the Japanese count of the same figure
            continue
        out.add(tok.lstrip("0") or "0")
        if "." in tok and "," not in tok:
            out.update(p.lstrip("0") or "0" for p in tok.split("."))
    return out


def test_every_base_in_japan_has_a_japanese_name(bases):
    missing = [b.id for b in bases if b.country == "JPN" and not KANA_KANJI.search(b.name_ja or "")]
    assert not missing


def test_korean_names_come_from_a_cited_japanese_source(catalog, bases):
    """A Korean facility has a name_ja only when a src:bja- record names it in Japanese."""
    notes = " ".join(s.note + " " + s.title for sid, s in catalog.sources.items() if sid.startswith("src:bja-"))
    named = [b for b in bases if b.country == "KOR" and b.name_ja]
    assert named, "the Korean names read in Japanese reports"
    for b in named:
        assert b.name_ja in notes and b.id in notes, b.id


def test_the_most_read_fields_are_in_japanese_for_every_base(bases, ja):
    missing = [(b.id, k) for b in bases for k in MOST_READ
               if getattr(b, k, "") and k not in getattr(ja.get(b.id), "fields", {})]
    assert not missing
    assert all(b.id in ja for b in bases)


def test_every_translated_text_is_japanese_and_names_no_record(bases, ja):
    for b in bases:
        for key, text in ja[b.id].fields.items():
            assert key in FIELDS, (b.id, key)
            assert KANA_KANJI.search(text), (b.id, key)
            assert not RECORD_ID.search(text), (b.id, key)
            assert "issue" not in text.lower(), (b.id, key)


def test_translations_keep_the_citations_and_figures_of_the_english(bases, ja):
    """Same src: ids as the English field; no figure the English does not have (small counts aside)."""
    for b in bases:
        for key, text in ja[b.id].fields.items():
            english = getattr(b, key)
            assert set(SRC_ID.findall(text)) == set(SRC_ID.findall(english)), (b.id, key)
            extra = {n for n in _numbers(text) - _numbers(english) if not (n.isdigit() and int(n) <= 12)}
            assert not extra, (b.id, key, sorted(extra))


def test_no_japanese_quotation_without_a_japanese_source(ja, bases):
    """Quotation marks 「」 would claim an official Japanese text; the bases' notes quote none."""
    for b in bases:
        for key, text in ja[b.id].fields.items():
            if "「" in text:
                assert ja[b.id].sources, (b.id, key)


def test_japanese_text_is_used_for_a_base(catalog, bases):
    from explorer import i18n
    from explorer.present import localize

    futenma = catalog.feature("base:futenma")
    i18n.set_language("ja")
    try:
        assert localize.text(catalog, futenma.id, "municipality", futenma.municipality) == "宜野湾市"
        assert localize.name(futenma) == "普天間飛行場"
    finally:
        i18n.set_language("en")


def test_the_catalog_with_translations_pickles(catalog):
    """The CLI keeps the loaded catalog pickled; the translations must survive the round trip."""
    import pickle

    again = pickle.loads(pickle.dumps(catalog))
    tr = again.translations["ja"]["base:futenma"]
    assert tr.fields["municipality"] == "宜野湾市"
    assert tr == catalog.translations["ja"]["base:futenma"]


# -- towns on the map --------------------------------------------------------------------------


def _build_places():
    return load_tool("build_places")


def test_places_keep_the_japanese_names_the_script_derives(catalog):
    """Every place's name_ja is the one tools/build_places.py takes from CLDR or, for a place in Japan,
    from GeoNames' alternate names; the loader keeps it, and the source says which."""
    names = _build_places().japanese_names()
    assert names[("JP", "Tokyo")] == "東京" and names[("KR", "Seoul")] == "ソウル"
    places = list(catalog.places.values())
    assert len(places) == 272
    for p in places:
        cldr = names.get((p.country, p.name), "")
        refs = {s.id: s.at for s in p.sources}
        if cldr:
            assert p.name_ja == cldr and "src:cldr-exemplar-cities" in refs, p.id
        elif p.name_ja:
            assert p.country == "JP" and "alternate names" in refs["src:geonames-cities15000"], p.id
        else:
            assert "src:cldr-exemplar-cities" not in refs, p.id
    assert sum(bool(p.name_ja) for p in places) == 137
