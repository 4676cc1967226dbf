"""The per-record checks: what a strict load of the atlas and ``validate`` both refuse.

One set of checks, run by ``Catalog.load`` (its errors; a value ``validate`` refuses is
refused at load with the same message) and by ``validate`` (with the warnings too, and
the checks only it runs: sources a reader cannot follow, briefing steps). They live here,
below both, so that neither imports the other. ``catalog`` is any object with the
catalog's mappings and questions. What each check holds is said in ``validate``'s docstring.
"""

from __future__ import annotations

from typing import Any, Callable

from explorer.atlas import prose
from explorer.atlas.loaders import Problem
from explorer.atlas.records import TARGET_PRECISION_M, UNVERIFIED_MARK, Base
from explorer.atlas.references import check_refs, file_of as _file_of

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


def _check_orphans(catalog: Any, out: list[Problem]) -> None:
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

def _check_prose(catalog: Any, out: list[Problem]) -> None:
    """Reader-facing text speaks of the subject (see ``explorer.atlas.prose``)."""
    out.extend(prose.catalog_problems(catalog))


def _check_highlights(catalog: Any, out: list[Problem]) -> None:
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


def _check_bases(catalog: Any, out: list[Problem]) -> None:
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


def _check_geometry(catalog: Any, out: list[Problem]) -> None:
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


def _check_timeline(catalog: Any, out: list[Problem]) -> None:
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


def _check_translations(catalog: Any, out: list[Problem]) -> None:
    """Translated ids exist, fields are ones the English record has, quoted sources are defined."""
    from explorer.atlas import briefing
    from explorer.atlas.loaders import check_translations

    found, _ = briefing.load(catalog.root) if catalog.root and (catalog.root / briefing.FILE).is_file() else (None, [])
    ids = {step.id for step in found.steps} if found is not None else set()
    out.extend(check_translations(catalog, ids))


#: In order; ``validate`` runs these and then its own.
RECORD_CHECKS: tuple[Callable[[Any, list[Problem]], None], ...] = (
    check_refs, _check_orphans, _check_bases, _check_timeline, _check_geometry, _check_prose, _check_highlights,
    _check_translations)


def run_checks(catalog: Any, out: list[Problem], checks=RECORD_CHECKS) -> list[Problem]:
    """Run ``checks``; one that fails on data it did not foresee is a problem, not a traceback."""
    for check in checks:
        try:
            check(catalog, out)
        except (Exception, RecursionError) as exc:  # hostile data the checks did not foresee
            name = getattr(check, "__name__", "check").strip("_")
            out.append(Problem("", "", "", f"{name} failed: {type(exc).__name__}: {str(exc)[:200]}"))
    return out


def record_errors(catalog: Any) -> list[Problem]:
    """What a strict load refuses: the errors (not the warnings) of every per-record check."""
    return [p for p in run_checks(catalog, []) if p.severity != "warning"]


__all__ = ["RECORD_CHECKS", "run_checks", "record_errors", "REGION", "JAPAN_BOX", "KOREA_BOX", "BASE_BOXES",
           "COAST_TOLERANCE_KM", "UNVERIFIED_MIN_M", "_box", "_check_base_on_land"]
