"""Every share of the national exclusive-use area says it is a lower bound, and why, with the data's counts."""

from __future__ import annotations

import json
import re

import pytest

from explorer.atlas.figures import NATIONAL_TOTAL, ShareGap, exclusive_bases, on_list_as_of, share_gap
from explorer.atlas.records import Base
from explorer.present.shares import gap_note, is_lower_bound, share_words


def _counts(catalog):
    """The gap counted here independently of share_gap: MOD's count minus the atlas's list, and the listed
    facilities the share cannot count."""
    national = catalog.figures[NATIONAL_TOTAL]
    listed = [b for b in catalog.layer("bases") if isinstance(b, Base) and b.in_japan and on_list_as_of(b, national.as_of)]
    counted = {b.id for b in exclusive_bases(catalog, national.as_of)}
    mod = int(catalog.figures["figure:national-exclusive-count"].value)
    return mod, mod - len(listed), len(listed), sum(1 for b in listed if b.id not in counted)


@pytest.fixture(scope="module")
def note(catalog):
    return gap_note(share_gap(catalog))


def test_the_gap_is_counted_from_the_data(catalog, note):
    mod, missing, held, without = _counts(catalog)
    gap = share_gap(catalog)
    assert (gap.listed, gap.missing, gap.held, gap.without_area) == (mod, missing, held, without)
    assert missing > 0 and without > 0
    assert note == (f"A lower bound: the atlas lacks {missing} of the {mod} facilities on MOD's list of 2020-01-01, "
                    f"and has no area of that date or earlier for {without} of the {held} it holds.")


def test_a_complete_share_is_not_called_a_lower_bound():
    full = ShareGap(as_of="2020-01-01", listed=3, held=3, without_area=0, missing=0)
    assert not is_lower_bound(full) and gap_note(full) == "" and share_words(12.345, full) == "12.3%"
    part = ShareGap(as_of="2020-01-01", listed=None, held=3, without_area=1, missing=None)
    assert share_words(12.345, part, 2) == "at least 12.35%"
    assert gap_note(part, "Okinawa") == ("A lower bound: the atlas has no area of 2020-01-01 or earlier for 1 of the 3 "
                                         "Okinawa facilities it holds on MOD's list of that date.")


def test_filter_figures_say_lower_bound(catalog, note):
    from explorer.atlas.query import figures
    from explorer.present.selection import figures_line

    line = figures_line(figures(catalog, list(catalog.features)), share_gap(catalog))
    assert re.search(r"at least \d+\.\d\d% of the national exclusive-use area", line) and line.endswith(note)


def test_coverage_list_says_lower_bound(catalog, note):
    from explorer.present import coverage as pc
    from explorer.present.coverage_html import coverage_section

    cd = pc.coverage_dict(catalog, pc.catalog_ring(catalog, "threat:range-nodong"))
    assert f"at least {cd['share_pct']:.1f}% of the national exclusive-use total" in cd["summary"][1]
    assert cd["summary"][2] == note and cd["lower_bound"] == note and cd["share_is_lower_bound"] is True
    assert "A lower bound: the atlas lacks" in coverage_section(cd)


def test_cli_coverage_says_lower_bound(capsys, note):
    from explorer.cli import main

    assert main(["coverage", "--threat", "threat:range-nodong"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"at least \d+\.\d\d% of the national exclusive-use area", out) and note in out
    assert main(["coverage", "--threat", "threat:range-nodong", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["share_is_lower_bound"] is True and doc["lower_bound"] == note


def test_welcome_and_share_chart_say_lower_bound(catalog):
    from explorer.mapping.derive import share_chart
    from explorer.present.panel_html import welcome_html

    okinawa = gap_note(share_gap(catalog, "Okinawa"), "Okinawa")
    assert okinawa.startswith("A lower bound: the atlas has no area of 2020-01-01 or earlier for 2 of the 31 Okinawa")
    assert okinawa.replace("'", "&#x27;") in welcome_html(catalog)
    chart = share_chart(catalog)
    assert chart["bars"][0]["text"].startswith("at least ") and chart["note"].endswith(okinawa)
