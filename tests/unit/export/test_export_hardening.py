"""Exports never lie: verified files, no partial or clobbered files, GIS files that round-trip.

The Qt formats (PNG, PDF) have the same tests in tests/gui/test_export_hardening.py.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import warnings
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.errors import ExportError
from explorer.export import files
from explorer.export.files import atomic_path, check_target, verify
from explorer.export.geo import sanitised, split_antimeridian
from explorer.mapping.layers import style_key
from explorer.mapping.style import SYMBOLS
from tests.export_proc import leftovers, run_export, small_tmpfs

DATA_FORMATS = ["geojson", "kml", "html"]


# -- verify ------------------------------------------------------------------------------

GOOD = {
    "geojson": b'{"type": "FeatureCollection", "features": []}',
    "kml": b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
    "png": files.PNG_SIGNATURE + b"\x00" * 20 + files.PNG_IEND,
    "pdf": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
    "html": b"<!DOCTYPE html>\n<html><body>x</body></html>\n",
}


@pytest.mark.parametrize("fmt", sorted(GOOD))
def test_verify_accepts_a_complete_file_and_rejects_a_truncated_one(tmp_path, fmt):
    path = tmp_path / f"x.{fmt}"
    path.write_bytes(GOOD[fmt])
    verify(fmt, path)
    path.write_bytes(GOOD[fmt][: len(GOOD[fmt]) * 2 // 3])
    with pytest.raises(ExportError, match="broken"):
        verify(fmt, path)


def test_verify_rejects_nan_in_geojson(tmp_path):
    path = tmp_path / "x.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [NaN]}')
    with pytest.raises(ExportError):
        verify("geojson", path)


def test_a_file_that_fails_verification_is_not_put_in_place(tmp_path):
    target = tmp_path / "m.kml"
    with pytest.raises(ExportError, match="broken"):
        with atomic_path(target, verify=files.verifier("kml")) as tmp:
            tmp.write_text("<kml><Document>")  # truncated
    assert leftovers(tmp_path, "m.kml") == []


# -- targets that must not be replaced ------------------------------------------------------

def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "t.geojson"
    os.mkfifo(path)
    return path


def _symlink(tmp_path: Path) -> Path:
    real = tmp_path / "real.geojson"
    real.write_text("precious")
    link = tmp_path / "t.geojson"
    link.symlink_to(real)
    return link


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "t.geojson"
    path.mkdir()
    return path


@pytest.mark.parametrize("make, word", [(_fifo, "FIFO"), (_symlink, "symbolic link"), (_directory, "directory")])
def test_force_replaces_only_regular_files(tmp_path, capsys, make, word):
    target = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["export", "--out", str(target), "--force", "--layers", "bases"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and word in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if make is _symlink:
        assert (tmp_path / "real.geojson").read_text() == "precious"


def test_force_on_a_device_is_refused(capsys):
    assert main(["export", "--out", "/dev/null", "--format", "geojson", "--force"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "device" in err[0]


def test_force_on_a_fifo_in_a_fresh_process_does_not_hang(tmp_path):
    target = _fifo(tmp_path)
    proc = run_export(target, "--force", "--layers", "bases")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "FIFO" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.geojson"]


# -- concurrent exports -----------------------------------------------------------------------

def test_second_of_two_concurrent_exports_fails_cleanly(tmp_path):
    target = tmp_path / "m.geojson"
    check_target(target, force=False)  # both exports pass the early check: no file yet
    first = atomic_path(target)
    second = atomic_path(target)
    tmp1 = first.__enter__()
    tmp2 = second.__enter__()
    tmp1.write_text('{"type": "FeatureCollection", "features": []}')
    tmp2.write_text('{"type": "FeatureCollection", "features": [], "second": true}')
    first.__exit__(None, None, None)
    with pytest.raises(ExportError, match="file exists"):
        second.__exit__(None, None, None)
    assert "second" not in target.read_text()  # the first export's file is intact
    assert leftovers(tmp_path, "m.geojson") == ["m.geojson"]


@pytest.mark.slow  # seconds on its own: a huge input, or several processes
def test_concurrent_cli_exports_one_wins_one_fails_with_one_line(tmp_path):
    import subprocess

    from tests.export_proc import ROOT, export_cmd

    target = tmp_path / "m.kml"
    procs = [subprocess.Popen(export_cmd(target), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, stdin=subprocess.DEVNULL) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, err in results if code == 2)
    assert len(loser.strip().splitlines()) == 1 and "exists" in loser
    verify("kml", target)
    assert leftovers(tmp_path, "m.kml") == ["m.kml"]


# -- full disk, size limit ---------------------------------------------------------------------

def _assert_clean_failure(proc, directory: Path, name: str, reason: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert reason in lines[0]
    assert leftovers(directory, name) == []


@pytest.mark.parametrize("fmt", DATA_FORMATS)
def test_full_disk_gives_one_line_exit_2_and_no_file(tmp_path, fmt):
    with small_tmpfs(tmp_path) as mnt:
        if mnt is None:
            pytest.skip("cannot mount a tmpfs here (the ulimit test covers the same path)")
        proc = run_export(mnt / f"m.{fmt}")
        _assert_clean_failure(proc, mnt, f"m.{fmt}", "no space left on device")


@pytest.mark.parametrize("fmt", DATA_FORMATS)
def test_file_size_limit_gives_one_line_exit_2_and_no_file(tmp_path, fmt):
    proc = run_export(tmp_path / f"m.{fmt}", fsize=100_000)
    _assert_clean_failure(proc, tmp_path, f"m.{fmt}", "file too large")


def test_an_io_error_is_one_clean_line(tmp_path, monkeypatch, capsys):
    def failing_open(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("explorer.export.geo.open", failing_open, raising=False)
    target = tmp_path / "m.geojson"
    assert main(["export", "--out", str(target), "--layers", "bases"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Input/output error" in err[0]
    assert leftovers(tmp_path, "m.geojson") == []


# -- signals ----------------------------------------------------------------------------------

@pytest.mark.parametrize("signame, code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_during_a_data_export_removes_the_temp_file(tmp_path, monkeypatch, capsys, signame, code):
    """The signal arrives while the temp file exists (raised from inside the writer)."""
    sig = getattr(signal, signame)
    seen: list[Path] = []
    real_open = open

    def open_then_signal(path, *args, **kwargs):
        seen.append(Path(path))
        fh = real_open(path, *args, **kwargs)
        try:
            os.kill(os.getpid(), sig)  # the handler raises here, with the temp file open
            for _ in range(1000):
                pass
        except BaseException:
            fh.close()
            raise
        return fh

    monkeypatch.setattr("explorer.export.geo.open", open_then_signal, raising=False)
    target = tmp_path / "m.geojson"
    # What was there before (a test runner's worker may have its own SIGINT handling).
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert main(["export", "--out", str(target), "--layers", "bases"]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"alliance-explorer: error: interrupted by {signame}; nothing was written"]
    assert seen and seen[0].name.startswith(".m.geojson.")
    assert leftovers(tmp_path, "m.geojson") == []
    # The handlers are restored afterwards.
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


# -- GIS round trip ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_exports(tmp_path_factory):
    """GeoJSON and KML of every layer of the real atlas."""
    d = tmp_path_factory.mktemp("gis")
    for fmt in ("geojson", "kml"):
        assert main(["export", "--out", str(d / f"atlas.{fmt}")]) == 0
    return d


def _out_of_range(coords) -> int:
    lon, lat = coords[:, 0], coords[:, 1]
    return int(((lon < -180) | (lon > 180) | (lat < -90) | (lat > 90)).sum())


@pytest.mark.parametrize("fmt", ["geojson", "kml"])
def test_gdal_reads_every_coordinate_in_range(real_exports, catalog, fmt):
    import pyogrio
    import shapely

    frame = pyogrio.read_dataframe(real_exports / f"atlas.{fmt}")
    coords = shapely.get_coordinates(frame.geometry.values)
    assert len(coords) > 10_000
    assert _out_of_range(coords) == 0
    ids = frame["atlas_id" if fmt == "kml" else "id"]
    assert sorted(ids) == sorted(catalog.features)
    names = frame.set_index(ids)
    futenma = catalog.feature("base:futenma")
    assert names.loc["base:futenma", "Name" if fmt == "kml" else "name"] == futenma.name
    assert names.loc["base:futenma", "name_ja"] == futenma.name_ja == "普天間飛行場"


def test_southern_latitudes_survive(real_exports, catalog):
    """The old wrapping took latitude modulo too: everything south of the equator broke."""
    import pyogrio
    import shapely

    frame = pyogrio.read_dataframe(real_exports / "atlas.kml").set_index("atlas_id")
    south = [fid for fid, f in catalog.features.items() if f.layer == "states"
             and shapely.geometry.shape(f.geometry).bounds[1] < 0]
    assert south, "the atlas has a state south of the equator"
    for fid in south:
        want = shapely.geometry.shape(catalog.feature(fid).geometry).bounds[1]
        assert frame.loc[fid, "geometry"].bounds[1] == pytest.approx(want, abs=1e-6)


def test_geojson_properties_keep_their_types(real_exports, catalog):
    doc = json.loads((real_exports / "atlas.geojson").read_text(encoding="utf-8"), parse_constant=pytest.fail)
    feats = {f["properties"]["id"]: f for f in doc["features"]}
    futenma = feats["base:futenma"]["properties"]
    assert futenma["attr_on_mod_exclusive_list"] is True and futenma["attr_use"] == "us"
    assert futenma["attr_status_year"] == 1996 and isinstance(futenma["attr_status_year"], int)
    assert isinstance(futenma["attr_area_km2"], float)
    ranged = next(f["properties"] for f in feats.values() if f["properties"].get("attr_range_km"))
    assert isinstance(ranged["attr_range_km"], list) and all(isinstance(v, float) for v in ranged["attr_range_km"])
    japan = feats["state:jpn"]["properties"]
    assert isinstance(japan["attr_treaties"], list) and isinstance(japan["attr_treaties"][0], dict)
    for f in feats.values():
        for value in f["properties"].values():
            assert value not in ("True", "False", "None", "nan"), f["properties"]["id"]
            assert not (isinstance(value, str) and value.startswith("[") and value.endswith("]"))
    # a null stays null
    assert any(v is None for f in feats.values() for v in f["properties"].values())
    for f in doc["features"]:
        coords = _flat(f["geometry"]["coordinates"])
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in coords), f["id"]


def _flat(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [coords]
    return [p for c in coords for p in _flat(c)]


def _fastkml():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fastkml warns when lxml is absent
        import fastkml
    return fastkml


def test_kml_has_one_style_per_legend_class_and_each_placemark_uses_its_own(real_exports, catalog):
    fastkml = _fastkml()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Checked against the OGC KML 2.2 schema (lxml, in the test extras): a repeated id fails it.
        doc = fastkml.KML.parse(str(real_exports / "atlas.kml"), validate=True).features[0]
    styles = {s.id: s for s in doc.styles}
    assert sorted(styles) == sorted(s.key for s in SYMBOLS)
    marks = [m for folder in doc.features for m in folder.features]
    assert len(marks) == len(catalog.features)
    for m in marks:
        data = {d.name: d.value for sd in m.extended_data.elements for d in sd.data}
        fid = data["atlas_id"]
        assert m.style_url.url == f"#{style_key(catalog.feature(fid))}", fid
        assert m.name == catalog.feature(fid).name
        assert (data.get("name_ja") or "") == catalog.feature(fid).name_ja
        for x, y, *_ in _kml_coords(m.geometry):
            assert -180 <= x <= 180 and -90 <= y <= 90, fid
    colours = {s.id: s.styles for s in doc.styles}
    assert all(colours.values())


def test_every_kml_id_is_unique(real_exports):
    from xml.etree.ElementTree import parse

    ids = [el.get("id") for el in parse(real_exports / "atlas.kml").iter() if el.get("id") is not None]
    assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def _kml_coords(geometry):
    gi = geometry.__geo_interface__
    return _flat(gi["coordinates"]) if "coordinates" in gi else [
        p for g in gi["geometries"] for p in _flat(g["coordinates"])]


def test_split_at_the_antimeridian_keeps_the_shape():
    import shapely
    from shapely.geometry import shape

    ring = [[170, -10], [190, -10], [190, 10], [170, 10], [170, -10]]
    out = split_antimeridian({"type": "Polygon", "coordinates": [ring]})
    assert out["type"] == "MultiPolygon"
    coords = shapely.get_coordinates(shape(out))
    assert coords[:, 0].min() >= -180 and coords[:, 0].max() <= 180
    assert coords[:, 1].min() == -10 and coords[:, 1].max() == 10  # latitudes untouched
    assert shape(out).area == pytest.approx(400)
    line = split_antimeridian({"type": "LineString", "coordinates": [[175, -5], [-175, -5]]})
    assert line["type"] == "MultiLineString" and len(line["coordinates"]) == 2
    assert split_antimeridian({"type": "Point", "coordinates": [190.0, -33.0]})["coordinates"] == (-170.0, -33.0)


def test_control_characters_are_removed_with_a_note():
    out = sanitised({"id": "base:x", "name": "A\x00B\x1b[31m", "n": 3, "tags": ["ok\x07"], "note": "tab\tand\nnewline"})
    assert out["name"] == "AB[31m" and out["tags"] == ["ok"] and out["n"] == 3
    assert out["note"] == "tab\tand\nnewline"
    assert "name" in out["note_sanitised"] and "tags" in out["note_sanitised"]
    assert "note_sanitised" not in sanitised({"id": "base:x", "name": "clean"})
