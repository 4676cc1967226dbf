"""The Japanese text read as one edition: one source record per document, one term for one thing.

Four people wrote geodata/ja/ in parallel; these checks hold the files to the same house style
(docs/glossary-ja.md): a Japanese document is cited under one id, facilities and instruments
carry the names MOD and MOFA give them, and sentences, headings, ranges and units look the same
in every file. A word inside 「」 is a quotation or a quoted nickname and is left as it was read.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
JA_FILES = sorted((ROOT / "geodata" / "ja").glob("*.toml"))
JA_SOURCE_FILES = sorted((ROOT / "geodata" / "sources").glob("*_ja.toml"))
GLOSSARY = ROOT / "docs" / "glossary-ja.md"

#: A form the Japanese edition does not use outside a quotation, and the form it uses instead.
AVOID = {
    "思いやり予算": "在日米軍駐留経費負担",
    "普天間基地": "普天間飛行場",
    "嘉手納基地": "嘉手納飛行場",
    "横田基地": "横田飛行場",
    "岩国基地": "岩国飛行場",
    "キャンプシュワブ": "キャンプ・シュワブ",
    "キャンプハンセン": "キャンプ・ハンセン",
    "再編実施のための日米ロードマップ": "再編実施のための日米のロードマップ",
    "2プラス2": "「2+2」",
    "SOFA": "日米地位協定",
    "ヘクタール": "ha",
    "平方キロ": "km²",
    "～": "〜",
    "The Japan Times": "ジャパンタイムズ",
}
#: Fields written as です・ます sentences, and fields that are headings, names or labels.
SENTENCES = {"summary", "note", "text", "role_text", "description", "valid_note", "valid_from_note",
             "valid_to_note", "status_note", "band_sources", "reference_point", "response"}
HEADINGS = {"title", "subtitle", "short", "instrument", "article", "label", "name", "system", "units",
            "island", "municipality"}
QUOTED = re.compile(r"「[^「」]*」")


def _texts():
    """(file, record id, field, text) for every text field of the Japanese files."""
    for path in JA_FILES:
        for rid, table in tomllib.loads(path.read_text(encoding="utf-8")).items():
            for key, value in table.items():
                if isinstance(value, str):
                    yield path.name, rid, key, value


def _ja_sources():
    for path in JA_SOURCE_FILES:
        for record in tomllib.loads(path.read_text(encoding="utf-8")).get("source", []):
            yield path.name, record


def _same_page(url: str) -> str:
    """A URL without what does not change the page: scheme, www., a trailing slash."""
    url = re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/")
    return url.lower()


def test_the_files_are_there():
    names = {p.name for p in JA_FILES}
    assert {"provisions.toml", "controversies.toml", "states.toml", "figures.toml", "briefing.toml",
            "threats.toml"} <= names
    assert {"law_ja.toml", "story_ja.toml", "brief_ja.toml"} <= {p.name for p in JA_SOURCE_FILES}


def test_no_two_japanese_source_records_share_a_url():
    seen = defaultdict(list)
    for name, record in _ja_sources():
        if record.get("url"):
            seen[_same_page(record["url"])].append(f"{name}:{record['id']}")
    shared = {url: ids for url, ids in seen.items() if len(ids) > 1}
    assert not shared, shared


def test_no_two_japanese_source_records_name_the_same_document():
    seen = defaultdict(list)
    for name, record in _ja_sources():
        seen[re.sub(r"\s", "", record["title"])].append(f"{name}:{record['id']}")
    twice = {title: ids for title, ids in seen.items() if len(ids) > 1}
    assert not twice, twice


def test_the_treaty_and_the_strategy_are_cited_under_one_id_each():
    cited = defaultdict(set)
    for path in JA_FILES:
        for rid, table in tomllib.loads(path.read_text(encoding="utf-8")).items():
            for ref in table.get("sources", []):
                cited[ref["id"]].add(rid)
    assert "controversy:senkaku-article5" in cited["src:law-treaty1960-ja"]
    assert "briefing:core" in cited["src:law-treaty1960-ja"]
    assert {"briefing:contemporary", "briefing:north-korea", "state:prk", "state:chn"} <= cited["src:law-nss2022-ja"]
    for gone in ("src:bja-treaty1960-ja", "src:bja-nss2022-ja", "src:sja-jiji-treaty-art5", "src:sja-fdma-nss-2022"):
        assert gone not in cited, gone


@pytest.mark.parametrize("avoided", sorted(AVOID))
def test_the_preferred_term_outside_quotations(avoided):
    found = [(name, rid, key) for name, rid, key, text in _texts() if avoided in QUOTED.sub("", text)]
    assert not found, f"{avoided} → {AVOID[avoided]}: {found}"


def test_host_nation_support_is_named_officially_and_the_nickname_only_quoted():
    texts = {(rid, key): text for _name, rid, key, text in _texts()}
    title = texts[("controversy:host-nation-support", "title")]
    assert title.startswith("在日米軍駐留経費負担") and "「思いやり予算」" in title


def test_one_house_style_for_sentences_headings_dates_ranges_and_units():
    for name, rid, key, text in _texts():
        where = (name, rid, key)
        bare = QUOTED.sub("", text)
        if key in SENTENCES:
            assert text.rstrip().endswith("。"), where
            assert "である。" not in bare and "だ。" not in bare, where
        if key in HEADINGS:
            assert not text.endswith("。"), where
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", re.sub(r"src:[a-z0-9-]+", "", text)), where
        assert not re.search(r"\d\s+(?:ha|km)\b", text), where  # 5,000ha, 4,600km
        assert not re.search(r"\d～\d", text), where  # ranges with 〜
        assert '"' not in text and "“" not in text, where  # 「」 for quotations, 『』 for titles


def test_the_glossary_gives_the_terms_the_text_uses():
    glossary = GLOSSARY.read_text(encoding="utf-8")
    for preferred in ("在日米軍駐留経費負担", "普天間飛行場", "嘉手納飛行場", "横田飛行場", "岩国飛行場",
                      "キャンプ・シュワブ", "キャンプ・ハンセン", "再編実施のための日米のロードマップ",
                      "「2+2」", "日米地位協定", "日米安全保障条約", "日米安保条約", "〜", "ha", "km"):
        assert preferred in glossary, preferred
