"""The atlas's text in the reader's language, and an honest mark where there is none yet.

The English records are the reference. In Japanese, a field shows its
translation from ``geodata/ja/`` when there is one; otherwise the English, with
the short marker 「原文は英語です」 so a reader knows why, never an empty field.
Names come from the records' own ``name_ja``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer import i18n
from explorer.atlas.records import SourceRef
from explorer.i18n import tr


@dataclass(frozen=True)
class Localized:
    """A text and the language it is written in."""

    text: str
    lang: str

    @property
    def fallback(self) -> bool:
        """True when the reader asked for another language and gets the English original."""
        return bool(self.text) and self.lang != i18n.language()


def localized(catalog: Any, rid: str, key: str, english: str, lang: str | None = None) -> Localized:
    """Field ``key`` of record ``rid`` in ``lang`` (the app's language by default)."""
    lang = lang or i18n.language()
    if lang != i18n.DEFAULT and english:
        tr_ = getattr(catalog, "translations", {}).get(lang, {}).get(rid)
        if tr_ is not None and key in tr_.fields:
            return Localized(tr_.fields[key], lang)
    return Localized(english, i18n.DEFAULT)


def text(catalog: Any, rid: str, key: str, english: str) -> str:
    """Field ``key`` in the reader's language (or the English original), without a marker."""
    return localized(catalog, rid, key, english).text


def original_mark() -> str:
    """The words that say a text is shown in its original English (in Japanese: 「原文は英語です」)."""
    return tr("The original is in English")


def marked(catalog: Any, rid: str, key: str, english: str) -> str:
    """As :func:`text`, followed by the original-language mark when it falls back to English."""
    loc = localized(catalog, rid, key, english)
    return with_mark(loc.text) if loc.fallback else loc.text


def with_mark(text: str) -> str:
    """``text`` followed by the original-language mark: ``… （原文は英語です）``."""
    return tr("{text} ({mark})", text=text, mark=original_mark())


def name(feature: Any, lang: str | None = None) -> str:
    """A feature's name in the reader's language: ``name_ja`` in Japanese when the record has one."""
    lang = lang or i18n.language()
    if lang == "ja" and getattr(feature, "name_ja", ""):
        return feature.name_ja
    return feature.name


def translation_sources(catalog: Any, rid: str, lang: str | None = None) -> tuple[SourceRef, ...]:
    """The documents in the reader's language that a translated record quotes (official texts)."""
    lang = lang or i18n.language()
    tr_ = getattr(catalog, "translations", {}).get(lang, {}).get(rid)
    return tr_.sources if tr_ is not None else ()
