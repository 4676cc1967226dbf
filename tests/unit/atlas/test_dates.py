"""Partial dates: parsing, bad input, ordering, and as-of containment at the edges."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.atlas.dates import Interval, PartialDate

D = dt.date


@pytest.mark.parametrize("text, fields, start, end", [
    ("1972", (1972, None, None), D(1972, 1, 1), D(1972, 12, 31)),
    ("1972-05", (1972, 5, None), D(1972, 5, 1), D(1972, 5, 31)),
    ("1972-05-15", (1972, 5, 15), D(1972, 5, 15), D(1972, 5, 15)),
    ("2024-02", (2024, 2, None), D(2024, 2, 1), D(2024, 2, 29)),   # leap year
    ("2023-02", (2023, 2, None), D(2023, 2, 1), D(2023, 2, 28)),
])
def test_parse_start_end_and_round_trip(text, fields, start, end):
    p = PartialDate.parse(text)
    assert (p.year, p.month, p.day) == fields
    assert p.start() == start
    assert p.end() == end
    assert str(p) == text
    assert PartialDate.parse(str(p)) == p


@pytest.mark.parametrize("bad", [
    "", "72", "1972-5", "1972-05-5", "1972/05/15", "1972-13", "1972-00", "1972-02-30",
    "2023-02-29", "1972-05-15T00:00", " 1972", "1972-05-32", "0000", "abcd",
])
def test_bad_input_is_a_value_error(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


def test_non_string_is_a_value_error():
    with pytest.raises(ValueError):
        PartialDate.parse(1972)  # type: ignore[arg-type]


def test_parse_optional():
    assert PartialDate.parse_optional("") is None
    assert PartialDate.parse_optional(None) is None
    assert PartialDate.parse_optional("1960") == PartialDate(1960)


def test_ordering_is_by_start_not_by_string():
    texts = ["1996-12-02", "1960", "1972-05-15", "1972", "1972-05", "1951-09-08", "1960-06-23"]
    ordered = [str(p) for p in sorted(PartialDate.parse(t) for t in texts)]
    assert ordered == ["1951-09-08", "1960", "1960-06-23", "1972", "1972-05", "1972-05-15", "1996-12-02"]
    # Same start: the narrower date sorts first, and none is equal to another.
    assert PartialDate.parse("1972-01-01") < PartialDate.parse("1972-01") < PartialDate.parse("1972")
    assert PartialDate.parse("1972-01") != PartialDate.parse("1972")
    assert PartialDate.parse("1999") > PartialDate.parse("1972-12-31")
    assert PartialDate.parse("1972") >= PartialDate.parse("1972")
    assert PartialDate.parse("1972") <= PartialDate.parse("1972")


def test_contains_at_the_edges_day_precision():
    # The 1951 Treaty, replaced on the day the 1960 Treaty entered into force.
    old = Interval.parse("1952-04-28", "1960-06-23")
    new = Interval.parse("1960-06-23", None)
    assert not old.contains(D(1952, 4, 27))
    assert old.contains(D(1952, 4, 28))
    assert old.contains(D(1960, 6, 22))
    assert not old.contains(D(1960, 6, 23))
    assert new.contains(D(1960, 6, 23))
    assert not new.contains(D(1960, 6, 22))
    assert new.contains(D(2999, 1, 1))


def test_contains_partial_ends_tile_without_gap_or_overlap():
    before = Interval.parse("1945", "1972-05")
    after = Interval.parse("1972-05", "")
    for day in (D(1972, 4, 30), D(1972, 5, 1), D(1972, 5, 15), D(1972, 5, 31)):
        assert before.contains(day) != after.contains(day), day
    assert before.contains(D(1945, 1, 1))
    assert not before.contains(D(1944, 12, 31))
    assert before.contains(D(1972, 4, 30)) and not before.contains(D(1972, 5, 1))


def test_open_interval_contains_everything():
    assert Interval().contains(D(1, 1, 1))
    assert Interval().contains(D(9999, 12, 31))


def test_check_order():
    assert Interval.parse("1960", "1972").check_order() is None
    assert Interval.parse("1960", None).check_order() is None
    assert Interval.parse(None, "1960").check_order() is None
    assert Interval.parse("1960-06", "1960-06-02").check_order() is None
    msg = Interval.parse("1972", "1960").check_order()
    assert msg is not None and "1960" in msg and "1972" in msg
    assert Interval.parse("1960", "1960").check_order() is not None  # empty
    assert Interval.parse("1960-06-23", "1960-06").check_order() is not None
