"""Exports without Qt: formats, targets, atomic writes, GeoJSON/KML/HTML content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.errors import ExportError
from explorer.export.files import atomic_path, check_target, resolve_format
from explorer.export.run import parse_size
from tests.helpers import parse


@pytest.mark.parametrize("name, fmt", [("a.png", "png"), ("a.PDF", "pdf"), ("a.htm", "html"),
                                       ("a.geojson", "geojson"), ("a.json", "geojson"), ("a.kml", "kml")])
def test_format_from_extension(name, fmt):
    assert resolve_format(Path(name)) == fmt


def test_explicit_format_wins_and_unknown_fails():
    assert resolve_format(Path("x.dat"), "png") == "png"
    with pytest.raises(ExportError, match="unknown format"):
        resolve_format(Path("x.tiff"))
    with pytest.raises(ExportError, match="unknown format"):
        resolve_format(Path("x.png"), "bmp")


def test_existing_file_needs_force(tmp_path):
    target = tmp_path / "map.png"
    target.write_bytes(b"keep me")
    with pytest.raises(ExportError, match="--force"):
        check_target(target, force=False)
    assert check_target(target, force=True) == target


def test_missing_directory_is_refused(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        check_target(tmp_path / "nope" / "map.png", force=False)


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "map.geojson"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.geojson"]


def test_unwritable_place_gives_export_error():
    # /proc accepts no new files, even for root (for whom permission bits do not apply).
    with pytest.raises(ExportError, match="cannot write"):
        with atomic_path(Path("/proc/alliance-explorer-test.geojson")) as tmp:
            tmp.write_text("x")


@pytest.mark.parametrize("spec", ["1600", "0x10", "99999x100", "axb"])
def test_bad_sizes(spec):
    with pytest.raises(Exception, match="size"):
        parse_size(spec)


def _export(tmp_path, *args) -> int:
    return main(["export", *args])


@pytest.mark.parametrize("args, message", [
    (["--out", "{d}/m.tiff"], "unknown format"),
    (["--out", "{d}/missing/m.geojson"], "does not exist"),
    (["--out", "{d}/m.geojson", "--view", "atlantis"], "unknown view"),
    (["--out", "{d}/m.geojson", "--select", "base:nope"], "unknown feature"),
    (["--out", "{d}/m.geojson", "--layers", "bases,bombs"], "unknown layer"),
    (["--out", "/proc/m.geojson", "--force"], "cannot write"),
])
def test_cli_errors_are_one_line_and_leave_nothing(tmp_path, capsys, args, message):
    args = [a.format(d=tmp_path) for a in args]
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "m.geojson"
    target.write_text("precious")
    assert main(["export", "--out", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text() == "precious"
    assert main(["export", "--out", str(target), "--force", "--layers", "bases"]) == 0
    assert json.loads(target.read_text())["type"] == "FeatureCollection"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.geojson"]


@pytest.mark.parametrize("fmt", ["geojson", "kml"])
def test_geo_exports_read_back_with_the_same_features(tmp_path, catalog, fmt):
    import pyogrio

    out = tmp_path / f"atlas.{fmt}"
    assert main(["export", "--out", str(out), "--layers", "bases,threats"]) == 0
    frame = pyogrio.read_dataframe(out)
    expected = [f.id for layer in ("bases", "threats") for f in catalog.layer(layer)]
    ids = frame["atlas_id" if fmt == "kml" else "id"]  # KML's Placemark id attribute is its own
    assert sorted(ids) == sorted(expected)
    if fmt == "geojson":
        row = frame.set_index("id").loc["base:futenma"]
        assert "SACO" in row["provisions"] and "Henoko" in row["controversies"]
        assert "Ministry" in row["sources"]
        assert frame.crs.to_epsg() == 4326


def test_html_export_is_self_contained(tmp_path, catalog):
    out = tmp_path / "atlas.html"
    assert main(["export", "--out", str(out), "--view", "okinawa", "--select", "base:kadena"]) == 0
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?(https?:)?//""", html)
    assert "explorer://" not in html
    data = parse(html).atlas_data()
    assert data["state"]["selected"] == "base:kadena"
    assert data["state"]["camera"]["view"] == "okinawa"
    assert set(data["dossiers"]) == set(catalog.features)
    kadena = data["dossiers"]["base:kadena"]
    assert "provision:treaty1960-art6" in [p["id"] for p in kadena["provisions"]]
    assert all(c["text"] for p in kadena["provisions"] for c in p["sources"])
    assert len(html) > 500_000  # Leaflet and the basemap are inlined
