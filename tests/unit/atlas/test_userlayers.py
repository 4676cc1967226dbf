"""Reading user layers: formats, reprojection within 1 m, CSV detection, choices never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyproj import Geod, Transformer

from explorer.atlas.userlayers import (LoadRequest, NeedsChoice, csv_columns, layer_id_for,
                                       read_layer)
from tests import userlayer_files as files

GEOD = Geod(ellps="WGS84")


def _read(path: Path, **kw):
    return read_layer(LoadRequest(path, layer_id="user-t", **kw))


@pytest.mark.parametrize("make", [files.geojson, files.kmz, files.csv])
def test_wgs84_formats_keep_positions(tmp_path, make):
    loaded = _read(make(tmp_path))
    assert [f.name for f in loaded.features] == [p[0] for p in files.PLACES]
    for f, (_, lon, lat) in zip(loaded.features, files.PLACES):
        assert GEOD.inv(lon, lat, f.lon, f.lat)[2] < 1.0


def test_projected_shapefile_is_reprojected_within_a_metre(tmp_path):
    loaded = _read(files.zipped_shapefile(tmp_path, "EPSG:6677"))
    assert loaded.crs == "EPSG:6677"
    fwd = Transformer.from_crs("EPSG:4326", "EPSG:6677", always_xy=True)
    inv = Transformer.from_crs("EPSG:6677", "EPSG:4326", always_xy=True)
    for f, (_, lon, lat) in zip(loaded.features, files.PLACES):
        x, y = fwd.transform(lon, lat)
        want = inv.transform(x, y)
        assert GEOD.inv(want[0], want[1], f.lon, f.lat)[2] < 1.0
        assert GEOD.inv(lon, lat, f.lon, f.lat)[2] < 1.0


def test_geopackage_with_two_layers_asks(tmp_path):
    p = files.gpkg_two_layers(tmp_path)
    with pytest.raises(NeedsChoice) as q:
        _read(p)
    assert q.value.what == "layer" and q.value.options == ("first", "second")
    assert len(_read(p, layer="second").features) == 3


def test_a_file_without_crs_is_asked_about(tmp_path):
    d = tmp_path / "s"
    d.mkdir()
    files.frame("EPSG:6677").to_file(d / "nocrs.shp", engine="pyogrio")
    (d / "nocrs.prj").unlink()
    with pytest.raises(NeedsChoice) as q:
        _read(d / "nocrs.shp")
    assert q.value.what == "crs"
    loaded = _read(d / "nocrs.shp", crs="EPSG:6677")
    assert GEOD.inv(files.PLACES[0][1], files.PLACES[0][2], loaded.features[0].lon, loaded.features[0].lat)[2] < 1.0
    assert any("assumed" in n for n in loaded.notes)


def test_csv_columns_detected_and_ambiguity_asked(tmp_path):
    assert csv_columns(["Name", "Latitude", "Longitude"]) == ["Latitude,Longitude"]
    assert csv_columns(["id", "WKT"]) == ["wkt:WKT"]
    assert csv_columns(["x", "y"]) == ["y,x"]
    p = tmp_path / "both.csv"
    p.write_text("name,lat,lon,wkt\nA,26.2,127.7,POINT (139.7 35.6)\n", encoding="utf-8")
    with pytest.raises(NeedsChoice) as q:
        _read(p)
    assert q.value.options == ("lat,lon", "wkt:wkt")
    with pytest.raises(NeedsChoice) as q:  # WKT has no CRS of its own: asked, not guessed
        _read(p, columns="wkt:wkt")
    assert q.value.what == "crs"
    f = _read(p, columns="wkt:wkt", crs="EPSG:4326").features[0]
    assert (round(f.lon, 3), round(f.lat, 3)) == (139.7, 35.6)
    f = _read(p, columns="lat,lon").features[0]
    assert (round(f.lon, 3), round(f.lat, 3)) == (127.7, 26.2)


def test_invalid_polygon_is_repaired_and_said(tmp_path):
    p = tmp_path / "bowtie.geojson"
    p.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"bow"},'
                 '"geometry":{"type":"Polygon","coordinates":[[[127,26],[128,27],[128,26],[127,27],[127,26]]]}}]}')
    loaded = _read(p)
    assert loaded.shape == "area" and any("repaired" in n for n in loaded.notes)


def test_large_layers_are_sampled_and_said(tmp_path, monkeypatch):
    from explorer.atlas import userlayers

    monkeypatch.setattr(userlayers, "MAX_FEATURES", 2)
    loaded = _read(files.geojson(tmp_path))
    assert len(loaded.features) == 2 and any("sample" in n for n in loaded.notes)


def test_open_close_and_ids(tmp_path, catalog):
    from explorer.workspace import Workspace

    loaded = _read(files.geojson(tmp_path))
    n = len(catalog.features)
    ws = Workspace(catalog)
    ws.add_layer(loaded)
    assert ws.catalog.is_feature("user-t", loaded.features[0].id)
    assert ws.catalog.search("Sasebo pier")[0].id == loaded.features[2].id
    assert len(catalog.features) == n  # the atlas itself is never changed
    ws.remove_layer("user-t")
    assert len(ws.features) == n
    assert layer_id_for(Path("My Data.geojson"), lambda i: i == "user-my-data") == "user-my-data-2"


def test_attribute_filter_constrains_only_its_own_layer(tmp_path, catalog):
    from explorer.atlas.query import Filter, facet_counts, select

    from explorer.workspace import Workspace

    loaded = _read(files.geojson(tmp_path))
    ws = Workspace(catalog)
    ws.add_layer(loaded)
    catalog = ws.catalog
    flt = Filter(attribute={"user-t:rank=2"})
    kept = set(select(catalog, flt))
    assert {f.id for f in loaded.features} & kept == {loaded.features[1].id}
    assert "base:futenma" in kept  # other layers pass an attribute constraint they have no part in
    assert Filter.from_json(flt.to_json()) == flt
    counts = facet_counts(catalog, Filter())["attribute"]
    assert counts["user-t:rank=2"] == 1 and counts["user-t:name=Naha port"] == 1
