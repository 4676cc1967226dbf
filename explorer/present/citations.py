"""Citations and dates as a reader sees them: the one citation format, source numbers in notes.

Part of the presenter (:mod:`explorer.present.dossier` re-exports these names):
every surface that cites a source or shows a date in running text takes it
from here, so a citation reads the same in the panel, the exports and ``info``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import urlsplit

from explorer import i18n
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Source, SourceRef
from explorer.present import labels, localize


def is_web_url(url: str) -> bool:
    """Only ``http(s)://host`` URLs become links anywhere; ``javascript:`` and the like stay text."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def day(value: object) -> str:
    """A date as the reader's language writes it in running text: ``2024-02-29`` in English (as the data
    gives it), 2024年2月29日 in Japanese. A value that is not an ISO date is shown as it is."""
    text = "" if value is None else str(value)
    if not i18n.is_japanese() or not _ISO.fullmatch(text):
        return text
    return i18n.format_date(text)


# -- citations -----------------------------------------------------------------------

def source_text(src: Source) -> str:
    """Publisher, title, date: one line a reader can find the source by."""
    return i18n.join([p for p in (src.publisher, src.title, day(src.date)) if p])


def cite(sources: dict[str, Source], ref: SourceRef) -> dict[str, Any]:
    """One cited source, resolved: the only citation format in the app.

    ``text`` is what a reader sees (publisher, title, date, locator). ``url``
    is the source's URL as recorded (data, reported as it is); ``link`` says
    whether it may be rendered as a link (only http(s) URLs).
    """
    src = sources.get(ref.id)
    if src is None:
        return {"id": ref.id, "at": ref.at or None, "title": None, "publisher": None, "date": None,
                "url": None, "link": False, "text": f"{ref.id} {labels.SECTION['undefined_source']}"}
    text = i18n.join([source_text(src), ref.at] if ref.at else [source_text(src)])
    return {"id": ref.id, "at": ref.at or None, "title": src.title, "publisher": src.publisher or None,
            "date": src.date or None, "url": src.url or None, "link": is_web_url(src.url), "text": text}


def cites(catalog: Catalog, refs: Iterable[SourceRef], rid: str = "") -> list[dict[str, Any]]:
    """``refs`` resolved; with ``rid``, in Japanese, followed by the official Japanese texts that
    record's translation quotes (``geodata/ja``), each once."""
    refs = list(refs)
    if rid:
        refs += [r for r in localize.translation_sources(catalog, rid) if r not in refs]
    return [cite(catalog.sources, r) for r in refs]


#: A source id written inside a note ("… 3,987 ha, src:oki-marusei-nta) …").
_SRC_IN_TEXT = re.compile(r"\bsrc:[a-z0-9][a-z0-9-]*")


def numbered(catalog: Catalog, sources: list[dict[str, Any]], *texts: str) -> list[str]:
    """``texts`` with each source id they name replaced by its number in ``sources`` ("[2]").

    Data notes name the document a value was read from by id, which is exact but
    unreadable. A reader sees the number of that source in the dossier's list
    instead; an id the list lacks is appended to it (``sources`` is changed in
    place), so every number leads to a citation. Ids the atlas does not know stay
    as they are. Every source in ``sources`` gets its number as ``n``.
    """
    index = {c["id"]: i for i, c in enumerate(sources)}

    def number(m: re.Match) -> str:
        sid = m.group()
        if sid not in catalog.sources:
            return sid
        if sid not in index:
            index[sid] = len(sources)
            sources.append(cite(catalog.sources, SourceRef(sid)))
        return f"[{index[sid] + 1}]"

    out = [_SRC_IN_TEXT.sub(number, t) if t else t for t in texts]
    for i, c in enumerate(sources):
        c["n"] = i + 1
    return out


__all__ = ["is_web_url", "day", "source_text", "cite", "cites", "numbered"]
