"""US Forces Korea on the bases layer, and the Japan-only figures that must never count it.

USFK's facilities are Base records with ``country`` KOR and ``use`` rok_sofa, in
``bases/usfk.geojson``. The Okinawa share, MOD's exclusive-use list, the use counts and
the prefecture facet are Japan's figures: a Korean facility, whatever its fields, must not
move them.
"""

from __future__ import annotations

import dataclasses

import pytest

from explorer.atlas import figures as fig
from explorer.atlas import query
from explorer.atlas.query import Filter, facet_counts, select
from explorer.atlas.records import Base
from explorer.atlas.search import SearchIndex
from explorer.cli import main

USFK = ("base:humphreys", "base:osan", "base:kunsan", "base:casey", "base:hovey", "base:walker",
        "base:chinhae", "base:thaad-seongju")


def _korean(catalog) -> list[Base]:
    return [b for b in catalog.layer("bases") if isinstance(b, Base) and not b.in_japan]


def test_the_principal_usfk_facilities_are_on_the_bases_layer(catalog):
    korean = {b.id: b for b in _korean(catalog)}
    assert set(USFK) <= set(korean)
    for b in korean.values():
        assert b.country == "KOR" and b.use == "rok_sofa" and not b.prefecture, b.id
        assert not b.on_mod_exclusive_list, b.id
        assert {"provision:rok-mdt1953-art4", "provision:rok-sofa1966-facilities"} <= set(b.provisions), b.id
        assert b.position_source and b.position_source.id in catalog.sources, b.id
        assert isinstance(b.position_precision_m, int), b.id
        assert not b.units or b.units_as_of, b.id
        assert 33.0 <= b.lat <= 38.7 and 124.5 <= b.lon <= 131.0, b.id
    assert korean["base:thaad-seongju"].controversies == ("controversy:thaad-korea",)


@pytest.fixture
def conc(catalog):
    return fig.okinawa_concentration(catalog)


def test_japan_only_figures_leave_usfk_out(catalog, conc):
    korean = {b.id for b in _korean(catalog)}
    assert korean
    assert not korean & {b.id for b in fig.exclusive_bases(catalog, "2020-01-01")}
    u = fig.use_counts(catalog)
    japan = [b for b in catalog.layer("bases") if b.in_japan]
    assert u.us + u.us_sdf_joint + u.sdf_temporary_us + u.returned == len(japan)
    assert f"{conc.share_pct:.1f}" == "70.3"  # Okinawa's published share, unchanged by Korea
    assert not korean & set(conc.without_area)
    sel = query.figures(catalog, sorted(korean))
    assert sel.count == len(korean) and sel.exclusive_count == 0 and sel.exclusive_km2 == 0.0


def test_a_korean_facility_cannot_move_okinawa_s_share_even_if_mislabelled(catalog, conc):
    """Even a Korean record wrongly given prefecture Okinawa and an Art. II-1(a) use stays out."""
    rogue = dataclasses.replace(catalog.feature("base:humphreys"), id="base:rogue", prefecture="Okinawa",
                                area_km2=500.0, area_as_of="2019-01-01")
    rogue = dataclasses.replace(rogue, use="us")  # country KOR still: not in Japan
    cat = dataclasses.replace(catalog, features={**catalog.features, rogue.id: rogue})
    again = fig.okinawa_concentration(cat)
    assert again.share_pct == conc.share_pct and again.okinawa_count == conc.okinawa_count
    assert fig.use_counts(cat) == fig.use_counts(catalog)


def test_prefecture_facet_is_japan_only(catalog):
    korean = {b.id for b in _korean(catalog)}
    counts = facet_counts(catalog, Filter())
    assert sum(counts["prefecture"].values()) == sum(1 for b in catalog.layer("bases") if b.in_japan)
    assert not korean & set(select(catalog, Filter(prefecture=set(counts["prefecture"]))))
    # ... while the layer and service facets do include them
    assert korean <= set(select(catalog, Filter(layers={"bases"})))
    assert "base:osan" in select(catalog, Filter(service={"USAF"}))


def test_data_quality_counts_every_facility(catalog):
    q = fig.data_quality(catalog)
    assert q.bases == len(catalog.layer("bases")) == len(_korean(catalog)) + sum(
        1 for b in catalog.layer("bases") if b.in_japan)


def test_dprk_ranges_reach_usfk(catalog):
    from explorer.atlas import coverage

    reached = {r.ring.id for r in coverage.reach(catalog, "base:humphreys")}
    assert reached, "no published North Korean range reaches Camp Humphreys"


def test_validate_places_usfk_in_korea(catalog):
    from explorer.atlas.validate import BASE_BOXES, _box, _check_base_on_land
    from shapely.geometry import Point

    out: list = []
    b = catalog.feature("base:osan")
    _check_base_on_land(b, Point(b.lon, b.lat), None, "bases/usfk.geojson", out)
    assert out == []
    moved = dataclasses.replace(b, lon=139.7, lat=35.7)  # Tokyo: inside Japan's box, not Korea's
    _check_base_on_land(moved, Point(moved.lon, moved.lat), None, "bases/usfk.geojson", out)
    assert out and "not in South Korea" in out[0].message
    assert not _box(BASE_BOXES["KOR"]).contains(Point(139.7, 35.7))


# -- the new records are reachable: search, the map (dossiers) and `info` -------------------

NEW_RECORDS = {
    "provision:rok-sofa1966-facilities": "Status of Forces",
    "provision:japan-rok-gsomia2016": "GSOMIA",
    "provision:trilateral-missile-warning-2023": "missile-warning",
    "provision:scc2019-cyber": "cyber",
    "provision:scc2023-space": "space",
    "provision:sm3-block2a-codevelopment": "SM-3",
    "provision:gpi-codevelopment-2024": "Glide Phase",
    "provision:foip2016": "Free and Open Indo-Pacific",
    "provision:nato1949-art5": "NATO",
    "controversy:gsomia-2019": "GSOMIA",
    "controversy:exercise-keen-sword": "Keen Sword",
    "controversy:exercise-resolute-dragon": "Resolute Dragon",
    "controversy:exercise-orient-shield": "Orient Shield",
    "controversy:exercise-freedom-shield": "Freedom Shield",
    "controversy:exercise-ulchi-freedom-shield": "Ulchi Freedom Shield",
    "controversy:dprk-diplomacy": "Six-Party Talks",
}


@pytest.mark.parametrize("rid, words", sorted(NEW_RECORDS.items()))
def test_search_finds_each_new_record(catalog, rid, words):
    hits = [h.id for h in SearchIndex.build(catalog).query(words, limit=20)]
    assert rid in hits, (words, hits[:5])


def test_search_finds_usfk_bases(catalog):
    index = SearchIndex.build(catalog)
    for words, rid in (("Humphreys", "base:humphreys"), ("Osan", "base:osan"), ("Kunsan", "base:kunsan"),
                       ("THAAD", "base:thaad-seongju"), ("Chinhae", "base:chinhae")):
        assert rid in [h.id for h in index.query(words, limit=10)], words


def test_each_new_record_is_reachable_from_the_map(catalog):
    """Named in a dossier of a feature on the map (directly, or as a provision read with one)."""
    shown: set[str] = set()
    for f in catalog.features.values():
        d = catalog.dossier(f.id)
        shown |= {p.id for p in d.provisions} | {c.id for c in d.controversies}
        for p in d.provisions:
            shown |= set(p.related)
    assert sorted(set(NEW_RECORDS) - shown) == []


def test_nato_article_5_is_read_with_article_v(catalog):
    assert "provision:nato1949-art5" in catalog.provisions["provision:treaty1960-art5"].related
    assert "provision:treaty1960-art5" in catalog.provisions["provision:nato1949-art5"].related


@pytest.mark.parametrize("rid", sorted(NEW_RECORDS) + ["base:humphreys", "base:thaad-seongju"])
def test_info_prints_numbered_sources(capsys, catalog, rid):
    code = main(["info", rid])
    out = capsys.readouterr().out
    assert code == 0
    assert "Sources:" in out and "[1] " in out, out[-400:]


def test_timeline_2019_shows_the_gsomia_notice(catalog):
    import datetime as dt

    from explorer.atlas import timeline

    c = catalog.controversies["controversy:gsomia-2019"]
    assert c.start_date and c.start_date.start() <= dt.date(2019, 9, 1)
    assert c.end_date and c.end_date.start() >= dt.date(2023, 3, 1)
    assert "controversy:gsomia-2019" in {x.id for x in timeline.controversies_by(catalog, dt.date(2019, 9, 1))}
    assert "controversy:gsomia-2019" not in {x.id for x in timeline.controversies_by(catalog, dt.date(2019, 1, 1))}


def test_welcome_text_names_usfk_apart_from_japan(catalog):
    from explorer.present.panel_html import welcome_html

    html = welcome_html(catalog)
    assert f"{len(_korean(catalog))} facilities of US Forces Korea (US–ROK SOFA), outside Japan's figures" in html
