"""validate() refuses reader-facing text that speaks of the work, and highlights that disagree with the dossier."""

from __future__ import annotations

import pytest

from explorer.atlas import prose
from explorer.atlas.validate import errors, validate

BASES_FILE = "bases/okinawa.geojson"


def _errors_at(root, file, record, field):
    return [p for p in errors(validate(root)) if (p.file, p.record, p.field) == (file, record, field)]


@pytest.mark.parametrize("text, word", [
    ("Linked through the treaties of Japan (issue 13).", "issue"),
    ("Reached through the `related` list.", "backticks"),
    ("Named by provision:treaty1960-art6 as well.", "record ids"),
    ("Also concerns base:kadena.", "record ids"),
    ("Impact point computed with pyproj Geod: 1,180 km east.", "software"),
    ("Drawn with Folium on top of Leaflet.", "software"),
    ("The 1978 text itself was not read in this session.", "editing work"),
    ("The page was read on 2026-11-30.", "editing work"),
    ("Listed among threats of kind eez_impact.", "field or kind names"),
    ("status_year 1945 is approximate.", "field or kind names"),
])
def test_check_names_what_is_wrong(text, word):
    found = prose.check(text)
    assert found and any(word in m for m in found), found


@pytest.mark.parametrize("text", [
    "Area 675 thousand m2 on 2013-03-31 per the prefecture's page.",
    "Returned on 2016-12-22 under the SACO Final Report (1996-12-02); see https://example.org/a_b/c_d.html.",
    "Issued under SOFA Art. II 1(a); the Joint Committee agreed it in 1997.",
    "沖縄県の資料（2023年3月）による。",
])
def test_check_leaves_prose_alone(text):
    assert prose.check(text) == []


def test_source_ids_are_allowed_only_where_they_become_citations():
    text = "Area per the prefecture's page (src:fixture-treaty1960)."
    assert prose.check(text, citable=True) == []
    assert any("record ids" in m for m in prose.check(text))


def test_a_base_note_with_an_issue_number_fails(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        note="Moved to a published coordinate (issue 13)."))
    hits = _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "note")
    assert hits and "issue" in hits[0].message


def test_a_base_note_may_cite_a_source_by_id(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        note="Area as read in the treaty text (src:fixture-treaty1960)."))
    assert _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "note") == []


def test_a_base_note_naming_a_provision_id_fails(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        valid_from_note="Held under US administration until provision:treaty1960-art6 applied."))
    hits = _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "valid_from_note")
    assert hits and "provision:treaty1960-art6" in hits[0].message


def test_a_controversy_summary_with_backticks_or_a_source_id_fails(atlas_copy):
    atlas_copy.replace("controversies.toml",
                       'summary = "The planned replacement facility at Henoko is opposed by many in Okinawa."',
                       'summary = "The `features` list names it (src:fixture-treaty1960)."')
    messages = " ".join(p.message for p in _errors_at(atlas_copy.root, "controversies.toml",
                                                        "controversy:futenma-henoko", "summary"))
    assert "backticks" in messages and "src:fixture-treaty1960" in messages


def test_a_threat_note_naming_software_fails(atlas_copy):
    data_file = "threats.geojson"
    atlas_copy.edit_json(data_file, lambda d: d["features"][0]["properties"].update(
        note="Impact point computed with pyproj Geod."))
    fid = _first_threat(atlas_copy)
    hits = _errors_at(atlas_copy.root, data_file, fid, "note")
    assert hits and "pyproj" in hits[0].message


def _first_threat(atlas_copy):
    import json

    data = json.loads((atlas_copy.root / "threats.geojson").read_text(encoding="utf-8"))
    return data["features"][0]["properties"]["id"]


def test_a_controversy_named_by_a_feature_it_does_not_list_fails(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        controversies=["controversy:futenma-henoko"]))
    hits = _errors_at(atlas_copy.root, "controversies.toml", "controversy:futenma-henoko", "features")
    assert hits and "base:kadena" in hits[0].message


def test_the_fixture_and_the_atlas_read_as_prose(fixture_dir, geodata_dir):
    for root in (fixture_dir, geodata_dir):
        bad = [p for p in errors(validate(root)) if "reader-facing" in p.message or p.field == "features"]
        assert bad == [], bad[:3]


def test_a_range_band_invokes_article_vi_without_being_governed(catalog):
    art6 = "provision:treaty1960-art6"
    governed, invoked = catalog.governed_by(art6), catalog.invoked_by(art6)
    assert "threat:range-df26" in invoked and "threat:range-df26" not in governed
    assert all(fid.startswith(("base:", "state:")) for fid in governed), governed
    assert art6 in [p.id for p in catalog.dossier("threat:range-df26").provisions]


def test_an_invoked_provision_must_exist(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(invokes=["provision:nope"]))
    hits = _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "invokes")
    assert hits and "provision:nope" in hits[0].message
