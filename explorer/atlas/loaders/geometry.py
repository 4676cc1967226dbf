"""GeoJSON geometry as the atlas accepts it: positions on Earth, rings closed, the types a layer allows."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Iterable

from explorer.atlas.loaders.checks import _short


def _point_of(geometry: dict) -> tuple[float, float]:
    """A representative ``(lon, lat)``: the point, a middle vertex, or an inner point."""
    gtype = geometry.get("type")
    coords = geometry.get("coordinates")
    if gtype == "Point":
        return float(coords[0]), float(coords[1])
    if gtype == "LineString":
        mid = coords[len(coords) // 2]
        return float(mid[0]), float(mid[1])
    from shapely.geometry import shape

    geom = shape(geometry)
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    p = geom.representative_point()
    return p.x, p.y


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _position_problem(pos: Any, east: float = 180.0) -> str | None:
    if not isinstance(pos, list) or not 2 <= len(pos) <= 3 or not all(_is_number(v) for v in pos):
        return f"a position must be [lon, lat] with finite numbers, got {_short(pos)}"
    if not (-180.0 <= pos[0] <= east and -90.0 <= pos[1] <= 90.0):
        hint = "; are lon and lat swapped?" if -90.0 <= pos[0] <= 90.0 and -180.0 <= pos[1] <= 180.0 else ""
        return f"position {_short(pos)} is out of range (lon -180..{east:g}, lat -90..90){hint}"
    return None


def _positions_problem(positions: list, east: float = 180.0) -> str | None:
    """The first bad position in a list of them; a fast path for the common, all-good case."""
    if (all(type(p) is list and 2 <= len(p) <= 3 for p in positions)
            and {type(v) for p in positions for v in p} <= {int, float}):
        lons = [p[0] for p in positions]
        lats = [p[1] for p in positions]
        # A NaN or an infinity (1e999) makes the sum non-finite; so may a huge
        # finite value, which the slow path then judges exactly.
        if (math.isfinite(sum(lons)) and math.isfinite(sum(lats))
                and min(lons) >= -180.0 and max(lons) <= east and min(lats) >= -90.0 and max(lats) <= 90.0):
            return None
    return next((m for m in (_position_problem(p, east) for p in positions) if m), None)


def _coords_problem(gtype: str, coords: Any, east: float = 180.0) -> str | None:
    """What is wrong with ``coords`` for a GeoJSON ``gtype`` (RFC 7946 §3.1), or None.
    ``east`` is the largest longitude allowed (the basemap lays the world out past 180)."""
    if gtype == "Point":
        return _position_problem(coords, east)
    if not isinstance(coords, list) or not coords:
        return "geometry has no coordinates"
    if gtype in ("MultiPoint", "LineString"):
        if gtype == "LineString" and len(coords) < 2:
            return "a LineString needs at least 2 positions"
        return _positions_problem(coords, east)
    if gtype == "Polygon":
        for ring in coords:
            if not isinstance(ring, list) or len(ring) < 4:
                return "a polygon ring needs at least 4 positions"
            bad = _positions_problem(ring, east)
            if bad:
                return bad
            if ring[0] != ring[-1]:
                return "a polygon ring must be closed (last position = first)"
        return None
    part = {"MultiLineString": "LineString", "MultiPolygon": "Polygon"}.get(gtype)
    if part is None:
        return f"unknown geometry type {gtype!r}"
    return next((m for m in (_coords_problem(part, c, east) for c in coords) if m), None)


def _geometry_ok(reader: Any, path: Path, rid: str, geometry: Any, allowed: Iterable[str]) -> bool:
    allowed = tuple(allowed)
    if not isinstance(geometry, dict) or geometry.get("type") not in allowed:
        gtype = geometry.get("type") if isinstance(geometry, dict) else geometry
        reader.problem(path, rid, "geometry", f"expected {' or '.join(allowed)}, got {_short(gtype)}")
        return False
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or not coords:
        reader.problem(path, rid, "geometry", "geometry has no coordinates")
        return False
    try:
        bad = _coords_problem(geometry["type"], coords)
    except RecursionError:
        bad = "coordinates nested too deeply"
    if bad:
        reader.problem(path, rid, "geometry", bad)
        # Out of range but well formed (swapped lon/lat): reported, and the
        # record kept so that nothing else is reported as dangling.
        return "out of range" in bad
    if geometry["type"] in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
        from shapely.geometry import shape
        from shapely.validation import explain_validity

        geom = shape(geometry)
        if not geom.is_valid:
            reader.problem(path, rid, "geometry", f"invalid geometry: {explain_validity(geom)}")
            return False
    return True
