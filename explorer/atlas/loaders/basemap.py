"""The basemap (countries) and the states drawn from it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from explorer.atlas.loaders.checks import BASEMAP_EAST, MAX_NAME_CHARS, _short
from explorer.atlas.loaders.features import _common
from explorer.atlas.loaders.geometry import _coords_problem, _point_of
from explorer.atlas.loaders.reader import Reader
from explorer.atlas.records import (
    State,
    TreatyTie,
)


def load_basemap(reader: Reader) -> dict[str, Any]:
    """The basemap FeatureCollection (countries with ``iso_a3``/``sov_a3``), with its large-scale detail.

    Every ``basemap/*.geojson`` is read, in name order. A feature with a
    ``min_zoom`` is *detail*: a unit's land at large scale, which the page draws
    instead of that unit's features from that zoom on. Detail is kept out of
    ``features`` (states, validation and hit tests use the small-scale units)
    and goes to ``detail``: ``{iso_a3: {"min_zoom": z, "groups": [{"bbox": [w, s, e, n],
    "polygons": [[ring, ...], ...]}, ...]}}``, its islands grouped by 1-degree cells and
    each ring one compact string (:func:`encode_ring`). One string pickles,
    unpickles and crosses into the page far faster than 10^5 coordinate lists,
    and the page decodes it only when it first zooms that far in.
    """
    paths = sorted((reader.root / "basemap").glob("*.geojson"))
    if not paths:
        reader.problem(reader.root / "basemap", "", "", "no basemap/*.geojson file")
        return {"type": "FeatureCollection", "features": []}
    out: dict[str, Any] = {}
    features: list[dict] = []
    detail: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = reader.read_json(path)
        if not data:
            continue
        if not out:
            out = {k: v for k, v in data.items() if k != "features"}
        for f in _basemap_features(reader, path, data.get("features")):
            zoom = f["properties"].get("min_zoom")
            if zoom is None:
                features.append(f)
            elif not isinstance(zoom, int) or isinstance(zoom, bool) or not 0 <= zoom <= 20:
                reader.problem(path, str(f["properties"].get("iso_a3", "")), "min_zoom",
                               f"expected a whole zoom level from 0 to 20, got {_short(zoom)}")
            else:
                _add_detail(detail, f, zoom)
    if not out:
        return {"type": "FeatureCollection", "features": []}
    out["features"] = features
    if detail:
        out["detail"] = detail
    return out


#: Detail is grouped in cells of this many degrees, so that the page projects, clips and
#: decodes only the groups in view.
DETAIL_CELL_DEG = 1.0


def _add_detail(detail: dict[str, dict[str, Any]], feature: dict, zoom: int) -> None:
    iso = str(feature["properties"].get("iso_a3", ""))
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    entry = detail.setdefault(iso, {"min_zoom": zoom, "groups": []})
    entry["min_zoom"] = min(entry["min_zoom"], zoom)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for polygon in polygons:
        xs = [p[0] for p in polygon[0]]
        ys = [p[1] for p in polygon[0]]
        box = [min(xs), min(ys), max(xs), max(ys)]
        key = (math.floor((box[0] + box[2]) / 2 / DETAIL_CELL_DEG), math.floor((box[1] + box[3]) / 2 / DETAIL_CELL_DEG))
        cell = cells.setdefault(key, {"bbox": box, "polygons": []})
        cell["bbox"] = [min(cell["bbox"][0], box[0]), min(cell["bbox"][1], box[1]),
                        max(cell["bbox"][2], box[2]), max(cell["bbox"][3], box[3])]
        cell["polygons"].append([encode_ring(ring) for ring in polygon])
    entry["groups"].extend(cells[k] for k in sorted(cells))


def encode_ring(ring: list) -> str:
    """A ring as text: lon/lat in 1e-4 degrees, each value the difference from the previous
    vertex, zigzag-signed and written 5 bits a character from ``?`` (the polyline encoding
    of web maps). The closing vertex is left out. atlas.js ``decodeRing`` reads it back."""
    chars: list[str] = []
    px = py = 0
    closed = len(ring) > 1 and ring[0] == ring[-1]
    for x, y in ring[:-1] if closed else ring:
        ix, iy = round(x * 1e4), round(y * 1e4)
        for d in (ix - px, iy - py):
            v = ~(d << 1) if d < 0 else d << 1
            while v >= 0x20:
                chars.append(chr((0x20 | (v & 0x1F)) + 63))
                v >>= 5
            chars.append(chr(v + 63))
        px, py = ix, iy
    return "".join(chars)


def decode_ring(text: str) -> list[list[float]]:
    """The inverse of :func:`encode_ring` (for tests and tools), closed again."""
    values, shift, acc = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        acc |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(acc >> 1) if acc & 1 else acc >> 1)
            shift = acc = 0
    coords, x, y = [], 0, 0
    for dx, dy in zip(values[0::2], values[1::2]):
        x, y = x + dx, y + dy
        coords.append([x / 1e4, y / 1e4])
    return coords + coords[:1]


def _basemap_features(reader: Reader, path: Path, feats: Any) -> list[dict]:
    """The basemap's well-formed polygons; each malformed one is a problem."""
    if not isinstance(feats, list):
        reader.problem(path, "", "features", "expected a list of features")
        return []
    out = []
    for i, f in enumerate(feats):
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(props, dict) or not isinstance(f.get("geometry"), dict):
            reader.problem(path, f"#{i}", "", f"expected a Feature with properties and geometry, got {_short(f)}")
            continue
        iso = props.get("iso_a3")
        rid = iso if isinstance(iso, str) else f"#{i}"
        if not reader.check_strings(path, rid[:MAX_NAME_CHARS], props):
            continue
        geometry = f["geometry"]
        gtype = geometry.get("type")
        try:
            bad = (_coords_problem(gtype, geometry.get("coordinates"), BASEMAP_EAST)
                   if gtype in ("Polygon", "MultiPolygon")
                   else f"expected Polygon or MultiPolygon, got {_short(gtype)}")
        except RecursionError:
            bad = "coordinates nested too deeply"
        if bad:
            reader.problem(path, rid, "geometry", bad)
            continue
        out.append(f)
    return out


def state_shapes(basemap: dict[str, Any], iso_a3: str) -> list[dict]:
    """The basemap features that draw a state: its own unit or, when that lies
    outside the basemap (the US mainland), its territories in the region."""
    feats = basemap.get("features", [])
    own = [f for f in feats if f.get("properties", {}).get("iso_a3") == iso_a3]
    if own:
        return own
    return [f for f in feats if f.get("properties", {}).get("sov_a3") == iso_a3]


def _merge(shapes: list[dict]) -> dict | None:
    polys: list = []
    for f in shapes:
        g = f.get("geometry") or {}
        if g.get("type") == "Polygon":
            polys.append(g["coordinates"])
        elif g.get("type") == "MultiPolygon":
            polys.extend(g["coordinates"])
    if not polys:
        return None
    return {"type": "MultiPolygon", "coordinates": polys}


def load_states(reader: Reader, basemap: dict[str, Any]) -> list[State]:
    path = reader.root / "states.toml"
    out: list[State] = []
    for i, raw in enumerate(reader.table(path, "state")):
        rid = reader.record_id(raw, path, "state:", i)
        if not rid or not reader.claim(path, rid):
            continue
        iso = reader.text(raw, "iso_a3", path, rid, required=True).upper()
        geometry = _merge(state_shapes(basemap, iso))
        label = reader.point(raw, "label_point", path, rid)
        if geometry is None:
            reader.problem(path, rid, "iso_a3", f"no basemap polygon has iso_a3 {iso!r}")
            if not (isinstance(label, list) and len(label) == 2):
                continue
            geometry = {"type": "Point", "coordinates": label}
        if isinstance(label, list) and len(label) == 2:
            lon, lat = float(label[0]), float(label[1])
        else:
            lon, lat = _point_of(geometry)
        ties = []
        for t in reader.items(raw, "treaties", path, rid):
            if not isinstance(t, dict) or not t.get("name"):
                reader.problem(path, rid, "treaties", f"bad treaty entry {_short(t)}")
                continue
            year = t.get("year")
            ties.append(
                TreatyTie(
                    name=str(t["name"]),
                    year=int(year) if isinstance(year, int) else None,
                    provisions=reader.ids(t, "provisions", path, rid),
                )
            )
        out.append(
            State(
                **_common(reader, raw, path, rid),
                layer="states",
                lat=lat,
                lon=lon,
                geometry=geometry,
                iso_a3=iso,
                role=reader.text(raw, "role", path, rid, required=True),
                role_text=reader.text(raw, "role_text", path, rid),
                treaties=tuple(ties),
            )
        )
    return out
