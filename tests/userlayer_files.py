"""Real layer files for tests, written with geopandas/pyogrio at test time."""

from __future__ import annotations

import zipfile
from pathlib import Path

#: Known places (lon, lat) and their names.
PLACES = [("Naha port", 127.6700, 26.2200), ("Kushiro port", 144.3800, 42.9800), ("Sasebo pier", 129.7150, 33.1600)]


def frame(crs: str = "EPSG:4326"):
    import geopandas as gpd
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame({"name": [p[0] for p in PLACES], "note": ["<b>bold?</b>", "a & b", "三"],
                            "rank": [1, 2, 3]},
                           geometry=[Point(lon, lat) for _, lon, lat in PLACES], crs="EPSG:4326")
    return gdf if crs == "EPSG:4326" else gdf.to_crs(crs)


def geojson(d: Path) -> Path:
    p = d / "places.geojson"
    frame().to_file(p, driver="GeoJSON", engine="pyogrio")
    return p


def gpkg_two_layers(d: Path) -> Path:
    p = d / "two.gpkg"
    frame().iloc[:1].to_file(p, layer="first", driver="GPKG", engine="pyogrio")
    frame().to_file(p, layer="second", driver="GPKG", engine="pyogrio")
    return p


def zipped_shapefile(d: Path, crs: str = "EPSG:6677") -> Path:
    shp_dir = d / "shp"
    shp_dir.mkdir(exist_ok=True)
    frame(crs).to_file(shp_dir / "proj.shp", engine="pyogrio")
    z = d / "proj.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in shp_dir.iterdir():
            zf.write(f, f.name)
    return z


def kmz(d: Path) -> Path:
    kml = d / "doc.kml"
    frame().to_file(kml, driver="KML", engine="pyogrio")
    z = d / "places.kmz"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(kml, "doc.kml")
    kml.unlink()
    return z


def csv(d: Path) -> Path:
    p = d / "places.csv"
    rows = ["name,latitude,longitude,rank"] + [f"{n},{lat},{lon},{i}" for i, (n, lon, lat) in enumerate(PLACES, 1)]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return p
