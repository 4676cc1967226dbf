"""GeoJSON and KML of the visible layers, written with geopandas/pyogrio.

Properties carry what a GIS user needs to cite the feature: names, dates,
kind, the provisions and controversies linked to it, and its sources as
readable text, not only ids.
"""

from __future__ import annotations

import json
from pathlib import Path

from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Feature
from explorer.export.files import atomic_path
from explorer.mapping.state import MapState
from explorer.present.dossier import dossier_dict, feature_properties


def _row(catalog: Catalog, f: Feature) -> dict:
    """One feature's attribute row, from the presenter (the one place facts become text)."""
    props = feature_properties(dossier_dict(catalog, f.id))
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in props.items()}


def frame(catalog: Catalog, state: MapState):
    """The visible layers' features as a GeoDataFrame in EPSG:4326."""
    import geopandas as gpd
    from shapely.geometry import shape

    feats = [f for layer in state.layers for f in catalog.layer(layer)]
    from explorer.mapping.derive import visible_ids

    shown = visible_ids(catalog, state)  # filter and as-of date: a hidden feature is not exported
    if shown is not None and state.filter_mode == "hide":
        keep = set(shown)
        feats = [f for f in feats if f.id in keep]
        if not feats:
            from explorer.errors import ExportError

            raise ExportError("nothing to export: the filter and as-of date leave no feature on the map")
    rows = [_row(catalog, f) for f in feats]
    geoms = [shape(f.geometry) for f in feats]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def export_geo(catalog: Catalog, state: MapState, out: Path, fmt: str) -> Path:
    """Write GeoJSON or KML atomically."""
    gdf = frame(catalog, state)
    driver = {"geojson": "GeoJSON", "kml": "KML"}[fmt]
    if fmt == "kml":
        # KML wants longitudes in [-180, 180]; Google Earth joins 179.9 to -179.9
        # the short way, so wrapping vertex by vertex keeps rings that cross 180°.
        import shapely

        # KML's own Placemark "id" attribute would shadow ours on reading back.
        gdf = gdf.rename(columns={"name": "Name", "description": "Description", "id": "atlas_id"})
        gdf["geometry"] = shapely.transform(
            gdf.geometry.values, lambda xy: ((xy + [180.0, 0.0]) % [360.0, 1e9]) - [180.0, 0.0])
    with atomic_path(out) as tmp:
        tmp.unlink()  # OGR refuses to write over an existing file
        gdf.to_file(tmp, driver=driver, engine="pyogrio", layer="alliance_explorer")
    return out
