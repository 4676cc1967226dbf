"""Every bad layer file gets one clear message; nothing crashes, nothing is fetched or written."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from explorer.atlas.userlayers import MAX_FILE_BYTES, LayerFileError, LoadRequest, read_layer

BAD = Path(__file__).resolve().parents[2] / "data" / "bad_layers"
#: Files that open, but with a note saying what was done (not errors).
LOADS_WITH_NOTE = {}


def _generated(tmp: Path) -> list[Path]:
    big = tmp / "big.geojson"
    with open(big, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    bomb = tmp / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("layer.shp", "w") as fh:
            chunk = b"\x00" * (1 << 20)
            for _ in range(40):
                fh.write(chunk)
    nonutf8 = tmp / "latin1.csv"
    nonutf8.write_bytes("name,lat,lon\nCaf\xe9 Ry\xfbky\xfb,26.2,127.7\n".encode("latin-1"))
    return [big, bomb]


def _corpus(tmp: Path) -> list[Path]:
    files = sorted(p for p in BAD.iterdir() if p.name != "README.md")
    work = tmp / "corpus"
    shutil.copytree(BAD, work)
    return [work / p.name for p in files] + _generated(tmp)


def _listing(d: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in d.rglob("*")}


def test_corpus_has_at_least_twenty_cases(tmp_path):
    assert len(_corpus(tmp_path)) >= 20
    assert os.stat(tmp_path / "big.geojson").st_size > MAX_FILE_BYTES


def test_each_bad_file_gets_one_clear_message_and_nothing_is_written(tmp_path):
    files = _corpus(tmp_path)
    before = _listing(tmp_path)
    for path in files:
        with pytest.raises(LayerFileError) as err:
            read_layer(LoadRequest(path, layer_id="user-bad"))
        msg = str(err.value)
        assert path.name in msg, msg
        assert "\n" not in msg and len(msg) < 400, msg
        assert "Traceback" not in msg
    assert _listing(tmp_path) == before  # nothing unpacked, nothing half-written
    assert not (tmp_path.parent / "evil.shp").exists()


def test_the_reasons_are_the_right_ones(tmp_path):
    files = {p.name: p for p in _corpus(tmp_path)}

    def why(name: str) -> str:
        with pytest.raises(LayerFileError) as err:
            read_layer(LoadRequest(files[name], layer_id="user-bad"))
        return str(err.value)

    assert "empty" in why("empty.geojson")
    assert "MB" in why("big.geojson")
    assert "zip bomb" in why("bomb.zip")
    assert "outside itself" in why("path_traversal.zip")
    assert "virtual file" in why("vrt_in_json.json")
    assert "not a layer format" in why("wrong_ext.txt")
    assert "coordinate reference system" in why("unknown_crs.zip")
    assert "virtual file" in why("vrt_in.kml")
    assert "usable coordinates" in why("out_of_range.geojson")
    assert "no latitude/longitude" in why("no_coords.csv")
    assert ".shx" in why("missing_shx.shp")
    assert "is a link to another file or address" in why("linked_crs.geojson")
    # In the user's words, not GDAL's or SQLite's.
    assert why("text_as.gpkg") == "text_as.gpkg: not a GeoPackage, or damaged"
    assert why("lat_abc.csv") == "lat_abc.csv: rows 2–3: latitude is not a number"
    assert why("bad_latlon.csv").startswith("bad_latlon.csv: row 2: latitude is not a number")
    assert why("truncated.fgb") == "truncated.fgb: damaged or cut short"
    assert why("truncated.geojson").startswith("truncated.geojson: not valid GeoJSON: line 1, character")
    for name in files:
        if name not in ("big.geojson", "bomb.zip"):
            with pytest.raises(LayerFileError) as err:
                read_layer(LoadRequest(files[name], layer_id="user-bad"))
            text = str(err.value).lower()
            assert not any(w in text for w in ("sqlite", "configuration option", "ogr_", "the filethe", "projected crs?")
                           if not (w == "projected crs?" and name.endswith(".geojson"))), str(err.value)
    assert "(" in why("unknown_epsg.geojson") and "EPSG::99999" in why("unknown_epsg.geojson")


def test_non_utf8_attributes_load_with_a_note(tmp_path):
    _generated(tmp_path)
    loaded = read_layer(LoadRequest(tmp_path / "latin1.csv", layer_id="user-latin"))
    assert loaded.features[0].name == "Café Ryûkyû"
    assert any("not UTF-8" in n for n in loaded.notes)


def test_kml_links_and_images_are_never_fetched(tmp_path):
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    srv.settimeout(2.0)
    port = srv.getsockname()[1]
    hits: list[bytes] = []

    def accept() -> None:
        try:
            conn, _ = srv.accept()
            hits.append(conn.recv(100))
        except OSError:
            pass

    t = threading.Thread(target=accept)
    t.start()
    kml = tmp_path / "linked.kml"
    kml.write_text(f"""<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Style id="s"><IconStyle><Icon><href>http://127.0.0.1:{port}/icon.png</href></Icon></IconStyle></Style>
<NetworkLink><Link><href>http://127.0.0.1:{port}/more.kml</href></Link></NetworkLink>
<Placemark><name>Here</name><styleUrl>#s</styleUrl><Point><coordinates>127.7,26.2</coordinates></Point></Placemark>
</Document></kml>""", encoding="utf-8")
    loaded = read_layer(LoadRequest(kml, layer_id="user-linked"))
    t.join()
    srv.close()
    assert hits == []
    assert [f.name for f in loaded.features] == ["Here"]
    assert any("not fetched" in n for n in loaded.notes)


def test_a_csv_with_some_bad_rows_loads_the_others_and_says_which(tmp_path):
    csv = tmp_path / "some.csv"
    csv.write_text("name,lat,lon\nA,abc,127.7\nB,26.1,127.8\nC,95,127.9\nD,26.3,\n", encoding="utf-8")
    loaded = read_layer(LoadRequest(csv, layer_id="user-some"))
    assert [f.name for f in loaded.features] == ["B"]
    assert ("row 2: latitude is not a number; row 4: latitude is outside ±90°; row 5: longitude is missing; "
            "left out") in loaded.notes


@pytest.mark.slow  # seconds on its own: a huge input, or several processes
def test_a_polygon_of_two_million_vertices_is_simplified_for_display_not_refused(tmp_path):
    """GDAL refuses such a GeoJSON object by default ("too complex"); the README promises simplification."""
    import json
    import math

    from explorer.atlas.userlayers import MAX_VERTICES

    n = 2 * MAX_VERTICES
    ring = [[round(127.7 + 0.5 * math.cos(2 * math.pi * i / n), 6), round(26.2 + 0.5 * math.sin(2 * math.pi * i / n), 6)]
            for i in range(n)]
    ring.append(ring[0])
    path = tmp_path / "huge.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Huge"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]},
        separators=(",", ":")), encoding="utf-8")
    loaded = read_layer(LoadRequest(path, layer_id="user-huge"))
    (feature,) = loaded.features
    assert feature.name == "Huge" and feature.geometry["type"] == "Polygon"
    kept = len(feature.geometry["coordinates"][0])
    assert 8 < kept <= MAX_VERTICES
    assert f"shapes simplified for display to {kept:,} vertices" in " ".join(loaded.notes), loaded.notes
