"""validate(): the real atlas is clean, and each kind of breakage is located precisely."""

from __future__ import annotations

import pytest

from explorer.atlas.validate import errors, validate
from explorer.cli import main

BASES_FILE = "bases/okinawa.geojson"


def _where(problems) -> list[tuple[str, str, str]]:
    return [(p.file, p.record, p.field) for p in problems]


def _only(problems, file: str, record: str, field: str, text: str = ""):
    """The one problem expected at (file, record, field); nothing else may be reported."""
    hits = [p for p in problems if (p.file, p.record, p.field) == (file, record, field)]
    assert hits, f"no problem at {(file, record, field)}; got {[str(p) for p in problems]}"
    assert len(problems) == 1, f"unexpected extra problems: {[str(p) for p in problems]}"
    if text:
        assert text in hits[0].message, hits[0].message
    return hits[0]


def test_real_geodata_has_no_errors(geodata_dir):
    # Warnings (sources without url or date) are allowed; errors are not.
    problems = errors(validate(geodata_dir))
    assert problems == [], "\n".join(str(p) for p in problems)


def test_fixture_atlas_is_valid(fixture_dir):
    # The break tests below rely on the unbroken fixture having no problem at all.
    problems = validate(fixture_dir)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_dangling_provision_reference_on_base(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena")["provisions"]
                         .append("provision:no-such-article"))
    p = _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "provisions")
    assert "provision:no-such-article" in p.message


def test_dangling_controversy_reference_on_controversy_features(atlas_copy):
    atlas_copy.replace("controversies.toml", 'features = ["base:futenma"]',
                       'features = ["base:futenma", "base:atlantis"]')
    p = _only(validate(atlas_copy.root), "controversies.toml", "controversy:futenma-henoko", "features")
    assert "base:atlantis" in p.message


def test_missing_sources_on_base(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:yokota").pop("sources"))
    _only(validate(atlas_copy.root), BASES_FILE, "base:yokota", "sources", "no source")


def test_empty_sources_on_provision(atlas_copy):
    atlas_copy.replace("provisions.toml", 'sources = ["src:fixture-saco"]', "sources = []")
    _only(validate(atlas_copy.root), "provisions.toml", "provision:saco1996", "sources", "no source")


def test_swapped_lon_lat_on_base(atlas_copy):
    def swap(d):
        geom = atlas_copy.feature(d, "base:futenma")["geometry"]
        lon, lat = geom["coordinates"]
        geom["coordinates"] = [lat, lon]

    atlas_copy.edit_json(BASES_FILE, swap)
    p = _only(validate(atlas_copy.root), BASES_FILE, "base:futenma", "geometry")
    assert "swapped" in p.message


def test_base_in_the_sea_is_reported(atlas_copy):
    # Inside Japan's box but 30+ km off the fixture's Okinawa polygon.
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.feature(d, "base:kadena")["geometry"]
                         .update(coordinates=[129.0, 26.4]))
    problems = validate(atlas_copy.root)
    assert [(p.record, p.field) for p in problems] == [("base:kadena", "geometry")], problems
    assert problems[0].file.startswith("bases/")
    assert "coast" in problems[0].message


def test_coast_exempt_base_is_not_checked_against_the_coast(atlas_copy):
    def move(d):
        feat = atlas_copy.feature(d, "base:kadena")
        feat["geometry"]["coordinates"] = [129.0, 26.4]
        feat["properties"]["coast_exempt"] = "islet missing from the fixture basemap"

    atlas_copy.edit_json(BASES_FILE, move)
    assert validate(atlas_copy.root) == []


def test_duplicate_base_id(atlas_copy):
    def dup(d):
        copy = dict(atlas_copy.feature(d, "base:yokota"))
        d["features"].append(copy)

    atlas_copy.edit_json(BASES_FILE, dup)
    p = _only(validate(atlas_copy.root), BASES_FILE, "base:yokota", "id")
    assert "duplicate" in p.message


def test_duplicate_provision_id(atlas_copy):
    text = (atlas_copy.root / "provisions.toml").read_text(encoding="utf-8")
    block = text[text.index('[[provision]]\nid = "provision:saco1996"'):]
    atlas_copy.append("provisions.toml", "\n" + block)
    p = _only(validate(atlas_copy.root), "provisions.toml", "provision:saco1996", "id")
    assert "duplicate" in p.message


@pytest.mark.parametrize(
    ("file", "record", "old", "new"),
    [
        ("provisions.toml", "provision:saco1996",
         'sources = ["src:fixture-saco"]\n', 'sources = ["src:no-such-source"]\n'),
        ("controversies.toml", "controversy:futenma-henoko",
         'provisions = ["provision:saco1996"]\nsources = ["src:fixture-saco"]',
         'provisions = ["provision:saco1996"]\nsources = ["src:no-such-source"]'),
    ],
)
def test_undefined_source_id(atlas_copy, file, record, old, new):
    atlas_copy.replace(file, old, new)
    p = _only(validate(atlas_copy.root), file, record, "sources")
    assert "src:no-such-source" in p.message


def test_undefined_source_id_on_threat(atlas_copy):
    atlas_copy.edit_json("threats.geojson", lambda d: atlas_copy.props(d, "threat:senkaku")
                         .update(sources=[{"id": "src:no-such-source", "at": "p. 1"}]))
    p = _only(validate(atlas_copy.root), "threats.geojson", "threat:senkaku", "sources")
    assert "src:no-such-source" in p.message


def test_malformed_date_on_provision(atlas_copy):
    atlas_copy.replace("provisions.toml", 'signed = "1996-12-02"', 'signed = "02/12/1996"')
    p = _only(validate(atlas_copy.root), "provisions.toml", "provision:saco1996", "signed")
    assert "02/12/1996" in p.message


@pytest.mark.parametrize("impossible", ["1996-13", "1996-02-30", "1996-00-10"])
def test_impossible_date_is_reported(atlas_copy, impossible):
    # The README asks for YYYY, YYYY-MM or YYYY-MM-DD *dates*: month 13 is not one.
    atlas_copy.replace("provisions.toml", 'signed = "1996-12-02"', f'signed = "{impossible}"')
    _only(validate(atlas_copy.root), "provisions.toml", "provision:saco1996", "signed")


def test_malformed_date_on_base(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena")
                         .update(area_as_of="31 March 2021"))
    _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "area_as_of")


def test_invalid_json_in_threats(atlas_copy):
    atlas_copy.replace("threats.geojson", '"kind": "overflight",', '"kind": "overflight"')
    p = _only(validate(atlas_copy.root), "threats.geojson", "", "")
    assert "not valid JSON" in p.message


def test_several_problems_are_all_reported(atlas_copy):
    atlas_copy.replace("provisions.toml", 'signed = "1996-12-02"', 'signed = "Dec. 1996"')
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:yokota").pop("sources"))
    where = _where(validate(atlas_copy.root))
    assert ("provisions.toml", "provision:saco1996", "signed") in where
    assert (BASES_FILE, "base:yokota", "sources") in where


# -- the CLI face of validate ------------------------------------------------

def test_cli_validate_geodata_exits_zero(geodata_dir, capsys):
    assert main(["validate", str(geodata_dir)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out


def test_cli_validate_broken_copy_exits_one_and_prints_problem(atlas_copy, capsys):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena")["provisions"]
                         .append("provision:no-such-article"))
    atlas_copy.replace("provisions.toml", 'signed = "1996-12-02"', 'signed = "02/12/1996"')
    assert main(["validate", str(atlas_copy.root)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert any("base:kadena" in ln and "provision:no-such-article" in ln for ln in lines), captured.out
    assert any("provision:saco1996" in ln and "signed" in ln and "02/12/1996" in ln for ln in lines), captured.out
    assert "OK" not in captured.out
    assert "2 problem(s)" in captured.err


# -- sources a reader can follow: warnings, not errors ---------------------------

SOURCES_FILE = "sources/fixture.toml"


def test_fixture_sources_file_name(fixture_dir):
    # The warning tests below locate problems in this file.
    assert (fixture_dir / SOURCES_FILE).exists()


def test_source_without_url_is_a_warning(atlas_copy):
    atlas_copy.replace(SOURCES_FILE, 'url = "https://www.mofa.go.jp/region/n-america/us/q&a/ref/1.html"\n', "")
    p = _only(validate(atlas_copy.root), SOURCES_FILE, "src:fixture-treaty1960", "url", "no url")
    assert p.severity == "warning"
    assert str(p).startswith("warning: ")


def test_source_without_date_is_a_warning(atlas_copy):
    atlas_copy.replace(SOURCES_FILE, 'date = "1996-12-02"\n', "")
    p = _only(validate(atlas_copy.root), SOURCES_FILE, "src:fixture-saco", "date", "no date")
    assert p.severity == "warning"


def test_date_note_answers_a_missing_date(atlas_copy):
    atlas_copy.replace(SOURCES_FILE, 'date = "1996-12-02"\n',
                       'date_note = "undated web page, read in 2025"\n')
    assert validate(atlas_copy.root) == []


def test_warnings_alone_exit_zero(atlas_copy, capsys):
    atlas_copy.replace(SOURCES_FILE, 'url = "https://www.mofa.go.jp/region/n-america/us/q&a/ref/1.html"\n', "")
    atlas_copy.replace(SOURCES_FILE, 'date = "1996-12-02"\n', "")
    assert main(["validate", str(atlas_copy.root)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert any(ln.startswith("warning: ") and "src:fixture-treaty1960" in ln and "url" in ln for ln in lines), lines
    assert any(ln.startswith("warning: ") and "src:fixture-saco" in ln and "date" in ln for ln in lines), lines
    assert "OK" in captured.out
    assert "2 warning(s)" in captured.err
    assert "problem(s)" not in captured.err


def test_warnings_do_not_hide_errors(atlas_copy, capsys):
    atlas_copy.replace(SOURCES_FILE, 'date = "1996-12-02"\n', "")
    atlas_copy.replace("provisions.toml", 'signed = "1996-12-02"', 'signed = "02/12/1996"')
    assert main(["validate", str(atlas_copy.root)]) == 1
    captured = capsys.readouterr()
    assert "1 warning(s)" in captured.err and "1 problem(s)" in captured.err


# -- every provision can be reached ------------------------------------------------

ORPHAN = """
[[provision]]
id = "provision:treaty1960-art10"
instrument = "Treaty of Mutual Cooperation and Security"
short = "1960 Treaty, Art. X"
article = "Article X"
title = "Duration"
summary = "Either party may give notice of termination after ten years."
signed = "1960-01-19"
sources = [{ id = "src:fixture-treaty1960", at = "Art. X" }]
"""


def test_orphan_provision_is_an_error(atlas_copy):
    atlas_copy.append("provisions.toml", ORPHAN)
    p = _only(validate(atlas_copy.root), "provisions.toml", "provision:treaty1960-art10", "id", "cannot be reached")
    assert p.severity == "error"


def test_provision_reached_through_a_state_treaty(atlas_copy):
    atlas_copy.append("provisions.toml", ORPHAN)
    atlas_copy.replace("states.toml", 'provisions = ["provision:treaty1960-art5"] }',
                       'provisions = ["provision:treaty1960-art5", "provision:treaty1960-art10"] }')
    assert validate(atlas_copy.root) == []


def test_provision_reached_through_a_controversy(atlas_copy):
    atlas_copy.append("provisions.toml", ORPHAN)
    atlas_copy.replace("controversies.toml", 'provisions = ["provision:saco1996"]',
                       'provisions = ["provision:saco1996", "provision:treaty1960-art10"]')
    assert validate(atlas_copy.root) == []


def test_provision_reached_through_related(atlas_copy):
    atlas_copy.append("provisions.toml", ORPHAN)
    atlas_copy.replace("provisions.toml", 'sources = [{ id = "src:fixture-treaty1960", at = "Art. VI" }]',
                       'sources = [{ id = "src:fixture-treaty1960", at = "Art. VI" }]\n'
                       'related = ["provision:treaty1960-art10"]')
    assert validate(atlas_copy.root) == []


def test_related_from_an_orphan_does_not_count(atlas_copy):
    # Two provisions that only name each other are still out of a reader's reach.
    atlas_copy.append("provisions.toml", ORPHAN + 'related = ["provision:treaty1960-art9"]\n'
                      + ORPHAN.replace("art10", "art9").replace("Art. X", "Art. IX")
                      + 'related = ["provision:treaty1960-art10"]\n')
    where = _where(validate(atlas_copy.root))
    assert where == [("provisions.toml", "provision:treaty1960-art10", "id"),
                     ("provisions.toml", "provision:treaty1960-art9", "id")]


def test_dangling_related_is_an_error(atlas_copy):
    atlas_copy.replace("provisions.toml", 'sources = [{ id = "src:fixture-treaty1960", at = "Art. VI" }]',
                       'sources = [{ id = "src:fixture-treaty1960", at = "Art. VI" }]\n'
                       'related = ["provision:no-such-article"]')
    p = _only(validate(atlas_copy.root), "provisions.toml", "provision:treaty1960-art6", "related")
    assert "provision:no-such-article" in p.message


def test_browse_only_with_a_note_is_reachable(atlas_copy):
    atlas_copy.append("provisions.toml", ORPHAN + 'browse_only = true\nnote = "Procedural; no map feature."\n')
    assert validate(atlas_copy.root) == []


def test_browse_only_without_a_note_is_an_error(atlas_copy):
    atlas_copy.append("provisions.toml", ORPHAN + "browse_only = true\n")
    _only(validate(atlas_copy.root), "provisions.toml", "provision:treaty1960-art10", "browse_only", "note")


# -- bases: category, position provenance, dated units ------------------------------

def test_unknown_use_category_is_reported(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(use="exclusive"))
    _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "use", "use must be one of")


def test_missing_use_category_is_reported(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").pop("use"))
    _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "use")


def test_base_without_position_source_is_reported(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").pop("position_source"))
    _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "position_source", "no position_source")


def test_position_source_must_resolve(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        position_source={"id": "src:no-such-map", "at": "x"}))
    _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "position_source", "src:no-such-map")


def test_base_without_position_precision_is_reported(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").pop("position_precision_m"))
    _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "position_precision_m")


@pytest.mark.parametrize("bad", [-5, 0, 1.5, "500", True])
def test_bad_position_precision_is_reported(atlas_copy, bad):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(position_precision_m=bad))
    problems = validate(atlas_copy.root)
    assert ("bases/okinawa.geojson", "base:kadena", "position_precision_m") in _where(problems)


def test_unverified_point_may_not_claim_a_fine_precision(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        note="POSITION UNVERIFIED: placed from a description.", position_precision_m=800))
    p = _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "position_precision_m", "3000 m or worse")
    assert p.severity == "error"


def test_unverified_point_is_a_warning_that_names_the_target(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(
        note="POSITION UNVERIFIED: placed from a description.", position_precision_m=5000))
    p = _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "position_precision_m", "not checked")
    assert p.severity == "warning" and "1000 m" in p.message


def test_checked_point_short_of_the_target_is_a_warning(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").update(position_precision_m=2500))
    p = _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "position_precision_m", "short of the 1000 m")
    assert p.severity == "warning"
    assert errors(validate(atlas_copy.root)) == []


def test_units_without_units_as_of_are_reported(atlas_copy):
    atlas_copy.edit_json(BASES_FILE, lambda d: atlas_copy.props(d, "base:kadena").pop("units_as_of"))
    _only(validate(atlas_copy.root), BASES_FILE, "base:kadena", "units_as_of", "without the date")


def test_no_units_need_no_date(atlas_copy):
    def change(d):
        atlas_copy.props(d, "base:kadena").pop("units_as_of")
        atlas_copy.props(d, "base:kadena").pop("units")
    atlas_copy.edit_json(BASES_FILE, change)
    assert validate(atlas_copy.root) == []


def test_real_bases_cite_read_sources_only(geodata_dir):
    # A note may not present a value as remembered: cite what was read, or leave it null.
    import re

    geodata = geodata_dir
    files = [*sorted((geodata / "bases").glob("*.geojson")), *sorted((geodata / "sources").glob("bases_*.toml")),
             geodata / "figures.toml"]
    bad = re.compile(r"recalled|general knowledge|from memory", re.IGNORECASE)
    hits = [f"{p.name}:{i}" for p in files for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if bad.search(line)]
    assert hits == []
