"""The map at a past date: Okinawa's facilities under US administration, unknown starts marked,
symbols of the use and status of that date (derive.dated_marks, the one input of atlas.js's setDated)."""

from __future__ import annotations

import datetime as dt

from explorer.atlas import timeline
from explorer.mapping.derive import dated_marks, page_state
from explorer.mapping.state import MapState


def _at(catalog, as_of: str):
    return dated_marks(catalog, MapState.from_json({"asOf": as_of}))


def test_before_reversion_okinawa_is_under_us_administration(catalog):
    marks = _at(catalog, "1971")
    rev = str(timeline.reversion_date(catalog))
    assert rev == "1972-05-15"
    okinawa = {b.id for b in catalog.layer("bases") if b.prefecture == "Okinawa"
               and timeline.base_regime(catalog, b, dt.date(1971, 12, 31)) != "not_yet"}
    assert set(marks["usAdmin"]) == okinawa and "base:kadena" in okinawa and len(okinawa) == 31
    assert not any(catalog.feature(i).prefecture != "Okinawa" for i in marks["usAdmin"])
    assert marks["legend"]["usAdmin"] == "Under US administration (before 1972-05-15)"
    assert marks["region"] == {"label": "Ryukyu Islands (today's Okinawa Prefecture): under US administration "
                                        "until 1972-05-15"}


def test_on_reversion_day_nothing_is_under_us_administration(catalog):
    marks = _at(catalog, "1972-05-15")
    assert marks["usAdmin"] == [] and marks["region"] is None
    assert _at(catalog, "1972-05-14")["usAdmin"]


def test_unknown_starts_are_marked_at_a_past_date_only(catalog):
    undated = {b.id for b in catalog.layer("bases") if b.valid_from is None}
    assert len(undated) > 50 and "base:kadena" not in undated
    assert set(_at(catalog, "1971")["undated"]) == undated
    assert set(_at(catalog, "1972-05-15")["undated"]) == undated
    assert _at(catalog, "1971")["legend"]["undated"] == "Start date unknown (drawn at every date)"
    assert dated_marks(catalog, MapState()) is None
    today = dt.date.today().isoformat()
    assert dated_marks(catalog, MapState.from_json({"asOf": today})) is None


def test_symbols_take_the_use_and_status_of_the_date(catalog):
    cls = _at(catalog, "2019")["cls"]
    assert cls["base:fuchu"] == "base-active"  # returned on 2021-09-30: in use in 2019
    assert "base:futenma" not in cls  # planned return since 1996: so drawn in 2019 too
    assert _at(catalog, "1990")["cls"]["base:futenma"] == "base-active"
    assert "base:fuchu" not in _at(catalog, "2022")["cls"]


def test_page_state_carries_the_marks(catalog):
    assert page_state(catalog, MapState())["dated"] is None
    assert page_state(catalog, MapState.from_json({"asOf": "1971"}))["dated"]["usAdmin"]
