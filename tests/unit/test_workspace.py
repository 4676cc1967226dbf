"""The workspace owns what is open: the atlas, its own layer registry, and user layers as one record each."""

from __future__ import annotations

import pytest

from explorer.atlas.records import Feature
from explorer.atlas.userlayers import LayerFileError, LoadRequest, read_layer
from explorer.mapping.layers import ATLAS_LAYER_IDS, LayerSpec
from explorer.mapping.state import Camera, MapState
from explorer.mapping.style import Symbol
from explorer.mapping.userlayer import UserStyle
from explorer.workspace import Workspace
from tests import userlayer_files as files


def _layer(tmp_path, lid="user-places", maker=files.csv):
    return read_layer(LoadRequest(maker(tmp_path), layer_id=lid))


def test_a_user_layer_is_one_record_and_the_atlas_is_never_touched(catalog, tmp_path):
    ws = Workspace(catalog)
    atlas_ids = set(catalog.features)
    layer = ws.add_layer(_layer(tmp_path), UserStyle("#123456"))
    assert layer.spec.source == "user" and layer.style.color == "#123456" and len(layer.features) == 3
    assert ws.registry.ids()[-1] == layer.id and ws.user_layers() == [layer]
    assert set(catalog.features) == atlas_ids  # the atlas catalog is read-only
    assert {f.id for f in layer.features} <= set(ws.features) and ws.is_feature(layer.id, layer.features[0].id)
    assert not ws.is_feature("bases", layer.features[0].id)
    ws.remove_layer(layer.id)
    assert layer.id not in ws.registry and not any(f.startswith("user:") for f in ws.features)
    with pytest.raises(ValueError):
        ws.remove_layer("bases")


def test_workspaces_share_nothing(catalog, tmp_path):
    a, b = Workspace(catalog), Workspace(catalog)
    a.add_layer(_layer(tmp_path))
    assert b.registry.ids() == ATLAS_LAYER_IDS and not b.has_user_layers
    b.add_layer(_layer(tmp_path))  # the same id is free in another workspace
    with pytest.raises(LayerFileError, match="already open"):
        a.add_layer(_layer(tmp_path))


def test_search_finds_user_features_after_the_atlas(catalog, tmp_path):
    ws = Workspace(catalog)
    ws.add_layer(_layer(tmp_path))
    hits = ws.search("port")
    kinds = [h.kind for h in hits]
    assert "user" in kinds and kinds.index("user") == len(kinds) - kinds.count("user")
    assert [h.name for h in hits if h.kind == "user"] == ["Naha port", "Kushiro port"]
    assert ws.search("futenma")[0].id == "base:futenma"


def test_resolve_drops_what_is_not_open(catalog, tmp_path):
    ws = Workspace(catalog)
    state = MapState(layers=("bases", "user-gone"), selected="user:user-gone:0", highlight=("base:kadena", "x:y"))
    got = ws.resolve(state)
    assert got.layers == ("bases",) and got.selected == "" and got.highlight == ("base:kadena",)
    assert ws.missing_layers(state) == ["user-gone"]


def test_style_order_and_name_field(catalog, tmp_path):
    ws = Workspace(catalog)
    calls = []
    ws.subscribe(lambda: calls.append(1))
    a = ws.add_layer(_layer(tmp_path, "user-a", files.geojson)).id
    b = ws.add_layer(_layer(tmp_path, "user-b")).id
    assert [u.id for u in ws.user_layers()] == [a, b]
    assert ws.move(b, -1) and [u.id for u in ws.user_layers()] == [b, a]
    assert not ws.move(b, -1)
    ws.set_style(a, UserStyle("#abcdef", "large", 0.5))
    assert ws.registry.get(a).symbols[0].radius == 8.0 and ws.user_layer(a).style.color == "#abcdef"
    assert ws.set_name_field(a, "note") and ws.features[ws.user_layer(a).features[1].id].name == "a & b"
    assert len(calls) == 5  # every change told the listeners


def test_user_points_are_labelled_from_their_name_field(catalog, tmp_path):
    ws = Workspace(catalog)
    lid = ws.add_layer(_layer(tmp_path, "user-a", files.geojson)).id
    feats = ws.layer_payload(lid)["features"]
    assert [f["p"]["lb"] for f in feats] == [f.name for f in ws.user_layer(lid).features]
    assert ws.set_name_field(lid, "note")
    assert "a & b" in [f["p"].get("lb") for f in ws.layer_payload(lid)["features"]]


def test_any_other_layer_kind_is_a_spec_plus_features(catalog):
    ws = Workspace(catalog)
    pin = Symbol("pin", "Pin", "pins", "point", "#000000", "#00ff66", 1.0, 1.5, 9)
    spec = LayerSpec("pins", "Pins", "pin:", (pin,), hit_priority=40, z=40, source="user")
    feats = [Feature(id="pin:0", layer="pins", name="Pin", lat=26.0, lon=128.0,
                     geometry={"type": "Point", "coordinates": [128.0, 26.0]})]
    ws.add_source(spec, feats)
    assert "pins" in ws.default_state().layers and ws.is_feature("pins", "pin:0")
    assert any(layer["id"] == "pins" for layer in ws.payload()["layers"])
    with pytest.raises(ValueError, match="prefix"):
        ws.add_source(LayerSpec("bad", "Bad", "bad:", (pin,), 40, 41), feats)


def test_project_round_trip_through_the_workspace(catalog, tmp_path):
    from explorer.mapping import project as proj

    ws = Workspace(catalog)
    lid = ws.add_layer(_layer(tmp_path)).id
    state = MapState(camera=Camera("okinawa"), layers=("bases", lid), as_of="1990", filter={"service": ["USMC"]})
    path = tmp_path / "p.aeproj"
    proj.save(ws.to_project(state, [proj.Bookmark.of("b", state)], path), path)
    other = Workspace(catalog)
    got, problems = other.from_project(proj.load(path), path)
    assert problems == [] and got == state and [u.id for u in other.user_layers()] == [lid]
    got, _ = other.from_project(proj.load(path), path, bookmark="b")
    assert got == state and len(other.user_layers()) == 1  # opening again replaces, never doubles
