"""Geodesic geometry: distances, rings, bands, tracks, and longitude unwrapping."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

from explorer.atlas import geodesy

TOKYO = (139.6917, 35.6895)
OSAKA = (135.5023, 34.6937)
PYONGYANG = (125.75, 39.03)


def _max_jump(lons):
    return max(abs(b - a) for a, b in zip(lons, lons[1:]))


def test_distance_tokyo_osaka():
    assert geodesy.distance_km(TOKYO, OSAKA) == pytest.approx(400, abs=10)


def test_distance_is_symmetric_and_zero_on_self():
    assert geodesy.distance_km(TOKYO, OSAKA) == pytest.approx(geodesy.distance_km(OSAKA, TOKYO), rel=1e-9)
    assert geodesy.distance_km(TOKYO, TOKYO) == pytest.approx(0, abs=1e-9)


def test_destination_round_trips_distance():
    p = geodesy.destination(TOKYO, 45.0, 1234.0)
    assert geodesy.distance_km(TOKYO, p) == pytest.approx(1234.0, rel=1e-6)


@pytest.mark.parametrize("radius", [50.0, 1300.0, 5500.0])
def test_ring_vertices_are_radius_from_centre(radius):
    pts = geodesy.ring(PYONGYANG, radius)
    assert len(pts) == 181
    assert pts[0] == pts[-1]  # closed
    for p in pts:
        assert geodesy.distance_km(PYONGYANG, p) == pytest.approx(radius, rel=1e-3)


def test_ring_is_not_a_degree_circle():
    # At 39°N a degree of longitude is ~78% of a degree of latitude: the ring in degrees
    # must be wider (east-west) than tall, unlike a naive buffer in degrees.
    pts = geodesy.ring(PYONGYANG, 1000.0)
    lons = [p[0] for p in pts]
    lats = [p[1] for p in pts]
    assert (max(lons) - min(lons)) > 1.15 * (max(lats) - min(lats))


def test_range_geometry_single_range_is_plain_polygon():
    g = geodesy.range_geometry(PYONGYANG, [1300.0])
    assert g["type"] == "Polygon"
    assert len(g["coordinates"]) == 1
    poly = shape(g)
    assert poly.is_valid
    assert len(poly.interiors) == 0


def test_range_geometry_band_is_polygon_with_hole():
    g = geodesy.range_geometry(PYONGYANG, [1200.0, 1500.0])
    assert g["type"] == "Polygon"
    assert len(g["coordinates"]) == 2
    poly = shape(g)
    assert poly.is_valid
    assert len(poly.interiors) == 1
    # The hole is the inner range, the shell the outer one.
    for p in g["coordinates"][0]:
        assert geodesy.distance_km(PYONGYANG, p) == pytest.approx(1500.0, rel=1e-3)
    for p in g["coordinates"][1]:
        assert geodesy.distance_km(PYONGYANG, p) == pytest.approx(1200.0, rel=1e-3)
    # The reference point itself is inside the hole, so not covered by the band.
    from shapely.geometry import Point

    assert not poly.contains(Point(PYONGYANG))


def test_range_geometry_equal_band_has_no_hole():
    g = geodesy.range_geometry(PYONGYANG, [1300.0, 1300.0])
    assert len(g["coordinates"]) == 1


def test_track_endpoints_equal_inputs():
    a, b = (129.66, 40.85), (143.0, 41.0)
    pts = geodesy.track(a, b)
    assert pts[0] == a
    assert pts[-1] == b


def test_track_length_matches_geodesic_distance():
    a, b = (124.7, 39.9), (165.0, 43.0)
    pts = geodesy.track(a, b)
    assert len(pts) > 10
    total = sum(geodesy.distance_km(p, q) for p, q in zip(pts, pts[1:]))
    assert total == pytest.approx(geodesy.distance_km(a, b), rel=5e-3)


def test_track_follows_the_great_circle_not_the_rhumb_line():
    # Between two points at the same latitude, the great circle bulges poleward.
    a, b = (125.0, 40.0), (165.0, 40.0)
    pts = geodesy.track(a, b)
    assert max(p[1] for p in pts) > 41.0
    assert min(p[1] for p in pts) >= 40.0 - 1e-9


def test_track_geometry_multi_segment_has_no_duplicate_junction():
    coords = [[129.0, 40.0], [135.0, 41.0], [142.0, 40.0]]
    g = geodesy.track_geometry(coords)
    pts = [tuple(p) for p in g["coordinates"]]
    assert pts[0] == (129.0, 40.0) and pts[-1] == (142.0, 40.0)
    assert (135.0, 41.0) in pts
    assert all(p != q for p, q in zip(pts, pts[1:]))


def test_ring_crossing_antimeridian_is_unwrapped():
    pts = geodesy.ring((179.5, 10.0), 800.0)
    lons = [p[0] for p in pts]
    assert _max_jump(lons) < 180
    assert max(lons) > 180  # continued past 180°E rather than wrapped to -180
    assert geodesy.distance_km((179.5, 10.0), pts[45]) == pytest.approx(800.0, rel=1e-3)


def test_track_crossing_antimeridian_is_unwrapped():
    a, b = (170.0, 40.0), (-170.0, 45.0)
    pts = geodesy.track(a, b)
    lons = [p[0] for p in pts]
    assert _max_jump(lons) < 180
    assert pts[0] == a
    assert pts[-1][0] % 360 == pytest.approx(b[0] % 360, abs=1e-6)
    assert pts[-1][1] == pytest.approx(b[1], abs=1e-6)


def test_covers():
    d = geodesy.distance_km(PYONGYANG, TOKYO)
    assert geodesy.covers(PYONGYANG, d + 1, TOKYO)
    assert not geodesy.covers(PYONGYANG, d - 1, TOKYO)
