"""The app's language: one message catalogue for the window, the page, the exports and the CLI.

Every string a person reads is written in English in the code, wrapped in
:func:`tr` (or marked with :func:`N_` where it sits in a table built at import
time), and looked up in ``resources/i18n/<lang>.po``: a gettext catalogue kept
with Babel (``python tools/build_catalogs.py`` extracts, merges and compiles).
English needs no catalogue at all; the lookup is the identity.

The language is one process-wide value, set once at start (``--lang``, the
saved choice, or the locale) and changed only by *View ▸ Language*: the
presenter formats "for one state, in one language", and an export made while
the window speaks Japanese speaks Japanese too. Qt-free, so the model,
presenter, exports and CLI share it with the window.

Placeholders are ``{name}`` fields, filled by :func:`tr` after the lookup, so a
translation may put them in any order its grammar needs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from typing import Any, Callable

#: The languages the app speaks, in the order the View ▸ Language menu lists them.
LANGUAGES: tuple[str, ...] = ("en", "ja")
#: Each language's name in itself (menus show a language in its own words).
NATIVE_NAMES: dict[str, str] = {"en": "English", "ja": "日本語"}
DEFAULT = "en"

_language = DEFAULT
_catalogues: dict[str, dict[str, str]] = {}
_listeners: list[Callable[[str], None]] = []


def language() -> str:
    """The language the app speaks now (``"en"`` or ``"ja"``)."""
    return _language


def is_japanese() -> bool:
    return _language == "ja"


def parse_language(value: str | None) -> str | None:
    """``"ja"``, ``"ja_JP.UTF-8"``, ``"JA"`` → ``"ja"``; anything the app does not speak → None."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for, as gettext reads it: ``LC_ALL``, ``LC_MESSAGES``, ``LANG``.

    The first of them that is set decides (an empty value is unset, as in
    POSIX); ``ja_*`` gives Japanese and anything else English. ``LANGUAGE``
    (a GNU preference list) is read first when the locale is not ``C``.
    """
    env = os.environ if environ is None else environ
    chosen = ""
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(key):
            chosen = env[key]
            break
    if chosen and chosen not in ("C", "POSIX") and env.get("LANGUAGE"):
        for item in env["LANGUAGE"].split(":"):
            lang = parse_language(item)
            if lang:
                return lang
            if item:
                break
    return parse_language(chosen) or DEFAULT


def set_language(lang: str) -> None:
    """Speak ``lang`` from now on; listeners (the window) are told when it changes."""
    lang = parse_language(lang) or DEFAULT
    global _language
    if lang == _language:
        return
    _language = lang
    for listener in list(_listeners):
        listener(lang)


def subscribe(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(lang)`` on every change; returns the function that unsubscribes."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def messages(lang: str) -> dict[str, str]:
    """The messages of ``lang`` (msgid → msgstr, translated entries only), read once."""
    if lang == DEFAULT:
        return {}
    if lang not in _catalogues:
        from explorer.i18n.catalogue import load

        _catalogues[lang] = load(lang)
    return _catalogues[lang]


def forget_catalogues() -> None:
    """Drop the loaded catalogues (tests that edit a catalogue, and a language reload)."""
    _catalogues.clear()


def tr(message: str, /, lang: str | None = None, **fields: Any) -> str:
    """``message`` in the current language, with ``{fields}`` filled in.

    A message the catalogue lacks is shown in English rather than not at all
    (the catalogue test keeps that from shipping).
    """
    lang = lang or _language
    text = messages(lang).get(message, message) if lang != DEFAULT else message
    return text.format(**fields) if fields else text


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (tables built at import)."""
    return message


class Lazy(Mapping[str, str]):
    """A table of marked English phrases that answers in the current language.

    ``labels.FACT["area"]`` reads "Area" or 「面積」 depending on the language at
    the moment it is read, so tables built at import time stay correct after
    *View ▸ Language*.
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = dict(table)

    def __getitem__(self, key: str) -> str:
        return tr(self._table[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def english(self, key: str) -> str:
        return self._table[key]


_ERA_FREE_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                    "October", "November", "December")


def format_date(value: dt.date | str, precision: str = "day", lang: str | None = None) -> str:
    """A date as a reader of the language writes it: ``29 February 2024`` / ``2024年2月29日``.

    ``precision`` is ``year``, ``month`` or ``day`` (a partial date shows only what
    is known: ``2024年2月``). A string is an ISO date (``2024``, ``2024-02``,
    ``2024-02-29``) and sets its own precision.
    """
    lang = lang or _language
    if isinstance(value, str):
        parts = value.split("-")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        precision = ("year", "month", "day")[len(parts) - 1]
    else:
        year, month, day = value.year, value.month, value.day
    if lang == "ja":
        if precision == "year":
            return f"{year}年"
        if precision == "month":
            return f"{year}年{month}月"
        return f"{year}年{month}月{day}日"
    if precision == "year":
        return str(year)
    if precision == "month":
        return f"{_ERA_FREE_MONTHS[month - 1]} {year}"
    return f"{day} {_ERA_FREE_MONTHS[month - 1]} {year}"


def join(items: list[str], lang: str | None = None) -> str:
    """A list in running text: ``a, b`` in English, ``a、b`` in Japanese."""
    return ("、" if (lang or _language) == "ja" else ", ").join(items)
