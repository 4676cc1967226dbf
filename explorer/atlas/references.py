"""The cheap cross-record checks: every id a record names resolves.

A strict load of the atlas runs them (``Catalog.load``), and so does
``validate`` with the rest; they live here, below both, so that neither
imports the other. ``catalog`` is any object with the catalog's mappings.
"""

from __future__ import annotations

from typing import Any

from explorer.atlas.loaders import Problem
from explorer.atlas.records import SourceRef


def file_of(catalog: Any, fid: str) -> str:
    """The data file a record was read from (for a problem's location)."""
    if fid in catalog.files:
        return catalog.files[fid]
    prefix = fid.split(":", 1)[0]
    return {"base": "bases/", "state": "states.toml", "threat": "threats.geojson",
            "provision": "provisions.toml", "controversy": "controversies.toml"}.get(prefix, "")


def check_refs(catalog: Any, out: list[Problem]) -> None:
    """Every id a record names resolves: provisions, controversies, states, sources."""
    def need(file: str, rid: str, field_: str, ref: str, pool: dict, what: str) -> None:
        if ref not in pool:
            out.append(Problem(file, rid, field_, f"{what} {ref!r} is not defined"))

    def cite(file: str, rid: str, refs: tuple[SourceRef, ...]) -> None:
        for ref in refs:
            need(file, rid, "sources", ref.id, catalog.sources, "source")

    for fid, f in catalog.features.items():
        file = file_of(catalog, fid)
        for pid in f.provisions:
            need(file, fid, "provisions", pid, catalog.provisions, "provision")
        for pid in f.invokes:
            need(file, fid, "invokes", pid, catalog.provisions, "provision")
        for cid in f.controversies:
            need(file, fid, "controversies", cid, catalog.controversies, "controversy")
        for tie in getattr(f, "treaties", ()):
            for pid in tie.provisions:
                need(file, fid, "treaties", pid, catalog.provisions, "provision")
        for claimant in getattr(f, "claimants", ()):
            need(file, fid, "claimants", claimant.state, catalog.features, "state")
        cite(file, fid, f.sources)
    for pid, p in catalog.provisions.items():
        cite("provisions.toml", pid, p.sources)
    for rid, place in catalog.places.items():
        cite(catalog.files.get(rid, "places/"), rid, place.sources)
    for cid, c in catalog.controversies.items():
        for fid in c.features:
            need("controversies.toml", cid, "features", fid, catalog.features, "feature")
        for pid in c.provisions:
            need("controversies.toml", cid, "provisions", pid, catalog.provisions, "provision")
        cite("controversies.toml", cid, c.sources)
    for pid, p in catalog.provisions.items():
        for rel in p.related:
            need("provisions.toml", pid, "related", rel, catalog.provisions, "provision")
    for gid, g in catalog.figures.items():
        cite("figures.toml", gid, g.sources)


def reference_problems(catalog: Any) -> list[Problem]:
    """The cheap cross-record checks (every id resolves), which a strict load also runs."""
    out: list[Problem] = []
    check_refs(catalog, out)
    return out


__all__ = ["reference_problems", "check_refs", "file_of"]
