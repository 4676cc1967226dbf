"""Build the bundled large-scale coast ``geodata/basemap/gshhg_japan.geojson``.

Why this script exists
----------------------
Natural Earth 1:10m (``ne10m_region.geojson``, see ``build_basemap.py``) is
generalised to a few hundred metres and leaves out many small islands. At the
scale of a single island (the Okinawa view, clusters of bases) that shows: the
island's shape is wrong, some facilities sit at sea and some islands are
missing. This script derives Japan's land at full resolution from GSHHG, the
Global Self-consistent Hierarchical High-resolution Geography (LGPL), which
the app draws instead of Natural Earth's Japan from zoom ``MIN_ZOOM`` on. The
app never imports this script and never fetches anything; developers run it
(``make basemap``) and commit the result.

Input
-----
GSHHG at full resolution, read through GMT, as Debian packages them::

    apt-get install gmt gmt-gshhg-full

``gmt coast -Df -M -W1`` dumps the level-1 (ocean/land) shoreline inside the
box ``BOX`` as line pieces, split at GMT's storage bins. The Natural Earth
extract ``ne10m_region.geojson`` (built first) says which country each island
belongs to.

Processing (all deterministic)
------------------------------
1. Node the pieces together with the box's outline and polygonize: the faces
   tile the box. ``gmt select -Df -Ns/k/k/k/k`` (keep everything that is not
   ocean) classifies one inside point of every face as land or sea.
2. Each land polygon (an island) takes the Natural Earth unit it overlaps most;
   one that overlaps none takes the nearest unit, unless it lies in a disputed
   area of ``DE_FACTO``, where it takes the unit Natural Earth gives that area.
   Only the polygons of
   ``UNIT`` (Japan) are kept: the other countries stay Natural Earth at every
   zoom, so no coast is cut anywhere (checked: no kept island touches the box).
3. Douglas-Peucker simplification of every ring with ``TOLERANCE_DEG``
   (topology-preserving), a snap to a ``GRID`` degree grid (about 11 m), rings
   oriented counter-clockwise (RFC 7946), coordinates rounded to 4 decimals.
4. Checks (a failure stops the build): every polygon valid, no island lost in
   steps 3-4, Okinawa Island's geodesic area within 3% of GSI's 1,207.00 km²
   (2020-01-01), and the points in ``ON_LAND`` lie on the kept land.

Output: one Feature, properties ``iso_a3`` (the unit) and ``min_zoom`` (the
Leaflet zoom from which the app draws it instead of Natural Earth's unit), a
MultiPolygon written one island per line.

Rerun
-----
From the repository root (after ``tools/build_basemap.py``)::

    .venv/bin/python tools/build_coast.py

Running it twice yields a byte-identical file. ``geodata/basemap/PROVENANCE.md``
documents the result; update it if you change any constant below.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Point, box, shape

ROOT = Path(__file__).resolve().parent.parent
NE = ROOT / "geodata" / "basemap" / "ne10m_region.geojson"
OUT = ROOT / "geodata" / "basemap" / "gshhg_japan.geojson"

BOX = (122.0, 20.0, 154.0, 46.0)  # lon_min, lat_min, lon_max, lat_max: all of Japan's islands
UNIT = "JPN"
MIN_ZOOM = 7
TOLERANCE_DEG = 0.0005  # Douglas-Peucker; 0.0005 deg = 56 m north-south, 51 m east-west at 24 N
GRID = 1e-4
DECIMALS = 4

#: GSI's area of Okinawa Island (沖縄島), 2020-01-01, km²; the build fails beyond 3%.
OKINAWA_KM2 = 1207.00
OKINAWA_POINT = (127.75, 26.35)

#: Points that must lie on the kept land (lon, lat): facilities and islands that
#: Natural Earth 1:10m draws at sea or leaves out. Positions from geodata/bases.
ON_LAND = {
    "Camp Schwab": (128.0443, 26.5246),
    "Kin Red Beach": (127.9347, 26.4406),
    "Kin Blue Beach": (127.9392, 26.4422),
    "White Beach": (127.9122, 26.3003),
    "Tsuken-jima": (127.9417, 26.2503),
    "Idesuna-jima": (127.1025, 26.3856),
    "Tori-shima (Kume)": (126.8308, 26.5944),
    "Iwo To": (141.3225, 24.7842),
}

#: Islands Natural Earth leaves out, inside a disputed area, take the unit that Natural Earth's
#: point-of-view edition gives the area (de facto control; see PROVENANCE.md), not the nearest
#: unit: the Habomai islets east of Cape Nosappu are drawn as RUS there, as are Kunashiri,
#: Etorofu and Shikotan, which GSHHG's islands overlap anyway. Box: lon_min, lat_min, lon_max, lat_max.
DE_FACTO = {"Habomai islets": ((145.84, 43.30, 146.50, 43.70), "RUS")}

GEOD = Geod(ellps="WGS84")


def gmt(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    if shutil.which("gmt") is None:
        sys.exit("gmt is not installed: apt-get install gmt gmt-gshhg-full")
    with tempfile.TemporaryDirectory() as tmp:  # GMT writes gmt.history where it runs
        return subprocess.run(["gmt", *args], input=stdin, capture_output=True, text=True, check=True, cwd=tmp)


def region() -> str:
    return "-R{}/{}/{}/{}".format(BOX[0], BOX[2], BOX[1], BOX[3])


def shoreline_pieces() -> tuple[list[shapely.LineString], str]:
    """GSHHG's level-1 shoreline in the box, as GMT dumps it (pieces split at its bins)."""
    run = gmt("coast", region(), "-Df", "-M", "-W1/0.1p", "-Vl")
    version = re.search(r"GSHHG version (\S+)", run.stderr)
    pieces, current = [], []
    for line in run.stdout.splitlines():
        if line.startswith(">"):
            if len(current) > 1:
                pieces.append(shapely.LineString(current))
            current = []
        elif line.strip():
            x, y = line.split()[:2]
            current.append((float(x), float(y)))
    if len(current) > 1:
        pieces.append(shapely.LineString(current))
    return pieces, version.group(1) if version else "unknown"


def land_polygons(pieces: list[shapely.LineString]) -> list[shapely.Polygon]:
    """The faces the shoreline cuts the box into, kept when GSHHG says they are not ocean."""
    frame = box(BOX[0], BOX[1], BOX[2], BOX[3])
    noded = shapely.union_all([*pieces, frame.exterior])
    faces = list(shapely.get_parts(shapely.polygonize(list(shapely.get_parts(noded)))))
    covered = sum(f.area for f in faces) / frame.area
    if abs(covered - 1) > 1e-9:
        sys.exit(f"the shoreline does not close: faces cover {covered:.9f} of the box")
    points = "\n".join("{:.10f}\t{:.10f}\t{}".format(*shapely.get_coordinates(f.representative_point())[0], i)
                       for i, f in enumerate(faces))
    kept = gmt("select", "-Df", "-Ns/k/k/k/k", region(), stdin=points + "\n").stdout
    land = sorted({int(line.split()[2]) for line in kept.splitlines() if line.strip() and not line.startswith(">")})
    print(f"faces: {len(faces)}, land: {len(land)}")
    return [faces[i] for i in land]


def units() -> tuple[list[str], np.ndarray]:
    data = json.loads(NE.read_text(encoding="utf-8"))
    codes = [f["properties"]["iso_a3"] for f in data["features"]]
    return codes, np.array([shape(f["geometry"]) for f in data["features"]], dtype=object)


def assign(polys: list[shapely.Polygon], codes: list[str], geoms: np.ndarray) -> list[str]:
    """Each island's unit: the one it overlaps most, else the nearest."""
    tree = shapely.STRtree(geoms)
    out = []
    for p in polys:
        hits = tree.query(p, predicate="intersects")
        area = [code for b, code in DE_FACTO.values() if box(*b).contains(p.centroid)]
        if area:
            out.append(area[0])
            continue
        if len(hits):
            best = max(hits, key=lambda i: (p.intersection(geoms[i]).area, -i))
        else:
            best = int(tree.nearest(p))
        out.append(codes[best])
    return out


def km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def rounded(coords) -> list:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in coords]


def write(polys: list[shapely.Polygon]) -> None:
    rings = [json.dumps([rounded(p.exterior.coords)] + [rounded(r.coords) for r in p.interiors],
                        separators=(",", ":")) for p in polys]
    props = json.dumps({"iso_a3": UNIT, "min_zoom": MIN_ZOOM}, separators=(",", ":"))
    text = ('{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":' + props
            + ',"geometry":{"type":"MultiPolygon","coordinates":[\n' + ",\n".join(rings) + "\n]}}\n]}\n")
    OUT.write_text(text, encoding="utf-8")


def main() -> None:
    pieces, version = shoreline_pieces()
    print(f"input: GSHHG {version} (full resolution, level 1) via GMT, box {BOX}: {len(pieces)} pieces,"
          f" {sum(len(p.coords) for p in pieces)} vertices")
    land = land_polygons(pieces)
    codes, geoms = units()
    owner = assign(land, codes, geoms)
    mine = [p for p, c in zip(land, owner) if c == UNIT]
    counts: dict[str, int] = {}
    for c in owner:
        counts[c] = counts.get(c, 0) + 1
    print("islands by unit:", ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    frame = box(*BOX).exterior
    if any(p.intersects(frame) for p in mine):
        sys.exit(f"a {UNIT} island touches the box: widen BOX")

    ne_unit = geoms[codes.index(UNIT)]
    far = [p for p in mine if p.distance(ne_unit) > 0.05]
    print(f"{UNIT} islands more than 0.05 deg from Natural Earth's {UNIT}: {len(far)}")
    for p in sorted(far, key=lambda q: -q.area)[:10]:
        c = p.representative_point()
        print(f"  {c.y:.3f}N {c.x:.3f}E {km2(p):.2f} km2")

    out = []
    for p in sorted(mine, key=lambda q: (round(q.bounds[0], 6), round(q.bounds[1], 6))):
        s = shapely.set_precision(p.simplify(TOLERANCE_DEG, preserve_topology=True), GRID)
        parts = [q for q in shapely.get_parts(s) if q.geom_type == "Polygon" and not q.is_empty]
        out.extend(shapely.orient_polygons(q) for q in parts)
    tree = shapely.STRtree(out)
    lost = sum(1 for p in mine if not len(tree.query(p, predicate="intersects")))
    if not all(q.is_valid for q in out):
        sys.exit("invalid output polygon")
    if lost:
        sys.exit(f"{lost} islands were lost in simplification")

    multi = shapely.MultiPolygon(out)
    oki = [q for q in out if q.contains(Point(*OKINAWA_POINT))]
    area = km2(oki[0]) if oki else 0.0
    print(f"Okinawa Island: {area:.2f} km2 (GSI {OKINAWA_KM2:.2f}; {100 * (area / OKINAWA_KM2 - 1):+.2f}%),"
          f" {len(oki[0].exterior.coords) if oki else 0} vertices; before simplification"
          f" {km2([p for p in mine if p.contains(Point(*OKINAWA_POINT))][0]):.2f} km2")
    if abs(area / OKINAWA_KM2 - 1) > 0.03:
        sys.exit("Okinawa Island is not within 3% of GSI's area")
    for label, (x, y) in ON_LAND.items():
        ok = multi.contains(Point(x, y))
        print(f"check: {label} ({x}E, {y}N) on land: {ok}")
        if not ok:
            sys.exit(f"{label} is not on land")

    write(out)
    size = OUT.stat().st_size
    print(f"wrote {OUT}: {len(out)} polygons, {int(shapely.get_num_coordinates(multi))} vertices,"
          f" {size} bytes; tolerance {TOLERANCE_DEG} deg, grid {GRID}, min_zoom {MIN_ZOOM}")


if __name__ == "__main__":
    main()
