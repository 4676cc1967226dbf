"""One search over features, provisions and controversies, on the real atlas."""

from __future__ import annotations

import pytest

from explorer.atlas.search import EXACT, PREFIX, SUBSTRING, WORD_START, SearchIndex, fold, match_quality


@pytest.fixture(scope="module")
def index(catalog):
    return SearchIndex.build(catalog)


def ids(hits):
    return [h.id for h in hits]


@pytest.mark.parametrize("a, b", [
    ("キャンプ", "きゃんぷ"),
    ("ｷｬﾝﾌﾟ", "きゃんぷ"),          # half-width katakana
    ("ＦＵＴＥＮＭＡ", "futenma"),    # full-width Latin
    ("Ōha", "oha"),
    ("Café", "CAFE"),
    ("ガ", "が"),                    # voicing mark kept, kana folded
    ("  Camp   Hansen ", "camp hansen"),
])
def test_fold_equivalences(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_distinctions_that_matter():
    assert fold("が") != fold("か")
    assert fold("パ") != fold("ハ")
    assert fold("普天間") == "普天間"


def test_match_quality_ranks():
    assert match_quality("camp", "camp") == EXACT
    assert match_quality("camp", "camp hansen") == PREFIX
    assert match_quality("hansen", "camp hansen") == WORD_START
    assert match_quality("ansen", "camp hansen") == SUBSTRING
    assert match_quality("ansen", "ansenx ansen") == PREFIX
    assert match_quality("x", "camp") == 0
    assert match_quality("", "camp") == 0


def test_katakana_finds_every_camp(index, catalog):
    expected = {b.id for b in catalog.layer("bases") if "キャンプ" in b.name_ja}
    for q in ("キャンプ", "きゃんぷ", "ｷｬﾝﾌﾟ"):
        got = index.query(q)
        assert {h.id for h in got} == expected, q
        assert all(h.kind == "base" and h.layer == "bases" for h in got)
    assert len(expected) >= 8
    assert {"base:hansen", "base:schwab", "base:zama"} <= expected


@pytest.mark.parametrize("q", ["普天間", "futenma", "Futenma", "ＦＵＴＥＮＭＡ", "base:futenma"])
def test_futenma_first(index, q):
    hits = index.query(q)
    assert hits and hits[0].id == "base:futenma", ids(hits)
    assert hits[0].name_ja == "普天間飛行場"


def test_futenma_also_finds_the_law_and_the_dispute(index):
    got = ids(index.query("futenma"))
    assert "controversy:futenma-henoko" in got
    assert got.index("base:futenma") < got.index("controversy:futenma-henoko")


def test_hiragana_reading_of_kanji_is_not_derived(index):
    # Documented limit: no dictionary, so a kana reading of a kanji name does not match.
    assert "base:futenma" not in ids(index.query("ふてんま"))


def test_prefix_ranks_above_word_start_above_substring(index):
    hits = index.query("kadena")
    assert ids(hits)[:2] == ["base:kadena", "base:kadena-ammo"]
    assert hits[0].score > hits[1].score > hits[-1].score


def test_every_provision_title_finds_it(index, catalog):
    for p in catalog.provisions.values():
        hits = index.query(p.title)
        assert p.id in ids(hits), p.id
        top = [h for h in hits if h.score == hits[0].score]
        assert p.id in ids(top), (p.id, ids(hits)[:3])
        hit = next(h for h in hits if h.id == p.id)
        assert hit.kind == "provision" and hit.layer == "" and p.short in hit.name


def test_provision_short_and_article(index):
    hits = index.query("SOFA, Art. XVII")
    assert hits[0].id == "provision:sofa-art17"
    assert "provision:treaty1960-art6" in ids(index.query("1960 treaty art. vi"))


def test_every_controversy_title_finds_it_first(index, catalog):
    for c in catalog.controversies.values():
        hits = index.query(c.title)
        assert hits[0].id == c.id, (c.id, ids(hits)[:3])
        assert hits[0].kind == "controversy"


def test_states_and_threats(index):
    assert index.query("尖閣")[0].id == "threat:senkaku"
    assert index.query("Japan")[0].id == "state:jpn"
    assert index.query("Japan")[0].kind == "state"


def test_words_in_any_order(index):
    assert ids(index.query("hansen camp")) == ["base:hansen"]


def test_empty_and_unmatched(index):
    assert index.query("") == []
    assert index.query("   ") == []
    assert index.query("zzzqqq") == []


def test_limit(index):
    assert len(index.query("a", limit=5)) == 5
    assert index.query("a", limit=0) == []
