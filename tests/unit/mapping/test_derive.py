"""page_state: what the page draws, derived from a state in Python (filter, as-of, rings, measure)."""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from explorer.atlas.query import Filter, select
from explorer.mapping.derive import as_of_date, page_state
from explorer.mapping.state import MapState


def test_plain_state_filters_nothing(catalog):
    out = page_state(catalog, MapState())
    assert out["visible"] is None and out["ringShapes"] == [] and out["measureLine"] is None
    assert out["camera"] == MapState().camera.to_json()


def test_filter_gives_the_query_models_ids(catalog):
    flt = Filter(service={"USMC"}, prefecture={"Okinawa"})
    out = page_state(catalog, MapState(filter=flt.to_json(), filter_mode="grey"))
    assert out["visible"] == list(select(catalog, flt)) and "base:futenma" in out["visible"]
    assert "base:kadena" not in out["visible"] and out["filterMode"] == "grey"


def test_rings_become_geodesic_polygons(catalog):
    ring = {"id": "r1", "label": "1,000 km from Pyongyang", "lat": 39.03, "lon": 125.75, "km": 1000}
    (shape,) = page_state(catalog, MapState(rings=(ring,)))["ringShapes"]
    assert shape["label"] == ring["label"] and shape["geometry"]["type"] in ("Polygon", "MultiPolygon")
    ring_pts = shape["geometry"]["coordinates"][0]
    for lon, lat in ring_pts[::20]:
        d = Geodesic.WGS84.Inverse(ring["lat"], ring["lon"], lat, lon)["s12"]
        assert d == pytest.approx(1_000_000, abs=5)


def test_measure_labels_are_geodesic_segments_and_totals(catalog):
    pts = ((26.35, 127.77), (25.03, 121.57), (39.03, 125.75))
    line = page_state(catalog, MapState(measure=pts))["measureLine"]
    d1 = Geodesic.WGS84.Inverse(*pts[0], *pts[1])["s12"] / 1000
    d2 = Geodesic.WGS84.Inverse(*pts[1], *pts[2])["s12"] / 1000
    assert line["labels"][0] == ""
    assert line["labels"][1] == f"{d1:,.1f} km (total {d1:,.1f} km)"
    assert line["labels"][2] == f"{d2:,.1f} km (total {d1 + d2:,.1f} km)"
    assert line["total_km"] == pytest.approx(d1 + d2, abs=1e-6)


@pytest.mark.parametrize("text, iso", [("1971", "1971-12-31"), ("1972-05", "1972-05-31"), ("1960-06-23", "1960-06-23")])
def test_as_of_is_the_last_day_the_partial_date_covers(text, iso):
    assert as_of_date(text).isoformat() == iso


def test_a_ring_holding_both_poles_is_left_out_not_fatal():
    from explorer.mapping.derive import ring_shapes
    from explorer.mapping.state import MapState

    state = MapState(rings=({"id": "a", "label": "ok", "lat": 26.0, "lon": 127.0, "km": 1000.0},
                            {"id": "b", "label": "both poles", "lat": 0.0, "lon": 0.0, "km": 15000.0}))
    assert [r["id"] for r in ring_shapes(state)] == ["a"]


def test_share_chart_is_computed_from_the_facility_areas(catalog):
    from explorer.atlas.figures import okinawa_concentration

    assert page_state(catalog, MapState())["shareChart"] is None
    chart = page_state(catalog, MapState(share_chart=True))["shareChart"]
    c = okinawa_concentration(catalog)
    okinawa, rest = chart["bars"]
    assert okinawa["pct"] == c.share_pct and okinawa["text"] == "at least 70.3%"
    assert rest["pct"] == pytest.approx(100 - c.share_pct) and rest["text"] == "at most 29.7%"
    assert "A lower bound: the atlas has no area of 2020-01-01 or earlier for 2 of the 31 Okinawa" in chart["note"]
    assert str(c.okinawa_count) in chart["note"] and c.as_of in chart["note"]
    assert MapState.from_json(MapState(share_chart=True).to_json()).share_chart is True
