"""The guided briefing in the reader's language, for the booklet and the interactive page (Qt-free).

The briefing's English is the reference (``geodata/briefing.toml``); its
Japanese is a translation kept with the atlas's other translations, under the
ids ``briefing`` (title, subtitle) and ``briefing:<step id>`` (title, text).
A field without a translation stays in English, as everywhere else.
Record names follow the reader's language too (``name_ja`` in Japanese).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from explorer.atlas.briefing import Briefing
from explorer.atlas.catalog import Catalog
from explorer.present import localize
from explorer.present.briefing import briefing_dict


def localized(catalog: Catalog, briefing: Briefing) -> Briefing:
    """``briefing`` with its words in the app's language, where the atlas has them."""
    steps = tuple(replace(s, title=localize.text(catalog, f"briefing:{s.id}", "title", s.title),
                          text=localize.text(catalog, f"briefing:{s.id}", "text", s.text))
                  for s in briefing.steps)
    return replace(briefing, title=localize.text(catalog, "briefing", "title", briefing.title),
                   subtitle=localize.text(catalog, "briefing", "subtitle", briefing.subtitle), steps=steps)


def localized_dict(catalog: Catalog, briefing: Briefing) -> dict[str, Any]:
    """The presenter's briefing dict of the localized briefing, record names in the reader's language."""
    bd = briefing_dict(catalog, localized(catalog, briefing))
    for step in bd["steps"]:
        for r in step["records"]:
            r["name"] = record_name(catalog, r["id"], r["name"])
    return bd


def record_name(catalog: Catalog, rid: str, english: str) -> str:
    """A record's name as a step lists it, in the reader's language where the atlas has it."""
    if rid in catalog.features:
        f = catalog.features[rid]
        return f.name_ja if f.name_ja and localize.name(f) == f.name_ja else english
    if rid in catalog.provisions:
        p = catalog.provisions[rid]
        return f"{localize.text(catalog, rid, 'short', p.short)} — {localize.text(catalog, rid, 'title', p.title)}"
    if rid in catalog.controversies:
        return localize.text(catalog, rid, "title", catalog.controversies[rid].title)
    if rid in catalog.figures:
        return localize.text(catalog, rid, "label", catalog.figures[rid].label)
    return english


__all__ = ["localized", "localized_dict", "record_name"]
