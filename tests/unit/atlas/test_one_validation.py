"""The app's load and ``validate`` agree: a value ``validate`` refuses is refused at load, with the same message.

Each case breaks one record of a copy of the fixture atlas. Before, the load accepted
all but the first few (it ran the loaders and the reference checks only), and a
missile range of -5 km drew nothing and broke the GeoJSON export.
"""

from __future__ import annotations

import pytest

from explorer.atlas.catalog import Catalog
from explorer.atlas.validate import errors, validate
from explorer.errors import DataError


def _threat(fid: str, key: str, value):
    def change(copy) -> None:
        copy.edit_json("threats.geojson", lambda d: copy.props(d, fid).__setitem__(key, value))
    return change


def _base(key: str, value):
    def change(copy) -> None:
        copy.edit_json("bases/okinawa.geojson", lambda d: copy.props(d, "base:kadena").__setitem__(key, value))
    return change


def _base_at(lon: float, lat: float):
    def change(copy) -> None:
        copy.edit_json("bases/okinawa.geojson",
                       lambda d: copy.feature(d, "base:kadena")["geometry"].__setitem__("coordinates", [lon, lat]))
    return change


CASES = {
    "negative range": (_threat("threat:test-track", "range_km", -5), "range_km"),
    "a range past the antipode": (_threat("threat:test-range", "range_km", [-5, 1e9]), "range_km"),
    "a number as a summary": (lambda c: c.replace("controversies.toml", 'summary = "The planned', "summary = 42 #"),
                              "summary"),
    "a number as a name": (_base("name", 42), "name"),
    "units without their date": (_base("units_as_of", ""), "units_as_of"),
    "an unverified point claiming 500 m": (_base("note", "POSITION UNVERIFIED: read off a map."),
                                            "position_precision_m"),
    "a base in the sea": (_base_at(128.5, 26.0), "geometry"),
    "lon and lat swapped": (_base_at(26.3556, 127.7675), "geometry"),
    "an interval running backwards": (lambda c: (_base("valid_from", "2001")(c), _base("valid_to", "1999")(c),
                                                 _base("valid_sources", [{"id": "src:fixture-saco"}])(c)),
                                      "valid_to"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_validate_refuses_the_load_refuses_with_the_same_message(atlas_copy, case):
    change, field = CASES[case]
    change(atlas_copy)
    refused = errors(validate(atlas_copy.root))
    assert refused, f"validate accepts {case}"
    assert any(p.field == field for p in refused), [str(p) for p in refused]
    with pytest.raises(DataError) as err:
        Catalog.load(atlas_copy.root)
    assert str(refused[0]) in str(err.value)


def test_the_untouched_fixture_loads_and_validates(atlas_copy):
    assert errors(validate(atlas_copy.root)) == []
    Catalog.load(atlas_copy.root)
