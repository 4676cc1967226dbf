"""Whole-atlas checks: the things no single record can know about itself.

The checks of records live in :mod:`explorer.atlas.record_checks` and a strict
``Catalog.load`` runs them too, so the app loads nothing this module refuses and
says why in the same words; only the source warnings and the briefing's map
states are checked here alone.

The loaders already report malformed records (missing fields, bad dates, bad
geometry types, duplicate ids). Here we check what spans records and files:
every reference resolves, every cited source exists, every base gives the
source and precision of its position and dates its units, geometry is
valid and in the region, and every base stands on land (or within 2 km of the
basemap's coast, which is simplified). A swapped lat/lon lands a base in the
Indian Ocean or off the map, so the region check catches it.

Every provision must be reachable by a reader: from a feature or a state's
treaties, from a controversy, through another reachable provision's
``related`` list, or be marked ``browse_only`` with a note saying why.
Sources a reader cannot follow (no URL) or cannot place in time (no date and
no ``date_note``) are reported as warnings: they do not fail validation. So
are base positions short of the 1 km target; a note saying "POSITION
UNVERIFIED" beside a precision finer than 3 km is an error.

Timeline (issue 10): every interval runs forwards (``valid_from`` before
``valid_to``; a controversy's ``start`` not after its ``end``); a
``superseded_by`` names a provision whose start is exactly this one's
``valid_to``; a date of validity a record gives itself cites where it was read
(``valid_sources``); a base whose start is unknown says so (``valid_from_note``;
a warning, so bases added without dates still load).
Dates that do not parse are reported by the loaders.

Reader-facing text (names, notes, summaries, descriptions, citation locators,
the briefing) reads as prose: no record ids, backticks, issue numbers, software
names, field names or remarks on the editing work (``explorer.atlas.prose``;
source ids are allowed where the presenter turns them into numbered citations).
Each controversy highlights exactly the features its dossier lists under "Also
concerns": every feature that names a controversy is in that controversy's own
``features`` list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

from explorer.atlas import briefing as briefing_mod
from explorer.atlas import prose
from explorer.atlas.catalog import Catalog
from explorer.atlas.loaders import Problem
from explorer.atlas.record_checks import (BASE_BOXES, COAST_TOLERANCE_KM, JAPAN_BOX, KOREA_BOX, RECORD_CHECKS,  # noqa: F401
                                          REGION, UNVERIFIED_MIN_M, _box, _check_base_on_land, run_checks)

def _check_sources(catalog: Catalog, root: Path, out: list[Problem]) -> None:
    """Warn about sources a reader cannot follow or date; they do not fail validation."""
    files = _source_files(root)
    for sid, s in catalog.sources.items():
        file = files.get(sid, "sources/")
        if not s.url:
            out.append(Problem(file, sid, "url", "source has no url: a reader cannot follow it",
                               severity="warning"))
        if not s.date and not s.date_note:
            out.append(Problem(file, sid, "date", "source has no date and no date_note saying why",
                               severity="warning"))


def _source_files(root: Path) -> dict[str, str]:
    """Which ``sources/*.toml`` defines each source id (the catalog does not keep it)."""
    import tomllib

    out: dict[str, str] = {}
    for path in sorted((root / "sources").glob("*.toml")):
        try:
            rows = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
        except (OSError, ValueError):  # already reported by the loader
            continue
        for raw in rows if isinstance(rows, list) else []:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                out.setdefault(raw["id"], f"sources/{path.name}")
    return out


#: Checks a step's map state beyond what the model knows (``MapState.from_json``, passed in by the
#: CLI: the model may not import the map layer). Raises with a message for a bad state.
StateCheck = Callable[[Mapping[str, Any]], object]


def check_briefing(catalog: Catalog, root: Path | str, out: list[Problem],
                   check_state: StateCheck | None = None) -> None:
    """``briefing.toml``: every step's records, sources and map state name things that exist.

    Each problem names the file, the step (number and id) and the field, e.g.
    ``briefing.toml:step 4 (futenma):state.selected``.
    """
    briefing, problems = briefing_mod.load(root)
    out.extend(problems)
    if briefing is None:
        return
    file = briefing_mod.FILE
    out.extend(prose.briefing_problems(briefing, file))
    records = {**catalog.features, **catalog.provisions, **catalog.controversies, **catalog.figures}
    layers = {f.layer for f in catalog.features.values()}
    for i, step in enumerate(briefing.steps, 1):
        where = f"step {i} ({step.id})"
        for rid in step.records:
            if rid not in records:
                out.append(Problem(file, where, "records", f"record {rid!r} is not defined"))
        for sid in step.sources:
            if sid not in catalog.sources:
                out.append(Problem(file, where, "sources", f"source {sid!r} is not defined"))
        state = step.state
        cam = state.get("camera", {})
        focus = cam.get("focus", "") if isinstance(cam, Mapping) else ""
        for key, ids in (("selected", [state.get("selected", "")]), ("highlight", state.get("highlight", ())),
                         ("camera.focus", [focus])):
            for fid in ids if isinstance(ids, (list, tuple)) else []:
                if fid and fid not in catalog.features:
                    out.append(Problem(file, where, f"state.{key}", f"feature {fid!r} is not defined"))
        for layer in state.get("layers", ()) if isinstance(state.get("layers", ()), (list, tuple)) else ():
            if layer not in layers:
                out.append(Problem(file, where, "state.layers", f"layer {layer!r} has no features in this atlas"))
        if check_state is not None:
            try:
                check_state(briefing_mod.thaw(state))
            except Exception as exc:  # noqa: BLE001 - any refusal of the state is the step's problem
                out.append(Problem(file, where, "state", str(exc)))


def validate(root: Path | str, check_state: StateCheck | None = None) -> list[Problem]:
    """Every problem in a data directory, loader problems first.

    ``check_state`` (``MapState.from_json`` from the CLI) also checks each briefing step's map state.
    """
    return validate_catalog(Catalog.load(root, strict=False), root, check_state)


def validate_catalog(catalog: Catalog, root: Path | str, check_state: StateCheck | None = None) -> list[Problem]:
    """:func:`validate` for a catalog already loaded (``strict=False``) from ``root``."""
    out = list(catalog.problems)
    root_path = Path(root)
    return run_checks(catalog, out, (*RECORD_CHECKS, lambda c, o: _check_sources(c, root_path, o),
                                     lambda c, o: check_briefing(c, root, o, check_state)))


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that fail validation (warnings left out)."""
    return [p for p in problems if p.severity != "warning"]
