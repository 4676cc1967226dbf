"""Named views, LAT,LON,ZOOM specs and layer lists."""

from __future__ import annotations

import pytest

from explorer.atlas.records import LAYERS
from explorer.errors import ExplorerError, ViewError
from explorer.mapping.views import DEFAULT_VIEW, VIEWS, ViewState, parse_layers, parse_view


def test_parse_named_view():
    v = parse_view("okinawa")
    assert v.view == "okinawa"
    assert v.center is None and v.zoom is None
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
    assert ViewState().view == DEFAULT_VIEW
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


def test_viewstate_with_and_to_json():
    v = ViewState().with_(selected="base:kadena", highlight=("base:futenma",), layers=("bases",))
    j = v.to_json()
    assert j["selected"] == "base:kadena"
    assert j["highlight"] == ["base:futenma"]
    assert j["layers"] == ["bases"]
    assert ViewState().selected == ""  # with_ returned a new state
