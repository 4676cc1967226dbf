"""One search box over everything: features, provisions and controversies.

A reader types what they remember: "futenma", "普天間", "キャンプ", a
full-width "ＦＵＴＥＮＭＡ" from a Japanese IME, "Oha" for "Ōha", or the title
of a treaty article. Every string is folded once, at build time, with
:func:`fold`, and the query with the same function, so matching is plain
substring search on folded text:

- NFKC then casefold: full-width and half-width forms, and case, vanish.
- Accents: NFKD, then combining marks are dropped, except the kana voicing
  marks (U+3099/U+309A), which change the word (か≠が); then NFC again.
- Katakana is folded to hiragana, so キャンプ, きゃんぷ and ｷｬﾝﾌﾟ meet.

Japanese readings: a hiragana reading such as ふてんま cannot be derived from
the kanji 普天間 without a dictionary. The one small pure-Python option,
pykakasi, is GPL-3.0-or-later, which this MIT project does not take on; so
kanji match by substring (普天間 finds 普天間飛行場), kana-written names by
kana in either script, and everything by its romanised English name or id
slug ("futenma"), but ふてんま finds nothing.

Ranking: an exact match beats a prefix match, which beats a match at the
start of a later word, which beats one in the middle of a word; matches in
names and titles rank above those in ids, instruments and article labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from explorer.atlas.catalog import Catalog

HitKind = Literal["base", "state", "threat", "provision", "controversy", "user"]
#: Ties of score rank by kind: the atlas's own records first, a user's own layers' features last.
_KIND_ORDER = {"base": 0, "state": 1, "threat": 2, "provision": 3, "controversy": 4, "user": 5}
_ATLAS_KINDS = {"bases": "base", "states": "state", "threats": "threat"}

#: Katakana ァ..ヶ and the iteration marks ヽヾ, shifted onto their hiragana.
_KATA_TO_HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)} | {0x30FD: 0x309D, 0x30FE: 0x309E}
_KANA_MARKS = {"\u3099", "\u309a"}
_SPACE_RE = re.compile(r"\s+")

# Match qualities; a primary field adds _PRIMARY so it wins ties of quality.
EXACT, PREFIX, WORD_START, SUBSTRING = 4.0, 3.0, 2.0, 1.0
_PRIMARY = 0.5


def fold(text: str) -> str:
    """Width-, case-, accent- and kana-insensitive form of ``text`` (see module doc)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if ch in _KANA_MARKS or not unicodedata.combining(ch))
    t = unicodedata.normalize("NFC", t).translate(_KATA_TO_HIRA)
    return _SPACE_RE.sub(" ", t).strip()


def match_quality(needle: str, hay: str) -> float:
    """How well folded ``needle`` matches folded ``hay``: 0 (not at all) to EXACT."""
    if not needle:
        return 0.0
    if hay == needle:
        return EXACT
    if hay.startswith(needle):
        return PREFIX
    best = 0.0
    pos = hay.find(needle)
    while pos > 0:
        if not hay[pos - 1].isalnum():
            return WORD_START
        best = SUBSTRING
        pos = hay.find(needle, pos + 1)
    return best


@dataclass(frozen=True)
class Hit:
    """One search result: what it is, its id and names, and how well it matched."""

    kind: HitKind
    id: str
    name: str
    name_ja: str
    layer: str
    score: float


@dataclass(frozen=True)
class _Entry:
    kind: HitKind
    id: str
    name: str
    name_ja: str
    layer: str
    keys: tuple[tuple[str, bool], ...]  # (folded text, is primary)

    def score(self, needle: str) -> float:
        best = 0.0
        for key, primary in self.keys:
            q = match_quality(needle, key)
            if q:
                best = max(best, q + (_PRIMARY if primary else 0.0))
        return best


def _keys(primary: list[str], secondary: list[str]) -> tuple[tuple[str, bool], ...]:
    out: dict[str, bool] = {}
    for text in primary:
        if text and fold(text):
            out.setdefault(fold(text), True)
    for text in secondary:
        if text and fold(text):
            out.setdefault(fold(text), False)
    return tuple(out.items())


@dataclass(frozen=True)
class SearchIndex:
    """Folded keys for every searchable record, built once per catalog."""

    entries: tuple[_Entry, ...]

    @classmethod
    def build(cls, catalog: Catalog) -> "SearchIndex":
        entries: list[_Entry] = []
        for f in catalog.features.values():
            slug = f.id.split(":", 1)[-1]
            kind = _ATLAS_KINDS.get(f.layer, "user")
            entries.append(_Entry(kind, f.id, f.name, f.name_ja, f.layer,  # type: ignore[arg-type]
                                  _keys([f.name, f.name_ja, slug], [f.id])))
        for p in catalog.provisions.values():
            entries.append(_Entry("provision", p.id, f"{p.short}: {p.title}", "", "",
                                  _keys([p.short, p.title], [p.article, p.instrument, p.id.split(":", 1)[-1]])))
        for c in catalog.controversies.values():
            entries.append(_Entry("controversy", c.id, c.title, "", "",
                                  _keys([c.title], [c.id.split(":", 1)[-1]])))
        return cls(tuple(entries))

    def query(self, text: str, limit: int = 50) -> list[Hit]:
        """Best matches first; ``[]`` for an empty query or when nothing matches.

        The whole query is matched first; if it matches nowhere in a record,
        every whitespace-separated word must match somewhere in it (at half
        the score), so "hansen camp" still finds Camp Hansen.
        """
        needle = fold(text)
        if not needle or limit <= 0:
            return []
        words = needle.split(" ")
        scored: list[tuple[float, int, int, _Entry]] = []
        for i, e in enumerate(self.entries):
            s = e.score(needle)
            if not s and len(words) > 1:
                per_word = [e.score(w) for w in words]
                s = 0.5 * min(per_word) if all(per_word) else 0.0
            if s:
                scored.append((-s, _KIND_ORDER[e.kind], i, e))
        # User features rank after every atlas record: the atlas's own answers come first.
        scored.sort(key=lambda t: (t[1] == _KIND_ORDER["user"], t[0], t[1], t[2]))
        return [Hit(e.kind, e.id, e.name, e.name_ja, e.layer, -neg) for neg, _, _, e in scored[:limit]]


__all__ = ["SearchIndex", "Hit", "fold", "match_quality"]
