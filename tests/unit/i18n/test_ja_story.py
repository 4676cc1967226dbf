"""The Japanese text of the controversies, the states and the figures (geodata/ja/), checked against the English.

Every controversy, state and figure reads in Japanese; a quotation in 「」 is either the
Japanese wording the English record already quotes, or words read in a Japanese source the
table cites; years and percentages are the English record's own; no record id or tool word
reaches the reader; and the style is the one chosen for the whole app.
"""

from __future__ import annotations

import re

import pytest

from explorer import i18n
from explorer.atlas.catalog import Catalog
from explorer.present import localize

#: Which English fields each kind of record carries in Japanese, and the file that holds them.
PARTS = {
    "controversy:": ("ja/controversies.toml", ("title", "summary", "note")),
    "state:": ("ja/states.toml", ("role_text", "note")),
    "figure:": ("ja/figures.toml", ("label", "note")),
}
#: Fields written as sentences (です・ます, ending in 。); the others are noun phrases.
SENTENCES = {"summary", "note", "role_text"}

_QUOTE = re.compile(r"「([^「」]+)」")
#: 「…」 spans that mark a name or a nickname, not the words of a document.
_TERMS = {"2+2", "思いやり予算"}
_ID = re.compile(r"\b[a-z]+:[a-z0-9][a-z0-9-]*")
_YEAR = re.compile(r"(?<![\d万億兆])(1[89]\d\d|20\d\d)(?![\d万億])")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent)")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture
def atlas(catalog) -> Catalog:
    """The real atlas (the session's ``catalog``)."""
    return catalog


def _records(atlas: Catalog, prefix: str) -> dict:
    if prefix == "state:":
        return {k: v for k, v in atlas.features.items() if k.startswith(prefix)}
    return {"controversy:": atlas.controversies, "figure:": atlas.figures}[prefix]


def _pairs(atlas: Catalog):
    """(record id, field, English text, Japanese text or None) for every field of this part."""
    ja = atlas.translations.get("ja", {})
    for prefix, (_, fields) in PARTS.items():
        for rid, rec in _records(atlas, prefix).items():
            for key in fields:
                english = getattr(rec, key, "")
                if english:
                    tr = ja.get(rid)
                    yield rid, key, english, (tr.fields.get(key) if tr else None)


def test_every_controversy_state_and_figure_reads_in_japanese(atlas):
    counts = {p: len(_records(atlas, p)) for p in PARTS}
    assert counts == {"controversy:": 27, "state:": 12, "figure:": 22}
    missing = [f"{rid}.{key}" for rid, key, _, text in _pairs(atlas) if not text]
    assert not missing, missing
    ja = atlas.translations["ja"]
    for prefix, (path, _) in PARTS.items():
        for rid in _records(atlas, prefix):
            assert ja[rid].file == path, (rid, ja[rid].file)


def test_the_panel_shows_the_japanese_without_the_english_marker(atlas):
    c = atlas.controversies["controversy:futenma-henoko"]
    i18n.set_language("ja")
    assert localize.marked(atlas, c.id, "title", c.title) == "普天間飛行場の辺野古移設"
    assert not localize.localized(atlas, c.id, "summary", c.summary).fallback
    s = atlas.features["state:prk"]
    assert "従前よりも一層重大かつ差し迫った脅威" in localize.text(atlas, s.id, "role_text", s.role_text)
    assert {r.id for r in localize.translation_sources(atlas, s.id)} == {"src:law-nss2022-ja"}


def test_a_japanese_quotation_is_read_in_a_cited_japanese_source_or_already_in_the_english(atlas):
    ja = atlas.translations["ja"]
    for rid, key, english, text in _pairs(atlas):
        cited = [atlas.sources[r.id] for r in ja[rid].sources]
        read = " ".join(s.note for s in cited if _JAPANESE.search(s.title))
        for quoted in set(_QUOTE.findall(text)) - _TERMS:
            assert f"「{quoted}」" in english or quoted in read, (rid, key, quoted)
    for rid, tr in ja.items():
        if rid.split(":")[0] + ":" in PARTS:
            for ref in tr.sources:  # a cited Japanese source is quoted in this table
                src = atlas.sources[ref.id]
                assert _JAPANESE.search(src.title) and src.url.startswith("http"), ref.id
                assert any(q in src.note for v in tr.fields.values() for q in _QUOTE.findall(v)), (rid, ref.id)


def test_years_and_percentages_are_the_englishs_own(atlas):
    for rid, key, english, text in _pairs(atlas):
        for pattern in (_YEAR, _PERCENT):
            en = set(pattern.findall(re.sub(r"\bsrc:[a-z0-9-]+", "", english)))
            jp = set(pattern.findall(text))
            assert en == jp, (rid, key, sorted(en ^ jp))


def test_no_record_id_or_work_talk_reaches_the_reader(atlas):
    for rid, key, english, text in _pairs(atlas):
        own = set(_ID.findall(english))
        stray = [m for m in _ID.findall(text) if m not in own or not m.startswith("src:")]
        assert not stray, (rid, key, stray)
        for word in ("issue", "provision:", "base:", "今回の作業", "このセッション", "セッション"):
            assert word not in text, (rid, key, word)


def test_the_style_chosen_for_the_app(atlas):
    for rid, key, _, text in _pairs(atlas):
        where = (rid, key)
        if key in SENTENCES:
            assert text.endswith("。"), where
            assert "である。" not in text and "だ。" not in text.replace("とのことだ。", ""), where
        else:
            assert not text.endswith("。"), where
        assert not re.search(r"\d{4}-\d{2}(-\d{2})?", text), where  # dates as 2024年2月29日
        assert not re.search(r"\((?![a-z]\))|(?<!\([a-z])\)", text), where  # full-width （）, except (a)
        assert not re.search(r"[\"'“”‘’]", text), where  # 「」 for quotations, 『』 for titles
        assert "平方キロ" not in text and "ヘクタール" not in text, where  # units as km² and ha


def test_state_names_are_the_foreign_ministrys_with_full_width_parentheses(atlas):
    names = {k: f.name_ja for k, f in atlas.features.items() if k.startswith("state:")}
    assert names["state:kor"] == "大韓民国（韓国）"
    assert names["state:prk"] == "朝鮮民主主義人民共和国（北朝鮮）"
    assert names["state:chn"] == "中華人民共和国（中国）"
    assert names["state:vnm"] == "ベトナム社会主義共和国"
    assert all("(" not in n and ")" not in n for n in names.values()), names


def test_every_public_opinion_series_has_a_japanese_label(atlas):
    from explorer.atlas.opinion import opinion_series

    ja = atlas.translations["ja"]
    series = opinion_series(atlas)
    assert len(series) >= 5
    for s in series:
        labels = {ja[p.figure.id].fields["label"] for p in s.points}
        assert len(labels) == 1 and _JAPANESE.search(labels.pop()), s.key  # one Japanese label per series
