"""``export --add-layer`` and ``export --project`` for the data formats (no Qt)."""

from __future__ import annotations

import json

import pytest

from explorer.cli import EXIT_ERROR, main
from explorer.mapping import project as proj
from explorer.mapping.state import MapState
from explorer.mapping.userlayer import UserStyle
from tests import userlayer_files as files


def test_add_layer_to_geojson_and_kml(tmp_path, capsys):
    src = files.geojson(tmp_path)
    out = tmp_path / "out.geojson"
    assert main(["export", "--add-layer", str(src), "--add-layer", str(files.csv(tmp_path)),
                 "--layers", "bases", "--out", str(out)]) == 0, capsys.readouterr().err
    feats = json.loads(out.read_text(encoding="utf-8"))["features"]
    user = [f for f in feats if f["properties"]["layer"].startswith("user-")]
    assert len(user) == 6 and {f["properties"]["layer"] for f in feats} == {"bases", "user-places", "user-places-2"}
    assert user[0]["properties"]["attr_note"] == "<b>bold?</b>" and user[0]["geometry"]["type"] == "Point"
    assert "not sourced or checked by Alliance Explorer" in user[0]["properties"]["note"]
    kml = tmp_path / "out.kml"
    assert main(["export", "--add-layer", str(src), "--out", str(kml)]) == 0
    text = kml.read_text(encoding="utf-8")
    assert "Sasebo pier" in text and "&lt;b&gt;bold?&lt;/b&gt;" in text


def test_add_layer_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.geojson"
    bad.write_bytes(b"\x00junk")
    assert main(["export", "--add-layer", str(bad), "--out", str(tmp_path / "o.geojson")]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "bad.geojson" in err and err.count("\n") == 1
    assert not (tmp_path / "o.geojson").exists()
    two = files.gpkg_two_layers(tmp_path)
    assert main(["export", "--add-layer", str(two), "--out", str(tmp_path / "o.geojson")]) == EXIT_ERROR
    assert "first, second" in capsys.readouterr().err


def test_export_project_and_bookmark(tmp_path, capsys, catalog):
    from explorer.atlas.userlayers import LoadRequest, read_layer

    loaded = read_layer(LoadRequest(files.geojson(tmp_path), layer_id="user-mine"))
    path = tmp_path / "map.aeproj"
    full = MapState(layers=("user-mine",))
    mark = proj.Bookmark("Only bases", MapState(layers=("bases",)).to_json())
    proj.save(proj.snapshot(full, [mark], [(loaded, UserStyle())], path), path)
    out = tmp_path / "p.geojson"
    assert main(["export", "--project", str(path), "--out", str(out)]) == 0, capsys.readouterr().err
    assert {f["properties"]["layer"] for f in json.loads(out.read_text())["features"]} == {"user-mine"}
    out2 = tmp_path / "b.geojson"
    assert main(["export", "--project", str(path), "--bookmark", "Only bases", "--out", str(out2)]) == 0
    assert {f["properties"]["layer"] for f in json.loads(out2.read_text())["features"]} == {"bases"}
    assert main(["export", "--project", str(path), "--bookmark", "Nope", "--out",
                 str(tmp_path / "c.geojson")]) == EXIT_ERROR
    assert "no bookmark 'Nope'" in capsys.readouterr().err


def test_add_layer_to_html_and_open_errors(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["export", "--add-layer", str(files.csv(tmp_path)), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "user:user-places:2" in html and "not sourced or checked by Alliance Explorer" in html
    assert main(["open", str(tmp_path / "nope.aeproj")]) == EXIT_ERROR
    assert "no such project file" in capsys.readouterr().err
    assert main(["export", "--bookmark", "x", "--out", str(tmp_path / "x.geojson")]) == EXIT_ERROR
    assert "--bookmark needs --project" in capsys.readouterr().err


@pytest.mark.parametrize("state", [{"asOf": "19x1"}, {"filter": {"nope": ["x"]}}, {"rings": [{"km": 5}]}])
def test_a_bad_value_in_a_project_is_one_line_in_seconds(tmp_path, capsys, state):
    """It used to pass the door, print a traceback and time out after a minute at draw time."""
    import time

    path = tmp_path / "bad.aeproj"
    path.write_text(json.dumps({"format": proj.FORMAT, "version": proj.VERSION, "state": state,
                                "bookmarks": [], "layers": []}), encoding="utf-8")
    started = time.monotonic()
    assert main(["export", "--project", str(path), "--out", str(tmp_path / "x.png")]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert time.monotonic() - started < 10 and err.count("\n") == 1 and "bad.aeproj" in err
    assert "Traceback" not in err and not (tmp_path / "x.png").exists()
