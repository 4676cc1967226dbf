"""Project files: a versioned, validated round trip; missing layer files reported, the rest opens."""

from __future__ import annotations

import json

import pytest

from explorer.atlas.userlayers import LoadRequest, read_layer
from explorer.mapping import project as proj
from explorer.mapping.state import Camera, MapState
from explorer.mapping.userlayer import UserStyle
from explorer.workspace import Workspace
from tests import userlayer_files as files


def _two_layers(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    a = read_layer(LoadRequest(files.geojson(data), layer_id="user-a"))
    b = read_layer(LoadRequest(files.csv(data), layer_id="user-b", label="My CSV"))
    return [(a, UserStyle("#123456", "ring", 0.5)), (b, UserStyle())]


def test_round_trip_with_layers_bookmark_filter_and_rings(tmp_path, catalog):
    layers = _two_layers(tmp_path)
    ws = Workspace(catalog)
    ws.add_layers(layers)
    state = MapState(camera=Camera(center=(26.3, 127.8), zoom=9.0), layers=("bases", "user-a", "user-b"),
                     selected="user:user-a:2", filter={"text": "a"}, filter_mode="grey",
                     rings=({"id": "r1", "label": "Kadena 1,000 km", "lat": 26.35, "lon": 127.77, "km": 1000.0},))
    marks = [proj.Bookmark.of("Close", state), proj.Bookmark.of("Wide", MapState())]
    path = tmp_path / "p" / "map.aeproj"
    path.parent.mkdir()
    proj.save(ws.to_project(state, marks, path), path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == proj.FORMAT and raw["version"] == proj.VERSION
    assert [e["path"] for e in raw["layers"]] == ["../data/places.geojson", "../data/places.csv"]
    fresh = Workspace(catalog)  # another window or run: nothing of the first is open in it
    assert "user-a" not in fresh.registry and "user:user-a:2" not in fresh.features
    project = proj.load(path)
    got, problems = fresh.from_project(project, path)
    assert problems == []
    assert got == state
    assert list(project.bookmarks) == marks and project.bookmarks[0].map_state() == state
    assert fresh.registry.get("user-a").symbols[0].radius == 6.0 and fresh.registry.get("user-b").label == "My CSV"
    assert [u.id for u in fresh.user_layers()] == ["user-a", "user-b"]


def test_a_missing_layer_file_is_named_and_the_rest_opens(tmp_path, catalog):
    layers = _two_layers(tmp_path)
    path = tmp_path / "map.aeproj"
    state = MapState(layers=("bases", "user-a", "user-b"), selected="user:user-a:0")
    proj.save(proj.snapshot(state, [], layers, path), path)
    (tmp_path / "data" / "places.geojson").unlink()
    got, problems = Workspace(catalog).from_project(proj.load(path), path)
    assert len(problems) == 1 and "places.geojson" in problems[0] and "missing" in problems[0]
    assert got.layers == ("bases", "user-b") and got.selected == ""


@pytest.mark.parametrize("text, why", [
    ("not json", "not JSON"),
    ('{"format": "something-else"}', "not an Alliance Explorer project"),
    ('{"format": "alliance-explorer-project"}', "no schema version"),
    ('{"format": "alliance-explorer-project", "version": 99}', "newer"),
    ('{"format": "alliance-explorer-project", "version": 1, "state": {"camera": {"center": [999, 0], "zoom": 3}}}',
     "state"),
    ('{"format": "alliance-explorer-project", "version": 1, "layers": [{"path": "x.geojson", "id": "../etc"}]}', "id"),
    ('{"format": "alliance-explorer-project", "version": 1, "layers": [{"path": "x.geojson", "id": "user-x", '
     '"style": {"color": "red"}}]}', "colour"),
    ('{"format": "alliance-explorer-project", "version": 1, "bookmarks": [{"name": "", "state": {}}]}', "name"),
    ('{"format": "alliance-explorer-project", "version": 1, "bookmarks": [{"name": "a", "state": {}}, '
     '{"name": "a", "state": {}}]}', "same name"),
])
def test_bad_project_files_get_one_line(tmp_path, text, why):
    path = tmp_path / "bad.aeproj"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(proj.ProjectError) as err:
        proj.load(path)
    assert why in str(err.value) and "\n" not in str(err.value)


def test_save_is_atomic(tmp_path):
    path = tmp_path / "map.aeproj"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(proj.ProjectError):
        proj.save(proj.Project({}), tmp_path / "missing-dir" / "map.aeproj")
    assert path.read_text(encoding="utf-8") == "old" and len(list(tmp_path.iterdir())) == 1
