"""Synthetic atlases for the scale benchmark: the real geodata plus N generated features.

Points are bases placed uniformly at random on Japan's land (inside the
basemap's JPN polygons); polygons are maritime-pressure threats, small
hexagons scattered over the region. Every record is valid to the loaders
(id, name, sources, required fields), so it travels the same path as the
real layers: files -> Catalog.load -> pickle cache -> build_page -> atlas.js.
The generator is seeded, so every run draws the same atlas.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from pathlib import Path

from bench.util import ROOT

SOURCE = {"id": "src:main-mod-exclusive-table-2021"}
SEED = 20240601


def _japan(geodata: Path):
    from shapely.geometry import shape

    basemap = json.loads((geodata / "basemap" / "ne10m_region.geojson").read_text(encoding="utf-8"))
    jpn = [shape(f["geometry"]) for f in basemap["features"] if f["properties"].get("iso_a3") == "JPN"]
    from shapely.ops import unary_union

    return unary_union(jpn)


def _points_on(geom, n: int, rng: random.Random) -> list[tuple[float, float]]:
    import numpy as np
    import shapely

    minx, miny, maxx, maxy = geom.bounds
    out: list[tuple[float, float]] = []
    shapely.prepare(geom)
    while len(out) < n:
        xs = np.array([rng.uniform(minx, maxx) for _ in range(4 * n)])
        ys = np.array([rng.uniform(miny, maxy) for _ in range(4 * n)])
        inside = shapely.contains_xy(geom, xs, ys)
        out.extend((round(float(x), 5), round(float(y), 5)) for x, y in zip(xs[inside], ys[inside]))
    return out[:n]


def make(root: Path, points: int = 0, polygons: int = 0) -> Path:
    """Copy geodata/ to ``root`` and add the synthetic layers; returns ``root``."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(ROOT / "geodata", root)
    rng = random.Random(SEED)
    if points:
        feats = []
        for i, (lon, lat) in enumerate(_points_on(_japan(root), points, rng)):
            feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                          "properties": {
                              "id": f"base:syn-{i:06d}", "name": f"Synthetic facility {i}",
                              "name_ja": f"合成施設{i}", "service": "USAF", "prefecture": "Tokyo",
                              "use": "us" if i % 3 else "sdf_temporary_us", "status": "active",
                              "position_source": SOURCE, "position_precision_m": 1000,
                              "provisions": ["provision:treaty1960-art6"], "sources": [SOURCE]}})
        (root / "bases" / "synthetic.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), encoding="utf-8")
    if polygons:
        path = root / "threats.geojson"
        data = json.loads(path.read_text(encoding="utf-8"))
        for i in range(polygons):
            lon, lat, r = rng.uniform(110, 160), rng.uniform(5, 50), rng.uniform(0.1, 0.4)
            ring = [[round(lon + r * math.cos(a * math.pi / 3), 4), round(lat + r * math.sin(a * math.pi / 3), 4)]
                    for a in range(6)]
            ring.append(ring[0])
            data["features"].append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                                     "properties": {
                                         "id": f"threat:syn-{i:06d}", "name": f"Synthetic zone {i}",
                                         "kind": "maritime_pressure", "period": "2020-", "actor": "state:chn",
                                         "description": f"Synthetic polygon {i} for the scale benchmark.",
                                         "provisions": ["provision:treaty1960-art5"], "sources": [SOURCE]}})
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root
