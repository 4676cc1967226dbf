"""The bundled basemap: a coast that holds at island scale, and no box line when zoomed out.

Japan's land at large scale is GSHHG (``basemap/gshhg_japan.geojson``, drawn
from its ``min_zoom``); everything else is Natural Earth (``ne10m_region``,
with the world backdrop ``ne10m_world``). Areas are geodesic, on the WGS 84
ellipsoid.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import Point, box, shape

from explorer.atlas.loaders import decode_ring, encode_ring
from explorer.atlas.records import Base
from explorer.mapping.page import payload
from explorer.mapping.views import VIEWS

GEOD = Geod(ellps="WGS84")
#: GSI's area of Okinawa Island (沖縄島) on 2020-01-01, km² (the issue's reference figure).
OKINAWA_KM2 = 1207.00
#: Facilities and islands the Natural Earth coast put at sea or left out.
MUST_BE_ON_LAND = ("base:schwab", "base:kin-red-beach", "base:kin-blue-beach", "base:white-beach",
                   "base:tsuken-jima", "base:idesuna", "base:tori-shima", "base:kume-jima-range", "base:iwo-to")
#: Words in a base's ``island`` that say the facility is not on an island's land.
AT_SEA = ("reef", "sea", "water")
#: The page's smallest zoom (folium ``min_zoom`` in page.render_shell) and a common desktop viewport.
MIN_ZOOM, VIEWPORT = 3, (1920, 1200)


def _features(geodata_dir: Path, name: str) -> list[dict]:
    return json.loads((geodata_dir / "basemap" / name).read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def japan_detail(geodata_dir) -> shapely.MultiPolygon:
    (feature,) = _features(geodata_dir, "gshhg_japan.geojson")
    assert feature["properties"] == {"iso_a3": "JPN", "min_zoom": 7}
    return shape(feature["geometry"])


def _km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def test_okinawa_island_is_within_3_percent_of_gsi(japan_detail):
    (island,) = [p for p in japan_detail.geoms if p.contains(Point(127.75, 26.35))]
    assert island.contains(Point(127.68, 26.21)) and island.contains(Point(128.25, 26.80))  # Naha and Kunigami
    assert abs(_km2(island) / OKINAWA_KM2 - 1) <= 0.03


def test_the_detail_polygons_are_valid_and_oriented(japan_detail):
    assert japan_detail.is_valid
    assert all(shapely.is_ccw(p.exterior) for p in japan_detail.geoms)


def test_named_facilities_stand_on_the_detailed_land(catalog, japan_detail):
    for fid in MUST_BE_ON_LAND:
        base = catalog.feature(fid)
        assert japan_detail.contains(Point(base.lon, base.lat)), fid


def _bases(catalog) -> list[Base]:
    return [f for f in catalog.features.values() if isinstance(f, Base)]


def _land(catalog, japan_detail):
    units = [shape(f["geometry"]) for f in catalog.basemap["features"] if f["properties"].get("iso_a3")]
    return shapely.union_all([japan_detail, *units])


def test_every_base_on_an_island_is_on_land_or_within_its_precision(catalog, japan_detail):
    """A base on an island lies on land, or at most its stated precision from the coast.

    The point is a published position with a stated uncertainty, and a pier, a port or a
    beach may stand at the water's edge: the coast and the point must agree within what
    the point claims, not better. The Senkaku Islands are left out: GSHHG places them, as
    Natural Earth does, several km from their published positions (PROVENANCE.md).
    """
    land = _land(catalog, japan_detail)
    checked, off = 0, []
    for base in _bases(catalog):
        island = (base.island or "").lower()
        if any(w in island for w in AT_SEA) or "senkaku" in island:
            continue
        point = Point(base.lon, base.lat)
        checked += 1
        if land.contains(point):
            continue
        near = shapely.ops.nearest_points(land, point)[0]
        metres = GEOD.inv(base.lon, base.lat, near.x, near.y)[2]
        if metres > (base.position_precision_m or 0):
            off.append(f"{base.id}: {metres:.0f} m off the coast, precision {base.position_precision_m} m")
    assert checked > 70
    assert not off


def test_bases_good_to_a_kilometre_are_within_their_precision_of_land(catalog, japan_detail):
    land = _land(catalog, japan_detail)
    fine = [b for b in _bases(catalog) if (b.position_precision_m or 10**9) <= 1000
            and not any(w in (b.island or "").lower() for w in AT_SEA)]
    assert len(fine) > 25
    for base in fine:
        point = Point(base.lon, base.lat)
        near = shapely.ops.nearest_points(land, point)[0]
        metres = GEOD.inv(base.lon, base.lat, near.x, near.y)[2]
        assert land.contains(point) or metres <= base.position_precision_m, base.id


def _visible_bounds(center_lat: float, center_lon: float, zoom: int, size: tuple[int, int]) -> tuple:
    """Lon/lat bounds a Web Mercator map of ``size`` pixels shows around a centre at ``zoom``."""
    world = 256 * 2**zoom
    phi = math.radians(center_lat)
    y = (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2 * world
    lat = lambda py: math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / world))))  # noqa: E731
    half = size[0] / 2 / world * 360
    return (center_lon - half, lat(y + size[1] / 2), center_lon + half, lat(y - size[1] / 2))


def _drawn_land(catalog) -> list:
    """What the page draws as land at small scale: each unit, whole where the backdrop has it whole."""
    feats = catalog.basemap["features"]
    whole = {f["properties"]["whole_of"] for f in feats if "whole_of" in f["properties"]}
    return [shape(f["geometry"]) for f in feats if f["properties"].get("iso_a3") not in whole]


#: The lines build_basemap.py cuts along: its clip box (60-180 E, 50 S-60 N), its two detail
#: boxes, and where it lays the world out (45 W, which is 315 E).
BOX_LONS = (60.0, 180.0, 122.0, 146.0, 144.0, 146.5, -45.0, 315.0)
BOX_LATS = (-50.0, 60.0, 24.0, 46.0, 12.9, 20.6)


#: At zoom 3 a pixel is 0.18 degrees wide. A chord of up to 3 pixels may lie on a box line where the
#: world's coarse simplification cuts a small bay short (Kamchatka at 60 N): that is generalisation.
CUT_DEG = 0.5


def _on_box_line(a, b) -> bool:
    (x0, y0), (x1, y1) = a, b
    return ((abs(x0 - x1) < 1e-9 and any(abs(x0 - v) < 1e-6 for v in BOX_LONS))
            or (abs(y0 - y1) < 1e-9 and any(abs(y0 - v) < 1e-6 for v in BOX_LATS)))


def test_no_box_line_shows_on_the_land_at_min_zoom_around_the_region(catalog):
    """Zoomed out as far as the page allows, around the region view, the land the page draws
    has no edge along any line the build cut along: every cut is between two drawn pieces
    of land (and dissolves), or out of view. Land is taken whole where the backdrop has it whole."""
    (s, w), (n, e) = VIEWS["region"].bounds
    bounds = _visible_bounds((s + n) / 2, (w + e) / 2, MIN_ZOOM, VIEWPORT)
    assert bounds[0] < 0 and bounds[2] > 280 and bounds[3] > 75  # the view reaches Europe, the Americas and the Arctic
    inner = box(bounds[0] + 0.5, bounds[1] + 0.5, bounds[2] - 0.5, bounds[3] - 0.5)
    land = shapely.union_all([shapely.intersection(g, box(*bounds)) for g in _drawn_land(catalog)])
    cuts = []
    for ring in [r for p in shapely.get_parts(land) for r in (p.exterior, *p.interiors)]:
        xy = list(ring.coords)
        for a, b in zip(xy, xy[1:]):
            if _on_box_line(a, b) and math.dist(a, b) >= CUT_DEG and shapely.LineString([a, b]).intersects(inner):
                cuts.append((a, b))
    assert not cuts


def test_the_old_clip_would_have_been_caught(catalog):
    """The check above sees a box line: the region's units alone are cut at 60 N."""
    units = [shape(f["geometry"]) for f in catalog.basemap["features"] if f["properties"].get("iso_a3") == "RUS"]
    xy = [c for p in shapely.get_parts(units[0]) for c in zip(p.exterior.coords, list(p.exterior.coords)[1:])]
    assert any(_on_box_line(a, b) and math.dist(a, b) > 1 for a, b in xy)


def test_the_world_backdrop_is_not_a_state(catalog):
    """The backdrop's features have no iso_a3: states and validation see the region's units only."""
    feats = catalog.basemap["features"]
    backdrop = [f for f in feats if "whole_of" in f["properties"] or "part_of" in f["properties"]]
    assert backdrop and all("iso_a3" not in f["properties"] for f in backdrop)
    assert catalog.feature("state:rus").geometry["type"] == "MultiPolygon"
    assert shape(catalog.feature("state:rus").geometry).bounds[3] <= 60.0


def test_detail_is_kept_out_of_the_units_and_encoded(catalog, japan_detail):
    detail = catalog.basemap["detail"]["JPN"]
    assert detail["min_zoom"] == 7
    assert sum(len(g["polygons"]) for g in detail["groups"]) == len(japan_detail.geoms)
    assert not any(f["properties"].get("min_zoom") for f in catalog.basemap["features"])
    rings = {tuple(map(tuple, decode_ring(g["polygons"][i][0]))): g["bbox"]
             for g in detail["groups"] for i in range(len(g["polygons"]))}
    for p in japan_detail.geoms:
        w, s, e, n = rings[tuple(p.exterior.coords)]  # every island is there, inside its group's box
        assert w <= p.bounds[0] and s <= p.bounds[1] and p.bounds[2] <= e and p.bounds[3] <= n


def test_ring_encoding_round_trips():
    ring = [[127.6812, 26.2125], [127.6813, 26.2101], [-179.9999, -89.5], [359.9, 0.0], [127.6812, 26.2125]]
    text = encode_ring(ring)
    assert text.isascii() and all(63 <= ord(c) <= 126 for c in text)
    assert decode_ring(text) == ring


def test_the_page_carries_whole_units_once(catalog):
    data = payload(catalog)
    feats = data["basemap"]["features"]
    whole = {f["properties"]["whole_of"] for f in feats if "whole_of" in f["properties"]}
    assert "RUS" in whole
    assert all(f["geometry"] is None for f in feats if f["properties"].get("iso_a3") in whole)
    assert catalog.basemap["features"] is not feats  # the catalog keeps its shapes
    assert data["basemap"]["detail"]["JPN"]["min_zoom"] == 7
