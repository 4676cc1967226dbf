"""Geodesic geometry on the WGS84 ellipsoid: tracks, range rings, distances.

A missile's range is a distance on the Earth, not a radius in degrees: a
"buffer" of 12° around Pyongyang is an ellipse in kilometres, wrong by
hundreds of kilometres at these latitudes. Everything here goes through
``pyproj.Geod``. pyproj is imported lazily so that a warm start, which reads
the cached page, never pays for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from pyproj import Geod

LonLat = tuple[float, float]


@lru_cache(maxsize=1)
def _geod() -> "Geod":
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _unwrap(lons: Sequence[float]) -> list[float]:
    """Make longitudes continuous so Leaflet does not draw across the globe."""
    out: list[float] = []
    for lon in lons:
        if out:
            while lon - out[-1] > 180:
                lon -= 360
            while lon - out[-1] < -180:
                lon += 360
        out.append(lon)
    return out


def distance_km(a: LonLat, b: LonLat) -> float:
    """Geodesic distance between two ``(lon, lat)`` points, in km."""
    _, _, metres = _geod().inv(a[0], a[1], b[0], b[1])
    return metres / 1000.0


def destination(origin: LonLat, azimuth_deg: float, distance: float) -> LonLat:
    """The point ``distance`` km from ``origin`` along ``azimuth_deg``."""
    lon, lat, _ = _geod().fwd(origin[0], origin[1], azimuth_deg, distance * 1000.0)
    return (lon, lat)


def track(a: LonLat, b: LonLat, step_km: float = 25.0) -> list[LonLat]:
    """The great-circle (geodesic) track from a to b, densified every ``step_km``."""
    total = distance_km(a, b)
    n = max(int(total // step_km), 1)
    inner = _geod().npts(a[0], a[1], b[0], b[1], n - 1) if n > 1 else []
    pts = [a, *inner, b]
    lons = _unwrap([p[0] for p in pts])
    return [(round(lon, 5), round(p[1], 5)) for lon, p in zip(lons, pts)]


def ring(center: LonLat, radius_km: float, n: int = 180) -> list[LonLat]:
    """A closed geodesic circle of ``radius_km`` around ``center``."""
    lons, lats, _ = _geod().fwd(
        [center[0]] * n, [center[1]] * n, [i * 360.0 / n for i in range(n)], [radius_km * 1000.0] * n
    )
    lons = _unwrap([center[0], *lons])[1:]
    pts = [(round(lon, 5), round(lat, 5)) for lon, lat in zip(lons, lats)]
    return [*pts, pts[0]]


def track_geometry(coords: Sequence[Sequence[float]]) -> dict:
    """A LineString ``[launch, impact]`` drawn as its geodesic."""
    pts: list[LonLat] = []
    for a, b in zip(coords, coords[1:]):
        seg = track((a[0], a[1]), (b[0], b[1]))
        pts.extend(seg if not pts else seg[1:])
    return {"type": "LineString", "coordinates": [list(p) for p in pts]}


def range_geometry(center: LonLat, range_km: Sequence[float]) -> dict:
    """A range as a ring polygon, or an annulus when sources give a band."""
    outer = ring(center, max(range_km))
    rings = [[list(p) for p in outer]]
    if len(range_km) > 1 and min(range_km) < max(range_km):
        inner = ring(center, min(range_km))
        rings.append([list(p) for p in reversed(inner)])
    return {"type": "Polygon", "coordinates": rings}


def covers(center: LonLat, range_km: float, point: LonLat) -> bool:
    """Whether ``point`` lies within ``range_km`` of ``center`` on the ellipsoid."""
    return distance_km(center, point) <= range_km
