"""GeoJSON and KML of the visible layers, for QGIS and Google Earth.

Properties carry what a GIS user needs to cite the feature: names, dates,
kind, the provisions and controversies linked to it, and its sources as
readable text, not only ids. GeoJSON keeps their JSON types (booleans,
numbers, lists, null). Geometries that cross the antimeridian (the map draws
them with continuous longitudes past 180°) are split there, as RFC 7946
§3.1.9 asks, so every coordinate has lon in [-180, 180] and lat in [-90, 90].
KML gets one style per legend class and each Placemark points at its own.

Both files are written here with the standard library's ``json`` and
``xml.etree`` (escaped by construction), verified by parsing them back, and
only then put in place.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any, Iterable

from explorer import i18n, log
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Feature
from explorer.errors import ExportError
from explorer.export.files import atomic_path, verifier
from explorer.i18n import tr
from explorer.mapping.state import MapState
from explorer.mapping.style import SYMBOLS
from explorer.present.dossier import dossier_dict, feature_properties
from explorer.workspace import Workspace

LAYER_NAME = "alliance_explorer"
KML_NS = "http://www.opengis.net/kml/2.2"
#: Removed from exported text: C0 controls but tab and newline, DEL, C1 controls, lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _row(catalog: Catalog, f: Feature, when=None) -> dict:
    """One feature's attribute row, as JSON values: from the presenter, the one place facts become text."""
    return feature_properties(dossier_dict(catalog, f.id, when))


# -- properties ---------------------------------------------------------------------

def _clean_value(value: Any, dirty: list[bool]) -> Any:
    if isinstance(value, str):
        cleaned = _CONTROL.sub("", value)
        if cleaned != value:
            dirty.append(True)
        return cleaned
    if isinstance(value, float) and not math.isfinite(value):
        dirty.append(True)
        return None
    if isinstance(value, (list, tuple)):
        return [_clean_value(v, dirty) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean_value(v, dirty) for k, v in value.items()}
    return value


def sanitised(props: dict) -> dict:
    """``props`` with control characters (NUL...) removed from text; ``note_sanitised`` says which keys."""
    out: dict = {}
    changed: list[str] = []
    for key, value in props.items():
        dirty: list[bool] = []
        out[key] = _clean_value(value, dirty)
        if dirty:
            changed.append(key)
    if changed:
        out["note_sanitised"] = tr("control characters removed from: {keys}", keys=", ".join(changed))
        log.export.warning("%s: control characters removed from %s", props.get("id", "?"), ", ".join(changed))
    return out


# -- geometry -----------------------------------------------------------------------

def _unwrap_ring(ring: list, ref: float | None = None) -> list[tuple[float, float]]:
    """Longitudes made continuous (no step over 180°), starting within 180° of ``ref``."""
    out: list[tuple[float, float]] = []
    for pos in ring:
        lon, lat = float(pos[0]), float(pos[1])
        prev = out[-1][0] if out else ref
        if prev is not None:
            lon += 360.0 * round((prev - lon) / 360.0)
        out.append((lon, lat))
    return out


def _polygon_unwrapped(rings: list):
    from shapely.geometry import Polygon

    outer = _unwrap_ring(rings[0])
    if outer and abs(outer[-1][0] - outer[0][0]) > 1e-9:
        # The ring goes once round the globe: it encloses a pole. Close it over that pole.
        pole = 90.0 if max(p[1] for p in outer) >= -min(p[1] for p in outer) else -90.0
        outer = [*outer, (outer[-1][0], pole), (outer[0][0], pole), outer[0]]
    holes = [_unwrap_ring(r, outer[0][0]) for r in rings[1:]]
    return Polygon(outer, holes)


def _shapely_unwrapped(geometry: dict):
    """The geometry in continuous longitudes (as the map draws it)."""
    from shapely.geometry import LineString, MultiLineString, MultiPoint, MultiPolygon, Point

    gtype, coords = geometry["type"], geometry["coordinates"]
    if gtype == "Point":
        return Point(float(coords[0]), float(coords[1]))
    if gtype == "MultiPoint":
        return MultiPoint([(float(c[0]), float(c[1])) for c in coords])
    if gtype == "LineString":
        return LineString(_unwrap_ring(coords))
    if gtype == "MultiLineString":
        return MultiLineString([_unwrap_ring(line) for line in coords])
    if gtype == "Polygon":
        return _polygon_unwrapped(coords)
    if gtype == "MultiPolygon":
        return MultiPolygon([_polygon_unwrapped(p) for p in coords])
    raise ExportError(f"cannot export a {gtype} geometry")


def _wrap_lon(lon: float) -> float:
    wrapped = ((lon + 180.0) % 360.0) - 180.0
    return 180.0 if wrapped == -180.0 and lon > 0 else wrapped


def split_antimeridian(geometry: dict) -> dict:
    """A GeoJSON geometry with every lon in [-180, 180]: split at the antimeridian, never wrapped vertex by vertex."""
    import shapely
    from shapely.affinity import translate
    from shapely.geometry import MultiLineString, MultiPoint, MultiPolygon, box, mapping

    geom = _shapely_unwrapped(geometry)
    if geom.geom_type in ("Point", "MultiPoint"):
        pts = [(_wrap_lon(p.x), max(-90.0, min(90.0, p.y))) for p in getattr(geom, "geoms", [geom])]
        return mapping(MultiPoint(pts)) if geom.geom_type == "MultiPoint" else {"type": "Point", "coordinates": pts[0]}
    minx, _, maxx, _ = geom.bounds
    pieces = []
    for k in range(math.floor((minx + 180.0) / 360.0), math.floor((maxx + 180.0) / 360.0) + 1):
        west = -180.0 + 360.0 * k
        part = geom.intersection(box(west, -90.0, west + 360.0, 90.0))
        if not part.is_empty:
            pieces.append(translate(part, xoff=-360.0 * k))
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        polys = [p for piece in pieces for p in shapely.get_parts(piece) if p.geom_type == "Polygon" and not p.is_empty]
        if len(polys) == 1 and geom.geom_type == "Polygon":
            return mapping(polys[0])
        return mapping(MultiPolygon(polys))
    lines = [g for piece in pieces for g in shapely.get_parts(shapely.line_merge(piece) if piece.geom_type == "MultiLineString" else piece)
             if g.geom_type == "LineString" and not g.is_empty]
    if len(lines) == 1 and geom.geom_type == "LineString":
        return mapping(lines[0])
    return mapping(MultiLineString(lines))


def _as_lists(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [float(c) for c in coords[:2]]
    return [_as_lists(c) for c in coords]


def features(workspace: Workspace, state: MapState) -> list[dict]:
    """The visible layers' features as GeoJSON Feature objects (EPSG:4326, RFC 7946).

    Attributes are the presenter's dossier seen from the state's date, as the
    panel, popups and PDFs give it.
    """
    from explorer.mapping.derive import visible_ids

    catalog = workspace.catalog
    shown = visible_ids(catalog, state)  # filter and as-of date: a hidden feature is not exported
    keep = set(shown) if shown is not None and state.filter_mode == "hide" else None
    out = []
    for layer in state.layers:
        if layer not in workspace.registry:
            continue
        spec = workspace.registry.get(layer)
        for f in catalog.layer(layer):
            if keep is not None and f.id not in keep:
                continue
            geometry = split_antimeridian(f.geometry)
            out.append({"type": "Feature", "id": f.id, "properties": sanitised(_row(catalog, f, state.when)),
                        "geometry": {"type": geometry["type"], "coordinates": _as_lists(geometry["coordinates"])},
                        "_style": spec.style_key(f)})
    if keep is not None and not out:
        from explorer.errors import ExportError

        raise ExportError("nothing to export: the filter and as-of date leave no feature on the map")
    return out


def frame(workspace: Workspace, state: MapState):
    """The visible layers' features as a GeoDataFrame in EPSG:4326."""
    import geopandas as gpd
    from shapely.geometry import shape

    feats = features(workspace, state)
    return gpd.GeoDataFrame([f["properties"] for f in feats], geometry=[shape(f["geometry"]) for f in feats],
                            crs="EPSG:4326")


# -- writers --------------------------------------------------------------------------

def geojson_bytes(feats: list[dict]) -> bytes:
    doc = {"type": "FeatureCollection", "name": LAYER_NAME,
           "features": [{k: v for k, v in f.items() if not k.startswith("_")} for f in feats]}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def _kml_color(hex_rgb: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` and an opacity as KML's ``aabbggrr``."""
    rgb = hex_rgb.lstrip("#") or "000000"
    alpha = max(0, min(255, round(opacity * 255)))
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _kml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _kml_type(values: Iterable[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "bool"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _kml_coords(ring: list) -> str:
    return " ".join(f"{c[0]!r},{c[1]!r}" for c in ring)


def _kml_geometry(parent, geometry: dict) -> None:
    from xml.etree.ElementTree import SubElement

    gtype, coords = geometry["type"], geometry["coordinates"]
    if gtype.startswith("Multi"):
        multi = SubElement(parent, "MultiGeometry")
        for part in coords:
            _kml_geometry(multi, {"type": gtype.removeprefix("Multi"), "coordinates": part})
    elif gtype == "Point":
        SubElement(SubElement(parent, "Point"), "coordinates").text = _kml_coords([coords])
    elif gtype == "LineString":
        line = SubElement(parent, "LineString")
        SubElement(line, "tessellate").text = "1"
        SubElement(line, "coordinates").text = _kml_coords(coords)
    elif gtype == "Polygon":
        poly = SubElement(parent, "Polygon")
        for i, ring in enumerate(coords):
            boundary = SubElement(poly, "outerBoundaryIs" if i == 0 else "innerBoundaryIs")
            SubElement(SubElement(boundary, "LinearRing"), "coordinates").text = _kml_coords(ring)


def kml_bytes(feats: list[dict]) -> bytes:
    """KML 2.2: one Style per legend class, a Schema for the attributes, one Placemark per feature."""
    from xml.etree.ElementTree import Element, SubElement, tostring

    kml = Element("kml", xmlns=KML_NS)
    doc = SubElement(kml, "Document", id=f"{LAYER_NAME}_document")  # xs:ID: unique in the file
    SubElement(doc, "name").text = "Alliance Explorer"
    for sym in SYMBOLS:
        style = SubElement(doc, "Style", id=sym.key)
        icon = SubElement(style, "IconStyle")
        SubElement(icon, "color").text = _kml_color(sym.fill or sym.color)
        SubElement(icon, "scale").text = f"{max(sym.radius, 5) / 6:.2f}"
        SubElement(style, "LabelStyle").append(_text_el("scale", "0.8"))
        line = SubElement(style, "LineStyle")
        SubElement(line, "color").text = _kml_color(sym.color)
        SubElement(line, "width").text = f"{sym.weight:g}"
        poly = SubElement(style, "PolyStyle")
        SubElement(poly, "color").text = _kml_color(sym.fill or sym.color, sym.fill_opacity)
        SubElement(poly, "fill").text = "1" if sym.fill and sym.fill_opacity > 0 else "0"
        SubElement(poly, "outline").text = "1"
    # KML's own Placemark "id" and "name"/"description" elements: ours go in as
    # Name/Description and atlas_id, as OGR names them on reading back.
    keys: list[str] = []
    for f in feats:
        keys.extend(k for k in f["properties"] if k not in keys and k not in ("name", "description"))
    fields = {k: ("atlas_id" if k == "id" else k) for k in keys}
    schema = SubElement(doc, "Schema", name=LAYER_NAME, id=LAYER_NAME)
    for k, name in fields.items():
        SubElement(schema, "SimpleField", name=name, type=_kml_type(f["properties"].get(k) for f in feats))
    folder = SubElement(doc, "Folder")
    SubElement(folder, "name").text = LAYER_NAME
    for f in feats:
        props = f["properties"]
        mark = SubElement(folder, "Placemark")
        # The name a reader of the app's language knows it by (普天間飛行場); both stay in the attributes.
        SubElement(mark, "name").text = (props.get("name_ja") if i18n.is_japanese() and props.get("name_ja")
                                         else props.get("name", ""))
        SubElement(mark, "description").text = props.get("description", "")
        SubElement(mark, "styleUrl").text = f"#{f['_style']}"
        data = SubElement(SubElement(mark, "ExtendedData"), "SchemaData", schemaUrl=f"#{LAYER_NAME}")
        for k, name in fields.items():
            value = props.get(k)
            if value is not None:
                SubElement(data, "SimpleData", name=name).text = _kml_text(value)
        _kml_geometry(mark, f["geometry"])
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(kml, encoding="utf-8", xml_declaration=False)


def _text_el(tag: str, text: str):
    from xml.etree.ElementTree import Element

    el = Element(tag)
    el.text = text
    return el


def export_geo(workspace: Workspace, state: MapState, out: Path, fmt: str) -> Path:
    """Write GeoJSON or KML atomically, verified by parsing it back."""
    feats = features(workspace, state)
    data = geojson_bytes(feats) if fmt == "geojson" else kml_bytes(feats)
    with atomic_path(out, verify=verifier(fmt)) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    return out


__all__ = ["export_geo", "features", "frame", "split_antimeridian", "sanitised"]
