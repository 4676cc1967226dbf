"""The atlas at a date, on the real data: provisions in force and superseded, controversies begun,
Okinawa under US administration before reversion, and the sourced share series."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.atlas import timeline
from explorer.atlas.dates import PartialDate
from explorer.present.dossier import dossier_dict, provision_info

D = dt.date


def test_1951_treaty_in_force_in_1955_and_superseded_by_1960_treaty_in_1961(catalog):
    p = catalog.provisions["provision:treaty1951-art1"]
    assert timeline.provision_status(catalog, p, D(1955, 1, 1)).state == "in_force"
    later = timeline.provision_status(catalog, p, D(1961, 1, 1))
    assert later.state == "superseded"
    assert later.successor.id == "provision:treaty1960-art9"
    assert later.since == PartialDate(1960, 6, 23)
    # The boundary: the successor's entry into force is the first day the old treaty is gone.
    assert timeline.provision_status(catalog, p, D(1960, 6, 22)).state == "in_force"
    assert timeline.provision_status(catalog, p, D(1960, 6, 23)).state == "superseded"
    assert timeline.provision_status(catalog, p, D(1952, 4, 27)).state == "not_yet"


@pytest.mark.parametrize("pid, succ, day", [
    ("provision:guidelines1978", "provision:guidelines1997", PartialDate(1997, 9, 23)),
    ("provision:guidelines1997", "provision:guidelines2015", PartialDate(2015, 4, 27)),
    ("provision:peace-treaty1951-art3", "provision:reversion1972", PartialDate(1972, 5, 15)),
])
def test_successions_line_up_with_the_successors_start(catalog, pid, succ, day):
    p = catalog.provisions[pid]
    assert p.superseded_by == succ and p.valid_to == day == catalog.provisions[succ].valid_from
    assert p.valid_sources, "the end of validity cites where it was read"


def test_guidelines_chain_one_in_force_at_a_time(catalog):
    chain = ["provision:guidelines1978", "provision:guidelines1997", "provision:guidelines2015"]
    for year, current in ((1980, 0), (2000, 1), (2020, 2)):
        states = [timeline.provision_status(catalog, catalog.provisions[p], D(year, 1, 1)).state for p in chain]
        assert states.count("in_force") == 1 and states[current] == "in_force", (year, states)


def test_provision_info_status_text(catalog):
    assert provision_info(catalog, "provision:treaty1951-art1", D(1955, 1, 1))["status"] == "in_force"
    info = provision_info(catalog, "provision:treaty1951-art1", D(1961, 1, 1))
    assert info["status"] == "superseded" and "1960 Treaty" in info["status_text"]
    assert info["superseded_by"]["id"] == "provision:treaty1960-art9"
    assert {"id": "provision:treaty1951-art1", "short": catalog.provisions["provision:treaty1951-art1"].short} \
        in provision_info(catalog, "provision:treaty1960-art9")["replaces"]


def test_futenma_controversy_absent_in_1990_present_in_2000(catalog):
    c = catalog.controversies["controversy:futenma-henoko"]
    assert timeline.controversy_status(c, D(1990, 12, 31)) == "not_started"
    assert timeline.controversy_status(c, D(2000, 1, 1)) == "ongoing"
    ids_1990 = [x["id"] for x in dossier_dict(catalog, "base:futenma", D(1990, 1, 1))["controversies"]]
    ids_2000 = [x["id"] for x in dossier_dict(catalog, "base:futenma", D(2000, 1, 1))["controversies"]]
    assert "controversy:futenma-henoko" not in ids_1990 and "controversy:futenma-henoko" in ids_2000
    assert c not in timeline.controversies_by(catalog, D(1990, 1, 1))
    assert c in timeline.controversies_by(catalog, D(2000, 1, 1))


def test_ended_controversy(catalog):
    c = catalog.controversies["controversy:aegis-ashore-cancellation"]  # 2017-2020
    assert timeline.controversy_status(c, D(2020, 12, 31)) == "ongoing"
    assert timeline.controversy_status(c, D(2021, 1, 1)) == "ended"


def test_okinawa_under_us_administration_before_reversion(catalog):
    kadena, misawa = catalog.feature("base:kadena"), catalog.feature("base:misawa")
    assert timeline.reversion_date(catalog) == PartialDate(1972, 5, 15)
    assert timeline.base_regime(catalog, kadena, D(1971, 1, 1)) == "us_administration"
    assert timeline.base_regime(catalog, kadena, D(1972, 5, 15)) == "provided"
    assert timeline.base_regime(catalog, misawa, D(1971, 1, 1)) == "provided"
    assert timeline.base_regime(catalog, catalog.feature("base:kamiseya"), D(2016, 1, 1)) == "returned"


def test_dossier_as_of_marks_sofa_as_not_yet_applying_in_okinawa(catalog):
    dd = dossier_dict(catalog, "base:kadena", D(1971, 1, 1))
    assert dd["as_of"] == "1971-01-01"
    assert "under US administration" in dd["facts"][0]["value"]
    sofa = [p for p in dd["provisions"] if p["id"] == "provision:sofa-art2"][0]
    assert "only from reversion on 1972-05-15" in sofa["status_text"]
    assert "provision:reversion1972" not in [p["id"] for p in dd["provisions"]]  # not yet in force
    assert "provision:reversion1972" in [p["id"] for p in dossier_dict(catalog, "base:kadena", D(1973, 1, 1))["provisions"]]


def test_default_dossier_is_unchanged_by_the_timeline(catalog):
    dd = dossier_dict(catalog, "base:kadena", None)
    assert "as_of" not in dd
    assert all("status" not in p for p in dd["provisions"])
    assert all("status" not in c for c in dd["controversies"])


def test_okinawa_share_series_uses_only_sourced_figures(catalog):
    pts = timeline.okinawa_share_series(catalog)
    assert [g.id for g in pts] == ["figure:okinawa-exclusive-share-1972", "figure:okinawa-exclusive-share-2020",
                                   "figure:okinawa-exclusive-share"]
    assert all(g.sources for g in pts)
    assert timeline.share_as_of(catalog, D(1971, 1, 1)) is None  # no figure that old: nothing invented
    assert timeline.share_as_of(catalog, D(1990, 1, 1)).value == 58.61  # the latest figure then, with its date
    assert timeline.share_as_of(catalog, D(2020, 6, 1)).value == 70.27
    assert timeline.share_as_of(catalog, D(2024, 1, 1)).value == 70.3


@pytest.mark.parametrize("bad", ["banana", "1971-13", "71", "", "1971-02-30"])
def test_parse_as_of_rejects_what_is_not_a_date(bad):
    with pytest.raises(ValueError, match="as-of date"):
        timeline.parse_as_of(bad)


def test_parse_as_of_takes_the_last_day():
    assert timeline.parse_as_of("1971") == D(1971, 12, 31)
    assert timeline.parse_as_of("1972-02") == D(1972, 2, 29)
    assert timeline.parse_as_of("1972-05-15") == D(1972, 5, 15)


def test_every_dated_feature_cites_or_derives_its_date(catalog):
    for f in catalog.features.values():
        if f.valid_from is not None and str(f.valid_from) != getattr(f, "date", None):
            assert f.valid_sources, f.id
    for b in catalog.layer("bases"):
        assert b.valid_from is not None or b.valid_from_note, b.id


def test_provision_page_shows_succession_and_status(catalog):
    from explorer.present.law_html import controversy_html, provision_html

    def plain(html):
        return html.replace("\u2068", "").replace("\u2069", "")

    old = plain(provision_html(catalog, "provision:treaty1951-art1"))
    assert "Superseded on 1960-06-23 by" in old and "provision:treaty1960-art9" in old
    assert "As of" not in old  # no date given: the timeless page
    assert "Replaces" in plain(provision_html(catalog, "provision:treaty1960-art9"))
    assert "As of 1955-01-01: in force" in plain(provision_html(catalog, "provision:treaty1951-art1", D(1955, 1, 1)))
    page = plain(controversy_html(catalog, "controversy:futenma-henoko", D(1990, 1, 1)))
    assert "As of 1990-01-01: not yet begun" in page


def test_relocated_live_fire_areas_appear_when_the_training_began(catalog):
    from explorer.atlas import query

    hijudai = query.validity(catalog.feature("base:hijudai"))
    assert not hijudai.contains(D(1998, 12, 31)) and hijudai.contains(D(1999, 2, 1))
    assert query.validity(catalog.feature("base:yausubetsu")).contains(D(1997, 1, 1))
    assert not query.validity(catalog.feature("base:yausubetsu")).contains(D(1996, 12, 31))
