"""Loaders: raw files -> frozen records, every problem collected with its place."""

from __future__ import annotations

import dataclasses

import pytest

from explorer.atlas.catalog import Catalog
from explorer.atlas.loaders import DATE_RE, ID_RE, Problem
from explorer.atlas.records import Base, SourceRef, State, Threat
from explorer.errors import DataError


def test_fixture_records_have_their_types(mini_catalog):
    assert isinstance(mini_catalog.feature("base:futenma"), Base)
    assert isinstance(mini_catalog.feature("state:jpn"), State)
    assert isinstance(mini_catalog.feature("threat:senkaku"), Threat)


def test_base_fields_are_read(mini_catalog):
    b = mini_catalog.feature("base:futenma")
    assert (b.lon, b.lat) == (127.7556, 26.2744)
    assert b.name_ja == "普天間飛行場"
    assert b.prefecture == "Okinawa"
    assert b.use == "us" and b.on_mod_exclusive_list
    assert b.units_as_of == "2021-03-31"
    assert b.position_source == SourceRef("src:fixture-positions", "Futenma")
    assert b.position_precision_m == 500
    assert b.area_km2 == 4.8
    assert b.status == "planned_return" and b.status_year == 1996
    assert b.provisions == ("provision:treaty1960-art6", "provision:saco1996")
    assert b.sources == (SourceRef("src:fixture-saco"),)


def test_source_ref_locator_is_kept(mini_catalog):
    p = mini_catalog.provisions["provision:treaty1960-art6"]
    assert p.sources == (SourceRef("src:fixture-treaty1960", "Art. VI"),)


def test_records_are_frozen(mini_catalog):
    b = mini_catalog.feature("base:kadena")
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.name = "x"  # type: ignore[misc]


def test_range_band_is_sorted_and_drawn_as_annulus(mini_catalog):
    t = mini_catalog.feature("threat:test-range")
    assert t.range_km == (1200.0, 1500.0)
    assert t.geometry["type"] == "Polygon"
    assert len(t.geometry["coordinates"]) == 2  # outer ring + hole
    assert (t.lon, t.lat) == (125.75, 39.03)  # the stated reference point, not the ring


def test_overflight_is_drawn_as_geodesic_from_launch_to_impact(mini_catalog):
    t = mini_catalog.feature("threat:test-track")
    coords = t.geometry["coordinates"]
    assert t.geometry["type"] == "LineString"
    assert coords[0] == [129.66, 40.85]
    assert coords[-1] == [143.0, 41.0]
    assert len(coords) > 2  # densified, not the straight 2-point line


def test_state_geometry_comes_from_basemap(mini_catalog):
    s = mini_catalog.feature("state:jpn")
    assert s.geometry["type"] == "MultiPolygon"
    assert len(s.geometry["coordinates"]) == 2
    assert s.treaties[0].provisions == ("provision:treaty1960-art5",)


def test_claimants_are_read(mini_catalog):
    t = mini_catalog.feature("threat:senkaku")
    assert [(c.state, c.name) for c in t.claimants] == [("state:chn", "Diaoyu Dao")]


def test_strict_load_raises_data_error_naming_the_problem(atlas_copy):
    atlas_copy.replace("provisions.toml", 'signed = "1996-12-02"', 'signed = "Dec 1996"')
    with pytest.raises(DataError) as info:
        Catalog.load(atlas_copy.root)
    assert "provision:saco1996" in str(info.value)
    assert "validate" in str(info.value)


def test_non_strict_load_collects_problems(atlas_copy):
    atlas_copy.replace("provisions.toml", 'signed = "1996-12-02"', 'signed = "Dec 1996"')
    cat = Catalog.load(atlas_copy.root, strict=False)
    assert Problem("provisions.toml", "provision:saco1996", "signed",
                   "date 'Dec 1996' is not YYYY, YYYY-MM or YYYY-MM-DD") in cat.problems
    # The rest of the atlas still loads.
    assert "base:futenma" in cat.features


def test_missing_directory_is_a_data_error(tmp_path):
    with pytest.raises(DataError):
        Catalog.load(tmp_path / "nowhere")


def test_missing_file_is_reported(atlas_copy):
    (atlas_copy.root / "controversies.toml").unlink()
    cat = Catalog.load(atlas_copy.root, strict=False)
    assert any(p.file == "controversies.toml" and "missing" in p.message for p in cat.problems)


def test_bad_id_is_reported(atlas_copy):
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(id="Base:Kadena AB"))
    cat = Catalog.load(atlas_copy.root, strict=False)
    assert [(p.file, p.record, p.field) for p in cat.problems] == [("bases/okinawa.geojson", "Base:Kadena AB", "id")]


def test_bad_threat_kind_is_reported(atlas_copy):
    atlas_copy.edit_json("threats.geojson",
                         lambda d: atlas_copy.props(d, "threat:senkaku").update(kind="volcano"))
    cat = Catalog.load(atlas_copy.root, strict=False)
    assert ("threats.geojson", "threat:senkaku", "kind") in [(p.file, p.record, p.field) for p in cat.problems]


@pytest.mark.parametrize("use", ["exclusive", "", None, True, "US"])
def test_use_must_be_a_known_category(atlas_copy, use):
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(use=use))
    cat = Catalog.load(atlas_copy.root, strict=False)
    assert ("bases/okinawa.geojson", "base:kadena", "use") in [
        (p.file, p.record, p.field) for p in cat.problems]


def test_old_exclusive_use_field_is_rejected(atlas_copy):
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(exclusive_use=True))
    cat = Catalog.load(atlas_copy.root, strict=False)
    assert ("bases/okinawa.geojson", "base:kadena", "exclusive_use") in [
        (p.file, p.record, p.field) for p in cat.problems]


def test_returned_use_must_agree_with_status(atlas_copy):
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(use="returned"))
    cat = Catalog.load(atlas_copy.root, strict=False)
    assert ("bases/okinawa.geojson", "base:kadena", "use") in [
        (p.file, p.record, p.field) for p in cat.problems]


def test_on_mod_exclusive_list_by_category():
    from explorer.atlas.records import BASE_USES
    from explorer.present.labels import USE as USE_LABELS

    assert BASE_USES == ("us", "us_sdf_joint", "sdf_temporary_us", "returned", "rok_sofa")
    assert set(USE_LABELS) == set(BASE_USES)
    geom = {"type": "Point", "coordinates": [0, 0]}
    def base(use, status="active"):
        return Base(id="base:x", layer="bases", name="x", lat=0, lon=0, geometry=geom, use=use, status=status)
    assert base("us").on_mod_exclusive_list and base("us_sdf_joint").on_mod_exclusive_list
    assert not base("sdf_temporary_us").on_mod_exclusive_list
    assert not base("returned", "returned").on_mod_exclusive_list
    assert not base("us", "returned").on_mod_exclusive_list


def test_problem_str_names_file_record_field():
    p = Problem("provisions.toml", "provision:x", "signed", "bad date")
    assert str(p) == "provisions.toml:provision:x:signed: bad date"


@pytest.mark.parametrize("good", ["base:kadena", "provision:treaty1960-art6", "threat:2017-08-29-hwasong12"])
def test_id_pattern_accepts(good):
    assert ID_RE.match(good)


@pytest.mark.parametrize("bad", ["Base:kadena", "base:Kadena", "base:kadena_ab", "kadena", "base:-x", "base:"])
def test_id_pattern_rejects(bad):
    assert not ID_RE.match(bad)


@pytest.mark.parametrize("good", ["1960", "1960-01", "1960-01-19"])
def test_date_pattern_accepts(good):
    assert DATE_RE.match(good)


@pytest.mark.parametrize("bad", ["60", "1960-1-19", "19/01/1960", "1960-01-19T00:00", "1960-"])
def test_date_pattern_rejects(bad):
    assert not DATE_RE.match(bad)


def test_every_real_id_follows_the_id_rule(catalog):
    ids = [*catalog.features, *catalog.provisions, *catalog.controversies, *catalog.sources, *catalog.figures]
    bad = [i for i in ids if not ID_RE.match(i)]
    assert bad == []
