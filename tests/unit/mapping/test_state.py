"""MapState, Camera and ExportOptions: named views, LAT,LON,ZOOM specs, layer lists, one JSON form."""

from __future__ import annotations

import pytest

import json
import math

from explorer.errors import ExplorerError, ViewError
from explorer.mapping.layers import ATLAS_LAYER_IDS
from explorer.mapping.state import Camera, ExportOptions, MapState, parse_layers, parse_view
from explorer.mapping.views import DEFAULT_VIEW, VIEWS

LAYERS = ATLAS_LAYER_IDS


def test_parse_named_view():
    v = parse_view("okinawa")
    assert v.view == "okinawa"
    assert v.center is None and v.zoom is None and v.focus == ""
    assert v.to_json()["bounds"] == [[26.05, 127.6], [26.9, 128.35]]


def test_parse_named_view_is_case_and_space_insensitive():
    assert parse_view("  Okinawa ").view == "okinawa"
    assert parse_view("KOREA").view == "korea"


def test_parse_custom_view():
    v = parse_view("26.3,127.8,10")
    assert v.center == (26.3, 127.8)
    assert v.zoom == 10.0
    j = v.to_json()
    assert j["center"] == [26.3, 127.8] and j["zoom"] == 10.0
    assert "bounds" not in j


def test_parse_custom_view_with_spaces_and_negatives():
    v = parse_view(" -12.5 , 130 , 4.5 ")
    assert v.center == (-12.5, 130.0) and v.zoom == 4.5


@pytest.mark.parametrize("spec", ["atlantis", "", "26.3,127.8", "26.3;127.8;10", "okinawa,10"])
def test_unknown_view_raises(spec):
    with pytest.raises(ViewError):
        parse_view(spec)


@pytest.mark.parametrize("spec", ["95,0,3", "-91,0,3", "26,400,3", "26,127,19"])
def test_out_of_range_view_raises(spec):
    with pytest.raises(ViewError) as info:
        parse_view(spec)
    assert spec in str(info.value)


def test_view_error_is_an_explorer_error_naming_the_choices():
    with pytest.raises(ExplorerError) as info:
        parse_view("atlantis")
    for name in VIEWS:
        assert name in str(info.value)


def test_default_view_exists_and_bounds_are_ordered():
    assert DEFAULT_VIEW in VIEWS
    assert MapState().camera.view == DEFAULT_VIEW
    for v in VIEWS.values():
        (south, west), (north, east) = v.bounds
        assert south < north and west < east, v.name


def test_parse_layers():
    assert parse_layers("bases,threats") == ("bases", "threats")
    assert parse_layers(" Bases , states,bases ") == ("bases", "states")  # dedup, keep order
    assert parse_layers(",".join(LAYERS)) == LAYERS


@pytest.mark.parametrize("spec", ["bases,moon", "", " , ", "base"])
def test_parse_layers_rejects_unknown(spec):
    with pytest.raises(ViewError):
        parse_layers(spec)


def test_parse_layers_error_names_the_bad_layer():
    with pytest.raises(ViewError) as info:
        parse_layers("bases,moon")
    assert "moon" in str(info.value)


def test_state_with_and_to_json():
    v = MapState().with_(selected="base:kadena", highlight=("base:futenma",), layers=("bases",))
    j = v.to_json()
    assert j["selected"] == "base:kadena"
    assert j["highlight"] == ["base:futenma"]
    assert j["layers"] == ["bases"]
    assert j["camera"]["bounds"] == [list(p) for p in VIEWS[DEFAULT_VIEW].bounds]
    assert MapState().selected == ""  # with_ returned a new state


def test_default_state_shows_every_registered_layer():
    assert MapState().layers == LAYERS and set(LAYERS) == {"bases", "places", "states", "threats"}


@pytest.mark.parametrize("state", [
    MapState(),
    MapState(camera=Camera("okinawa"), layers=("bases",), selected="base:kadena", highlight=("base:futenma",)),
    MapState(camera=Camera(center=(26.3, 127.8), zoom=10.5), as_of="1971-01-01",
             filter={"service": ["USMC"]}, rings=({"lat": 39.0, "lon": 125.7, "km": 1000},)),
    MapState(camera=Camera(focus="base:futenma")),
])
def test_state_json_round_trips(state):
    assert MapState.from_json(json.loads(json.dumps(state.to_json()))) == state


@pytest.mark.parametrize("raw", [
    None, [], "x", {"camera": []}, {"camera": {"center": [math.nan, 0], "zoom": 5}},
    {"camera": {"center": [1e308, 0], "zoom": 5}}, {"camera": {"center": [26, 127], "zoom": 99}},
    {"camera": {"center": [26, 127]}}, {"camera": {"view": "atlantis"}}, {"layers": 3},
    {"layers": [1, 2]}, {"selected": ["base:kadena"]}, {"highlight": "base:kadena"}, {"asOf": 1971},
    {"filter": []}, {"rings": {}},
])
def test_state_from_bad_json_raises_view_error(raw):
    with pytest.raises(ViewError):
        MapState.from_json(raw)


def test_unknown_layers_are_dropped_by_the_workspace_on_restore(catalog):
    """A state keeps the ids it was saved with; the workspace it is restored into drops what is not open."""
    from explorer.workspace import Workspace

    state = MapState.from_json({"layers": ["bases", "my-old-user-layer"]})
    assert state.layers == ("bases", "my-old-user-layer")
    ws = Workspace(catalog)
    assert ws.resolve(state).layers == ("bases",) and ws.missing_layers(state) == ["my-old-user-layer"]


def test_camera_rejects_half_a_centre():
    with pytest.raises(ViewError):
        Camera(center=(26.0, 127.0))


def test_export_options_defaults():
    o = ExportOptions()
    assert (o.fmt, o.width, o.height, o.scale, o.legend, o.source_line, o.dossier) == \
        ("png", 1600, 1000, 1.0, True, True, False)


# -- typed at the door -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, what", [
    ({"asOf": "19x1"}, "asOf"), ({"asOf": "1971-13"}, "asOf"), ({"asOf": "1971-02-30"}, "asOf"),
    ({"filter": {"nope": ["x"]}}, "filter"), ({"filter": {"service": "USMC"}}, "filter"),
    ({"rings": [{"lat": 26, "lon": 127, "km": -1}]}, "rings"),
    ({"rings": [{"lat": 26, "lon": 127, "km": 100, "evil": 1}]}, "rings"),
    ({"filterMode": "blink"}, "filterMode"),
])
def test_a_bad_date_filter_or_ring_is_refused_where_it_enters(raw, what):
    with pytest.raises(ViewError, match=what):
        MapState.from_json(raw)


def test_the_state_is_typed():
    from explorer.atlas.dates import PartialDate
    from explorer.atlas.query import Filter
    from explorer.mapping.state import Ring

    s = MapState.from_json({"asOf": "1971", "filter": {"service": ["USMC"]},
                            "rings": [{"id": "r1", "label": "x", "lat": 26.0, "lon": 127.0, "km": 1000}]})
    assert s.as_of == PartialDate(1971) and s.when.isoformat() == "1971-12-31"
    assert s.filter == Filter(service=frozenset({"USMC"}))
    assert s.rings == (Ring(26.0, 127.0, 1000, "r1", "x"),) and s.rings[0]["km"] == 1000
    assert MapState.from_json(s.to_json()) == s
    # The same values given in their JSON form by code are parsed the same way.
    assert MapState(as_of="1971", filter={"service": ["USMC"]}) == s.with_(rings=())
    assert MapState(as_of="", filter={}).as_of is None and MapState(filter={}).filter is None
    with pytest.raises(ViewError):
        s.with_(as_of="yesterday")
