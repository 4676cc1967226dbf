"""A briefing step as one plain structure: what the dock, the booklet and the HTML page show.

The words are decided here once: the record names a step links to, its
citations (``dossier.cite``, the one citation format) and its progress text.
Renderers only lay this out.
"""

from __future__ import annotations

import re
from typing import Any

from explorer.atlas.briefing import Briefing, Step
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import SourceRef
from explorer.present import localize
from explorer.present.dossier import cite, cites, provision_short


def record_name(catalog: Catalog, rid: str) -> tuple[str, str]:
    """(kind, readable name) of any record id a step can name; the id itself when unknown."""
    if rid in catalog.features:
        f = catalog.features[rid]
        name = localize.name(f)
        other = next((n for n in (f.name_ja, f.name) if n and n != name), "") if f.name_ja else ""
        return "feature", name + (f"  {other}" if other else "")
    if rid in catalog.provisions:
        p = catalog.provisions[rid]
        return "provision", f"{provision_short(catalog, rid)} — {localize.text(catalog, rid, 'title', p.title)}"
    if rid in catalog.controversies:
        return "controversy", localize.text(catalog, rid, "title", catalog.controversies[rid].title)
    if rid in catalog.figures:
        return "figure", localize.text(catalog, rid, "label", catalog.figures[rid].label)
    return "unknown", rid


def paragraphs(catalog: Catalog, step: Step) -> list[str]:
    """The step's paragraphs in the reader's language; English ones end with the original-language mark."""
    loc = localize.localized(catalog, f"briefing:{step.id}", "text", step.text)
    if not loc.fallback:
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", loc.text.strip()) if p.strip()]
    out = list(step.paragraphs)
    if out:
        out[-1] = localize.with_mark(out[-1])
    return out


def progress_text(index: int, total: int) -> str:
    """``3 / 14`` for the third of fourteen steps (``index`` counts from 0)."""
    return f"{index + 1} / {total}"


def step_dict(catalog: Catalog, step: Step, index: int = 0, total: int = 1) -> dict[str, Any]:
    """Everything a reader sees of one step, as JSON-able data (the state stays in its JSON form)."""
    records = []
    for rid in step.records:
        kind, name = record_name(catalog, rid)
        records.append({"id": rid, "kind": kind, "name": name})
    return {
        "id": step.id, "title": localize.text(catalog, f"briefing:{step.id}", "title", step.title),
        "paragraphs": paragraphs(catalog, step),
        "records": records,
        "sources": cites(catalog, [SourceRef(sid) for sid in step.sources], f"briefing:{step.id}"),
        "state": step.state_json(),
        "index": index, "progress": progress_text(index, total),
    }


def briefing_dict(catalog: Catalog, briefing: Briefing) -> dict[str, Any]:
    n = len(briefing.steps)
    return {"title": localize.text(catalog, "briefing", "title", briefing.title),
            "subtitle": localize.text(catalog, "briefing", "subtitle", briefing.subtitle),
            "steps": [step_dict(catalog, s, i, n) for i, s in enumerate(briefing.steps)]}


def all_sources(catalog: Catalog, briefing: Briefing) -> list[dict[str, Any]]:
    """Every source the briefing cites, once each, in order of first citation."""
    seen: dict[str, None] = {}
    for s in briefing.steps:
        for sid in s.sources:
            seen.setdefault(sid)
    return [cite(catalog.sources, SourceRef(sid)) for sid in seen]


__all__ = ["step_dict", "briefing_dict", "all_sources", "record_name", "progress_text"]
