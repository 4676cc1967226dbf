"""The basemap (countries) and the states drawn from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from explorer.atlas.loaders.checks import MAX_NAME_CHARS, _short
from explorer.atlas.loaders.features import _common
from explorer.atlas.loaders.geometry import _coords_problem, _point_of
from explorer.atlas.loaders.reader import Reader
from explorer.atlas.records import (
    State,
    TreatyTie,
)


def load_basemap(reader: Reader) -> dict[str, Any]:
    """The basemap FeatureCollection (countries with ``iso_a3``/``sov_a3``)."""
    paths = sorted((reader.root / "basemap").glob("*.geojson"))
    if not paths:
        reader.problem(reader.root / "basemap", "", "", "no basemap/*.geojson file")
        return {"type": "FeatureCollection", "features": []}
    data = reader.read_json(paths[0])
    if data:
        data["features"] = _basemap_features(reader, paths[0], data.get("features"))
    return data or {"type": "FeatureCollection", "features": []}


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
            bad = (_coords_problem(gtype, geometry.get("coordinates")) if gtype in ("Polygon", "MultiPolygon")
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
