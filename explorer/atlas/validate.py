"""Whole-atlas checks: the things no single record can know about itself.

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
from explorer.atlas.references import check_refs as _check_refs, file_of as _file_of
from explorer.atlas.records import TARGET_PRECISION_M, UNVERIFIED_MARK, Base

#: Plausible extent of any feature of this atlas: lon, lat (60–200°E, 50°S–70°N).
REGION = (60.0, -50.0, 200.0, 70.0)
#: Bases must lie within Japan's own box before the land test.
JAPAN_BOX = (122.0, 20.0, 154.0, 46.0)
#: US Forces Korea's facilities (``country`` KOR) must lie within South Korea's box instead.
KOREA_BOX = (124.5, 33.0, 131.0, 38.7)
BASE_BOXES = {"JPN": JAPAN_BOX, "KOR": KOREA_BOX}
COAST_TOLERANCE_KM = 2.0
#: An unchecked point may not claim to be better than this.
UNVERIFIED_MIN_M = 3000


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


def _check_orphans(catalog: Catalog, out: list[Problem]) -> None:
    """Every provision can be reached by a reader (see the module docstring)."""
    roots: set[str] = set()
    for f in catalog.features.values():
        roots.update(f.provisions)
        roots.update(f.invokes)
        for tie in getattr(f, "treaties", ()):
            roots.update(tie.provisions)
    for c in catalog.controversies.values():
        roots.update(c.provisions)
    for pid, p in catalog.provisions.items():
        if p.browse_only:
            roots.add(pid)
            if not p.note:
                out.append(Problem("provisions.toml", pid, "browse_only",
                                   "browse_only needs a note saying why the provision is not on the map"))
    reached: set[str] = set()
    todo = [pid for pid in roots if pid in catalog.provisions]
    while todo:
        pid = todo.pop()
        if pid in reached:
            continue
        reached.add(pid)
        todo.extend(r for r in catalog.provisions[pid].related if r in catalog.provisions)
    for pid in catalog.provisions:
        if pid not in reached:
            out.append(Problem("provisions.toml", pid, "id",
                               "provision cannot be reached: no feature, state treaty, controversy or "
                               "reachable provision's 'related' names it, and it is not browse_only"))

def _check_prose(catalog: Catalog, out: list[Problem]) -> None:
    """Reader-facing text speaks of the subject (see ``explorer.atlas.prose``)."""
    out.extend(prose.catalog_problems(catalog))


def _check_highlights(catalog: Catalog, out: list[Problem]) -> None:
    """A controversy highlights exactly what its dossier lists under "Also concerns".

    The map highlights every feature the catalog finds concerned (``Catalog.concerned_by``: the
    controversy's ``features`` and every feature naming it), while a dossier lists only the
    controversy's own ``features``. They agree when each feature naming a controversy is in its list.
    """
    for cid, c in catalog.controversies.items():
        listed = set(c.features)
        extra = [fid for fid in catalog.concerned_by(cid) if fid not in listed]
        if extra:
            out.append(Problem("controversies.toml", cid, "features",
                               f"{len(extra)} feature(s) name this controversy but are not in its features "
                               f"(so the map highlights more than 'Also concerns' lists): {', '.join(extra)}"))


def _check_bases(catalog: Catalog, out: list[Problem]) -> None:
    """Every base says where its point comes from and how good it is, and dates its units."""
    for f in catalog.layer("bases"):
        if not isinstance(f, Base):
            continue
        file = _file_of(catalog, f.id)
        if f.position_source is None:
            out.append(Problem(file, f.id, "position_source",
                               "no position_source: cite where the coordinates were read"))
        elif f.position_source.id not in catalog.sources:
            out.append(Problem(file, f.id, "position_source", f"source {f.position_source.id!r} is not defined"))
        if f.position_precision_m is None:
            out.append(Problem(file, f.id, "position_precision_m",
                               "no position_precision_m: say how far the point may be from the facility's centre"))
        if f.units and not f.units_as_of:
            out.append(Problem(file, f.id, "units_as_of", "units are given without the date they are true for"))
        _check_position_quality(f, file, out)


def _check_position_quality(f: Base, file: str, out: list[Problem]) -> None:
    """Say how far each point is from the 1 km target, and refuse a precision the note contradicts.

    A point not checked against a published coordinate says "POSITION UNVERIFIED" in its note; it may
    not then claim to be better than ``UNVERIFIED_MIN_M``. Points short of the target are warnings, so
    the open work stays visible in every ``validate`` run without failing it.
    """
    precision = f.position_precision_m
    if not isinstance(precision, int) or isinstance(precision, bool):
        return
    unverified = f.position_unverified
    if unverified and precision < UNVERIFIED_MIN_M:
        out.append(Problem(file, f.id, "position_precision_m",
                           f"the note says {UNVERIFIED_MARK} but the precision claims {precision} m: "
                           f"an unchecked point is good to {UNVERIFIED_MIN_M} m or worse"))
    elif unverified:
        out.append(Problem(file, f.id, "position_precision_m",
                           f"position not checked against a published coordinate ({precision} m); "
                           f"the target is {TARGET_PRECISION_M} m", severity="warning"))
    elif precision > TARGET_PRECISION_M:
        out.append(Problem(file, f.id, "position_precision_m",
                           f"position good to {precision} m, short of the {TARGET_PRECISION_M} m target",
                           severity="warning"))


def _check_geometry(catalog: Catalog, out: list[Problem]) -> None:
    from shapely.geometry import Point, shape
    from shapely.ops import unary_union
    from shapely.validation import explain_validity

    land_parts = []
    for f in catalog.basemap.get("features", []):
        try:
            land_parts.append(shape(f["geometry"]))
        except Exception:  # reported below as a basemap problem
            out.append(Problem("basemap/", str(f.get("properties", {}).get("iso_a3", "")), "geometry",
                               "unreadable basemap geometry"))
    # Japan's box takes in South Korea too, so this land serves both countries' bases.
    japan = unary_union([g for g in land_parts if g.intersects(_box(JAPAN_BOX))]) if land_parts else None

    reported = {p.record for p in catalog.problems if p.field == "geometry"}  # by the loader, once is enough
    for fid, f in catalog.features.items():
        if fid in reported:
            continue
        file = _file_of(catalog, fid)
        try:
            geom = shape(f.geometry)
        except Exception as exc:
            out.append(Problem(file, fid, "geometry", f"unreadable geometry: {exc}"))
            continue
        if not geom.is_valid and f.layer != "states":
            out.append(Problem(file, fid, "geometry", f"invalid geometry: {explain_validity(geom)}"))
        # A range ring is derived: its reference point is what the data states.
        minx, miny, maxx, maxy = (f.lon, f.lat, f.lon, f.lat) if getattr(f, "threat_kind", "") == "missile_range" else geom.bounds
        if minx < REGION[0] or miny < REGION[1] or maxx > REGION[2] or maxy > REGION[3]:
            out.append(Problem(file, fid, "geometry",
                               f"outside the atlas region (bounds {minx:.2f},{miny:.2f},{maxx:.2f},{maxy:.2f}); "
                               "are lon and lat swapped?"))
            continue
        if isinstance(f, Base):
            _check_base_on_land(f, Point(f.lon, f.lat), japan, file, out)


def _box(b: tuple[float, float, float, float]):
    from shapely.geometry import box

    return box(*b)


def _check_base_on_land(base: Base, point, japan, file: str, out: list[Problem]) -> None:
    where = {"KOR": "South Korea"}.get(base.country, "Japan")
    if not _box(BASE_BOXES.get(base.country, JAPAN_BOX)).contains(point):
        out.append(Problem(file, base.id, "geometry",
                           f"({base.lon:.4f}, {base.lat:.4f}) is not in {where}; are lon and lat swapped?"))
        return
    if japan is None or japan.contains(point) or base.coast_exempt:
        return
    from explorer.atlas import geodesy
    from shapely.ops import nearest_points

    nearest = nearest_points(japan, point)[0]
    km = geodesy.distance_km((point.x, point.y), (nearest.x, nearest.y))
    if km > COAST_TOLERANCE_KM:
        out.append(Problem(file, base.id, "geometry",
                           f"{km:.1f} km off the basemap's coast (more than {COAST_TOLERANCE_KM:g} km)"))


def _check_timeline(catalog: Catalog, out: list[Problem]) -> None:
    """Intervals run forwards, successions line up, and dates of validity are cited or explained."""
    from explorer.atlas.dates import Interval

    def refs(file: str, rid: str, items) -> None:
        for ref in items:
            if ref.id not in catalog.sources:
                out.append(Problem(file, rid, "valid_sources", f"source {ref.id!r} is not defined"))

    for fid, f in catalog.features.items():
        file = _file_of(catalog, fid)
        err = Interval(f.valid_from, f.valid_to).check_order()
        if err:
            out.append(Problem(file, fid, "valid_to", err))
        refs(file, fid, f.valid_sources)
        derived = str(f.valid_from) == getattr(f, "date", None) and f.valid_to is None
        if (f.valid_from or f.valid_to) and not f.valid_sources and not derived:
            out.append(Problem(file, fid, "valid_sources",
                               "valid_from/valid_to given without valid_sources: cite where the date was read"))
        if isinstance(f, Base) and f.valid_from is None and not f.valid_from_note:
            out.append(Problem(file, fid, "valid_from_note",
                               "no valid_from and no valid_from_note: say why the start is unknown",
                               severity="warning"))
    for pid, p in catalog.provisions.items():
        err = Interval(p.valid_from, p.valid_to).check_order()
        if err:
            out.append(Problem("provisions.toml", pid, "valid_to", err))
        refs("provisions.toml", pid, p.valid_sources)
        if p.valid_to is not None and not p.valid_sources:
            out.append(Problem("provisions.toml", pid, "valid_sources",
                               "valid_to given without valid_sources: cite where the end was read"))
        if not p.superseded_by:
            continue
        succ = catalog.provisions.get(p.superseded_by)
        if succ is None:
            out.append(Problem("provisions.toml", pid, "superseded_by",
                               f"provision {p.superseded_by!r} is not defined"))
        elif p.superseded_by == pid:
            out.append(Problem("provisions.toml", pid, "superseded_by", "a provision cannot supersede itself"))
        elif p.valid_to is None:
            out.append(Problem("provisions.toml", pid, "valid_to",
                               f"superseded_by {p.superseded_by} needs valid_to (its start, {succ.valid_from})"))
        elif succ.valid_from != p.valid_to:
            out.append(Problem("provisions.toml", pid, "valid_to",
                               f"valid_to {p.valid_to} does not match the start of {p.superseded_by} "
                               f"({succ.valid_from or 'none'}: its in_force, or signed when not binding)"))
    for cid, c in catalog.controversies.items():
        if c.start_date and c.end_date and c.end_date.end() < c.start_date.start():
            out.append(Problem("controversies.toml", cid, "end", f"end {c.end_date} is before start {c.start_date}"))


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
    checks = (_check_refs, _check_orphans, lambda c, o: _check_sources(c, root_path, o), _check_bases,
              _check_timeline, _check_geometry, _check_prose, _check_highlights,
              lambda c, o: check_briefing(c, root, o, check_state))
    for check in checks:
        try:
            check(catalog, out)
        except (Exception, RecursionError) as exc:  # hostile data the checks did not foresee
            name = getattr(check, "__name__", "check").strip("_")
            out.append(Problem("", "", "", f"{name} failed: {type(exc).__name__}: {str(exc)[:200]}"))
    return out


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that fail validation (warnings left out)."""
    return [p for p in problems if p.severity != "warning"]
