"""Faceted filters on the real atlas: algebra, facet counts, figures, JSON round trip."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from explorer.atlas import query
from explorer.atlas.query import EXCLUSIVE_USES, FACETS, Filter, base_use, facet_counts, facet_values, select


def ids_where(catalog, pred):
    return tuple(f.id for f in catalog.features.values() if pred(f))


# -- select -----------------------------------------------------------------------

def test_empty_filter_selects_everything_in_catalog_order(catalog):
    assert select(catalog, Filter()) == tuple(catalog.features)


def test_usmc_on_okinawa(catalog):
    got = select(catalog, Filter(service={"USMC"}, prefecture={"Okinawa"}))
    expected = tuple(b.id for b in catalog.layer("bases") if b.service == "USMC" and b.prefecture == "Okinawa")
    assert got == expected
    assert {"base:futenma", "base:hansen", "base:schwab", "base:courtney", "base:foster"} <= set(got)
    assert "base:kadena" not in got  # USAF
    assert "base:iwakuni" not in got  # USMC, but Yamaguchi
    assert len(got) >= 10


def test_and_across_facets_is_intersection(catalog):
    a = set(select(catalog, Filter(service={"USMC"})))
    b = set(select(catalog, Filter(prefecture={"Okinawa"})))
    both = set(select(catalog, Filter(service={"USMC"}, prefecture={"Okinawa"})))
    assert both == a & b
    assert a - b and b - a  # the test would notice a facet being ignored


def test_or_within_a_facet_is_union(catalog):
    usmc = set(select(catalog, Filter(service={"USMC"})))
    usaf = set(select(catalog, Filter(service={"USAF"})))
    assert usmc and usaf and not usmc & usaf
    assert set(select(catalog, Filter(service={"USMC", "USAF"}))) == usmc | usaf


def test_facet_that_does_not_apply_excludes_other_layers(catalog):
    got = select(catalog, Filter(service={"USN"}))
    assert got and all(i.startswith("base:") for i in got)
    threats = select(catalog, Filter(threat_kind={"missile_range"}))
    assert threats == ids_where(catalog, lambda f: f.layer == "threats" and f.threat_kind == "missile_range")
    assert len(threats) == 4


def test_actor_and_layers(catalog):
    prk = select(catalog, Filter(actor={"state:prk"}))
    assert prk == ids_where(catalog, lambda f: getattr(f, "actor", "") == "state:prk")
    assert select(catalog, Filter(layers={"states"})) == ids_where(catalog, lambda f: f.layer == "states")


def test_use_facet(catalog):
    assert base_use(catalog.feature("base:kadena")) in EXCLUSIVE_USES
    shared = select(catalog, Filter(use={"sdf_temporary_us"}))
    assert shared == ids_where(catalog, lambda f: f.layer == "bases" and base_use(f) == "sdf_temporary_us")
    assert len(shared) >= 1


def test_provision_and_controversy_facets_follow_the_dossier(catalog):
    got = select(catalog, Filter(controversy={"controversy:futenma-henoko"}))
    assert {"base:futenma", "base:schwab"} <= set(got)
    assert set(got) == set(catalog.concerned_by("controversy:futenma-henoko"))
    art6 = select(catalog, Filter(provision={"provision:treaty1960-art6"}))
    assert set(art6) == set(catalog.governed_by("provision:treaty1960-art6"))


def test_text_is_folded_like_search(catalog):
    assert "base:futenma" in select(catalog, Filter(text="ＦＵＴＥＮＭＡ"))
    assert "base:futenma" in select(catalog, Filter(text="普天間"))
    camps = select(catalog, Filter(text="きゃんぷ"))
    assert "base:hansen" in camps and "base:kadena" not in camps
    assert select(catalog, Filter(text="no such thing anywhere")) == ()


def test_as_of_keeps_what_was_valid_then(catalog):
    got = set(select(catalog, Filter(), as_of=dt.date(1960, 1, 1)))
    assert "base:kamiseya" in got          # returned on 2015-06-30
    assert "base:shariki" not in got       # radar site from 2006
    assert "threat:1998-08-31-taepodong1" not in got  # an event appears from its date
    assert "base:kadena" in got            # start unknown: shown, with a note
    later = set(select(catalog, Filter(), as_of=dt.date(2016, 1, 1)))
    assert "base:kamiseya" not in later and "base:shariki" in later
    assert "threat:1998-08-31-taepodong1" in later


def test_validity_is_the_parsed_interval_of_the_record(catalog):
    kamiseya = query.validity(catalog.feature("base:kamiseya"))
    assert kamiseya.contains(dt.date(2015, 6, 29)) and not kamiseya.contains(dt.date(2015, 6, 30))
    assert query.validity(catalog.feature("base:misawa")).contains(dt.date(1900, 1, 1))  # start unknown
    kadena = query.validity(catalog.feature("base:kadena"))  # from 1945 (Heibonsha)
    assert kadena.contains(dt.date(1945, 1, 1)) and not kadena.contains(dt.date(1944, 12, 31))
    assert str(catalog.feature("threat:2017-08-29-hwasong12").valid_from) == "2017-08-29"


def test_and_within_as_of_combines_with_facets(catalog):
    usmc_oki_1990 = select(catalog, Filter(service={"USMC"}, prefecture={"Okinawa"}), as_of=dt.date(1990, 1, 1))
    assert set(usmc_oki_1990) <= set(select(catalog, Filter(service={"USMC"}, prefecture={"Okinawa"})))
    assert "base:futenma" in usmc_oki_1990


# -- facet counts -------------------------------------------------------------------

def brute_counts(catalog, flt):
    """Facet counts by the definition, with no shared code beyond facet_values."""
    out = {}
    for name in FACETS:
        relaxed = flt.without(name)
        kept = set(select(catalog, relaxed))
        tally = {}
        for f in catalog.features.values():
            if f.id in kept:
                for v in facet_values(catalog, f)[name]:
                    tally[v] = tally.get(v, 0) + 1
        for v in getattr(flt, name):
            tally.setdefault(v, 0)
        out[name] = tally
    return out


@pytest.mark.parametrize("flt", [
    Filter(),
    Filter(service={"USMC"}, prefecture={"Okinawa"}),
    Filter(layers={"bases"}, status={"active", "returned"}),
    Filter(threat_kind={"missile_range", "overflight"}, actor={"state:prk"}),
    Filter(text="camp", island={"Okinawa Island"}),
    Filter(prefecture={"Atlantis"}),
])
def test_facet_counts_match_brute_force(catalog, flt):
    assert facet_counts(catalog, flt) == brute_counts(catalog, flt)


def test_facet_counts_known_values(catalog):
    counts = facet_counts(catalog, Filter(service={"USMC"}, prefecture={"Okinawa"}))
    oki_usmc = len(select(catalog, Filter(service={"USMC"}, prefecture={"Okinawa"})))
    # The service facet ignores its own constraint: USAF on Okinawa is counted.
    assert counts["service"]["USMC"] == oki_usmc
    assert counts["service"]["USAF"] == len(select(catalog, Filter(service={"USAF"}, prefecture={"Okinawa"})))
    assert counts["prefecture"]["Okinawa"] == oki_usmc
    assert counts["prefecture"]["Yamaguchi"] == len(select(catalog, Filter(service={"USMC"}, prefecture={"Yamaguchi"})))
    assert counts["layers"] == {"bases": oki_usmc}
    empty = facet_counts(catalog, Filter())
    assert empty["layers"] == {l: len(catalog.layer(l)) for l in ("bases", "states", "threats")}
    # Every base in Japan has one prefecture; US Forces Korea's facilities have none, so the
    # prefecture facet (a Japan-only figure) never counts them.
    assert sum(empty["prefecture"].values()) == sum(1 for b in catalog.layer("bases") if b.in_japan)


def test_asked_for_value_absent_from_data_counts_zero(catalog):
    assert facet_counts(catalog, Filter(prefecture={"Atlantis"}))["prefecture"]["Atlantis"] == 0


# -- JSON ---------------------------------------------------------------------------

def test_json_round_trip(catalog):
    flt = Filter(service={"USMC", "USAF"}, prefecture={"Okinawa"}, use=EXCLUSIVE_USES, text="Camp")
    data = flt.to_json()
    assert data == {"service": ["USAF", "USMC"], "prefecture": ["Okinawa"], "use": ["us", "us_sdf_joint"],
                    "text": "Camp"}
    assert Filter.from_json(data) == flt
    assert Filter.from_json(json.dumps(data)) == flt
    assert Filter.from_json({}) == Filter()
    assert Filter().to_json() == {}


@pytest.mark.parametrize("bad", [
    {"colour": ["red"]},
    {"service": "USMC"},
    {"service": [1]},
    {"text": 3},
    [],
    "not json",
    "[1, 2]",
])
def test_from_json_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        Filter.from_json(bad)


def test_constructor_rejects_a_bare_string():
    with pytest.raises(ValueError):
        Filter(service="USMC")  # type: ignore[arg-type]


# -- figures ------------------------------------------------------------------------

def test_okinawa_exclusive_use_figures_match_published_share(catalog):
    sel = select(catalog, Filter(prefecture={"Okinawa"}, use=EXCLUSIVE_USES))
    fig = query.figures(catalog, sel)
    published = catalog.figures["figure:okinawa-exclusive-share"]
    assert published.value == 70.3
    assert fig.share_pct == pytest.approx(published.value, abs=0.1)
    assert fig.share_pct == pytest.approx(catalog.figures["figure:okinawa-exclusive-share-2020"].value, abs=0.01)
    national = catalog.figures["figure:national-exclusive-area-km2"]
    assert str(fig.as_of) == national.as_of
    assert fig.national_km2 == national.value
    # 31 facilities on the list; those with a published area enter the share (2 have none).
    oki = [b for b in catalog.layer("bases") if b.prefecture == "Okinawa" and b.on_mod_exclusive_list]
    assert len(oki) == 31
    assert fig.exclusive_count == sum(1 for b in oki if b.area_km2 is not None) == 29
    assert fig.exclusive_km2 == pytest.approx(catalog.figures["figure:okinawa-exclusive-area-km2-2020"].value, abs=0.01)


def test_figures_counts_areas_and_nulls(catalog):
    bases = catalog.layer("bases")
    fig = query.figures(catalog, [b.id for b in bases] + ["state:jpn", "threat:senkaku"])
    assert fig.count == len(bases)
    assert fig.area_missing == sum(1 for b in bases if b.area_km2 is None) > 0
    assert fig.area_km2 == pytest.approx(sum(b.area_km2 for b in bases if b.area_km2 is not None), abs=1e-3)
    # Only facilities on the list with an area published no later than the national total (or undated)
    # enter the share.
    national = catalog.figures["figure:national-exclusive-area-km2"]
    dated = [b for b in bases if base_use(b) in EXCLUSIVE_USES and b.status != "returned"
             and b.area_km2 is not None and (not b.area_as_of or b.area_as_of <= national.as_of)]
    assert fig.exclusive_count == len(dated)
    assert fig.share_pct == pytest.approx(100 * sum(b.area_km2 for b in dated) / national.value, abs=0.005)


def test_figures_of_nothing(catalog):
    fig = query.figures(catalog, [])
    assert (fig.count, fig.area_km2, fig.area_missing, fig.share_pct) == (0, 0, 0, 0.0)


def test_figures_without_national_total(mini_catalog):
    fig = query.figures(mini_catalog, [b.id for b in mini_catalog.layer("bases")])
    assert fig.count == len(mini_catalog.layer("bases")) and fig.share_pct is None and fig.as_of is None


def test_live_figures_usmc_on_okinawa(catalog):
    from explorer.present.selection import figures_line

    sel = select(catalog, Filter(service={"USMC"}, prefecture={"Okinawa"}))
    fig = query.figures(catalog, sel)
    bases = [catalog.feature(i) for i in sel]
    assert fig.count == len(bases) == len(sel)
    assert fig.area_km2 == pytest.approx(sum(b.area_km2 for b in bases if b.area_km2 is not None), abs=1e-3)
    national = catalog.figures["figure:national-exclusive-area-km2"]
    assert fig.share_pct == pytest.approx(100 * fig.exclusive_km2 / national.value, abs=0.005)
    # Part of Okinawa's published share, never more.
    assert 0 < fig.share_pct < catalog.figures["figure:okinawa-exclusive-share"].value
    line = figures_line(fig)
    assert line.startswith(f"{fig.count} facilities · {fig.area_km2:,.1f} km²")
    assert f"{fig.share_pct:.2f}% of the national exclusive-use area" in line
    assert line.endswith(f"figures as of {national.as_of})")


def test_live_figures_line_without_a_national_total(mini_catalog):
    from explorer.present.selection import figures_line

    line = figures_line(query.figures(mini_catalog, [b.id for b in mini_catalog.layer("bases")]))
    assert "no national total" in line and "%" not in line
    assert figures_line(query.figures(mini_catalog, [])) == "No facility in the selection."
