"""validate() on broken timeline fixtures: backwards intervals, broken successions, bad as-of dates."""

from __future__ import annotations

from explorer.atlas.validate import errors, validate
from explorer.cli import main

BASES_FILE = "bases/okinawa.geojson"


def _errors_at(root, file, record, field):
    return [p for p in errors(validate(root)) if (p.file, p.record, p.field) == (file, record, field)]


def test_interval_ending_before_it_starts(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        valid_from="1980", valid_to="1975-03", valid_sources=[{"id": "src:fixture-treaty1960"}]))
    hits = _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "valid_to")
    assert hits and "not after valid_from" in hits[0].message


def test_provision_valid_to_before_in_force(atlas_copy):
    atlas_copy.replace("provisions.toml", 'in_force = "1960-06-23"',
                       'in_force = "1960-06-23"\nvalid_to = "1959"\nvalid_sources = ["src:fixture-treaty1960"]', count=1)
    assert _errors_at(atlas_copy.root, "provisions.toml", "provision:treaty1960-art5", "valid_to")


def test_controversy_ending_before_it_starts(atlas_copy):
    atlas_copy.replace("controversies.toml", 'start = "1996"', 'start = "1996"\nend = "1990"')
    hits = _errors_at(atlas_copy.root, "controversies.toml", "controversy:futenma-henoko", "end")
    assert hits and "before start" in hits[0].message


def test_superseded_by_must_resolve(atlas_copy):
    atlas_copy.replace("provisions.toml", 'in_force = "1960-06-23"',
                       'in_force = "1960-06-23"\nsuperseded_by = "provision:nope"\nvalid_to = "1996-12-02"\n'
                       'valid_sources = ["src:fixture-treaty1960"]', count=1)
    hits = _errors_at(atlas_copy.root, "provisions.toml", "provision:treaty1960-art5", "superseded_by")
    assert hits and "provision:nope" in hits[0].message


def test_superseded_by_must_match_the_successors_start(atlas_copy):
    # SACO has no in_force: its start is its date of adoption, 1996-12-02.
    atlas_copy.replace("provisions.toml", 'in_force = "1960-06-23"',
                       'in_force = "1960-06-23"\nsuperseded_by = "provision:saco1996"\nvalid_to = "1996-12-01"\n'
                       'valid_sources = ["src:fixture-treaty1960"]', count=1)
    hits = _errors_at(atlas_copy.root, "provisions.toml", "provision:treaty1960-art5", "valid_to")
    assert hits and "1996-12-02" in hits[0].message


def test_matching_succession_is_clean(atlas_copy):
    atlas_copy.replace("provisions.toml", 'in_force = "1960-06-23"',
                       'in_force = "1960-06-23"\nsuperseded_by = "provision:saco1996"\nvalid_to = "1996-12-02"\n'
                       'valid_sources = ["src:fixture-treaty1960"]', count=1)
    assert errors(validate(atlas_copy.root)) == []


def test_superseded_without_valid_to(atlas_copy):
    atlas_copy.replace("provisions.toml", 'in_force = "1960-06-23"',
                       'in_force = "1960-06-23"\nsuperseded_by = "provision:saco1996"', count=1)
    assert _errors_at(atlas_copy.root, "provisions.toml", "provision:treaty1960-art5", "valid_to")


def test_an_as_of_date_that_does_not_parse(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        valid_from="spring 1945", valid_sources=[{"id": "src:fixture-treaty1960"}]))
    hits = _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "valid_from")
    assert hits and "spring 1945" in hits[0].message


def test_a_figure_as_of_that_does_not_parse(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(area_as_of="2020-02-30"))
    assert _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "area_as_of")


def test_dates_without_a_source(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(valid_from="1945"))
    assert _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "valid_sources")


def test_valid_sources_must_resolve(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        valid_from="1945", valid_sources=[{"id": "src:missing"}]))
    hits = _errors_at(atlas_copy.root, BASES_FILE, "base:kadena", "valid_sources")
    assert hits and "src:missing" in hits[0].message


def test_cli_validate_fails_on_a_backwards_interval(atlas_copy, capsys):
    atlas_copy.replace("controversies.toml", 'start = "1996"', 'start = "1996"\nend = "1990"')
    assert main(["validate", str(atlas_copy.root)]) == 1
    assert "controversy:futenma-henoko:end" in capsys.readouterr().out
