"""The briefing: the real one loads and validates; each kind of breakage is located by file, step and field."""

from __future__ import annotations

import dataclasses

import pytest

from explorer.atlas import briefing
from explorer.atlas.validate import errors, validate
from explorer.cli import main
from explorer.errors import DataError
from explorer.mapping.state import MapState

WORDS = " ".join(["word"] * 90)

VALID = f'''
title = "Fixture briefing"

[[step]]
id = "one"
title = "Futenma"
text = """{WORDS}

Second paragraph."""
records = ["base:futenma", "provision:saco1996", "controversy:futenma-henoko"]
sources = ["src:fixture-saco"]
[step.state]
camera = {{ view = "okinawa" }}
layers = ["bases"]
selected = "base:futenma"

[[step]]
id = "two"
title = "Japan"
text = """{WORDS}"""
records = ["state:jpn"]
sources = ["src:fixture-treaty1960"]
[step.state]
camera = {{ focus = "threat:senkaku" }}
layers = ["states", "threats"]
highlight = ["state:jpn"]
'''


@pytest.fixture
def with_briefing(atlas_copy):
    (atlas_copy.root / "briefing.toml").write_text(VALID, encoding="utf-8")
    return atlas_copy


def _problems(atlas_copy):
    return errors(validate(atlas_copy.root, check_state=MapState.from_json))


def _only(problems, record: str, field: str, text: str = ""):
    where = [(p.file, p.record, p.field) for p in problems]
    assert where == [("briefing.toml", record, field)], [str(p) for p in problems]
    assert text in problems[0].message, problems[0].message


def test_real_briefing_loads_and_follows_the_outline(geodata_dir, catalog):
    b = briefing.read(geodata_dir)
    assert 12 <= len(b.steps) <= 16
    assert len({s.id for s in b.steps}) == len(b.steps)
    for s in b.steps:
        assert briefing.MIN_WORDS <= s.words <= briefing.MAX_WORDS, s.id
        assert s.paragraphs and all("\n" not in p for p in s.paragraphs)
        assert set(s.sources) <= set(catalog.sources), s.id
        state = MapState.from_json(s.state_json())
        assert state.layers, s.id
    # The outline's topics are all met (by the records the steps draw on).
    drawn = {r for s in b.steps for r in s.records}
    for rid in ("provision:treaty1951-art1", "provision:treaty1960-art5", "provision:treaty1960-art6",
                "provision:guidelines2015", "base:futenma", "controversy:anpo-1960", "state:prk",
                "provision:rok-mdt1953-art4", "provision:quad-2021-spirit", "provision:nss2022"):
        assert rid in drawn, rid


def test_steps_are_frozen(geodata_dir):
    step = briefing.read(geodata_dir).steps[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.title = "x"
    with pytest.raises(TypeError):
        step.state["selected"] = "base:kadena"


def test_valid_fixture_briefing_has_no_problems(with_briefing):
    assert _problems(with_briefing) == []
    b = briefing.read(with_briefing.root)
    assert [s.id for s in b.steps] == ["one", "two"]
    assert b.steps[0].paragraphs[1] == "Second paragraph."


def test_unknown_record(with_briefing):
    with_briefing.replace("briefing.toml", '"provision:saco1996"', '"provision:nope"')
    _only(_problems(with_briefing), "step 1 (one)", "records", "provision:nope")


def test_unknown_source(with_briefing):
    with_briefing.replace("briefing.toml", '"src:fixture-treaty1960"', '"src:missing"')
    _only(_problems(with_briefing), "step 2 (two)", "sources", "src:missing")


def test_unknown_selected_feature(with_briefing):
    with_briefing.replace("briefing.toml", 'selected = "base:futenma"', 'selected = "base:atlantis"')
    _only(_problems(with_briefing), "step 1 (one)", "state.selected", "base:atlantis")


def test_unknown_highlight_and_focus(with_briefing):
    with_briefing.replace("briefing.toml", 'highlight = ["state:jpn"]', 'highlight = ["state:xxx"]')
    with_briefing.replace("briefing.toml", 'focus = "threat:senkaku"', 'focus = "threat:gone"')
    where = sorted((p.record, p.field) for p in _problems(with_briefing))
    assert where == [("step 2 (two)", "state.camera.focus"), ("step 2 (two)", "state.highlight")]


def test_unknown_layer(with_briefing):
    with_briefing.replace("briefing.toml", 'layers = ["bases"]', 'layers = ["bases", "ufos"]')
    _only(_problems(with_briefing), "step 1 (one)", "state.layers", "ufos")


def test_bad_view_is_caught_by_the_state_check(with_briefing):
    with_briefing.replace("briefing.toml", 'view = "okinawa"', 'view = "atlantis"')
    _only(_problems(with_briefing), "step 1 (one)", "state", "atlantis")
    # Without the map layer's check, the model alone cannot know views: no error, no crash.
    assert errors(validate(with_briefing.root)) == []


def test_unknown_state_field(with_briefing):
    with_briefing.replace("briefing.toml", 'selected = "base:futenma"', 'selected = "base:futenma"\nzoom = 4')
    _only(_problems(with_briefing), "step 1 (one)", "state.zoom", "not a map state field")


def test_duplicate_step_id(with_briefing):
    with_briefing.replace("briefing.toml", 'id = "two"', 'id = "one"')
    _only(_problems(with_briefing), "step 2 (one)", "id", "twice")


def test_text_too_short(with_briefing):
    with_briefing.replace("briefing.toml", f'text = """{WORDS}"""', 'text = "Too short."')
    _only(_problems(with_briefing), "step 2 (two)", "text", "2 words")


def test_missing_state_and_sources(with_briefing):
    with_briefing.replace("briefing.toml", 'sources = ["src:fixture-treaty1960"]', "sources = []")
    _only(_problems(with_briefing), "step 2 (two)", "sources", "at least one source")


def test_broken_toml_is_one_problem_and_read_refuses(with_briefing):
    with_briefing.append("briefing.toml", "\n[[step]\n")
    problems = _problems(with_briefing)
    assert len(problems) == 1 and problems[0].file == "briefing.toml" and "TOML" in problems[0].message
    with pytest.raises(DataError, match="briefing.toml"):
        briefing.read(with_briefing.root)


def test_cli_validate_reports_the_step(with_briefing, capsys):
    with_briefing.replace("briefing.toml", 'view = "okinawa"', 'view = "mars"')
    assert main(["validate", str(with_briefing.root)]) == 1
    out = capsys.readouterr().out
    assert "briefing.toml:step 1 (one):state:" in out and "mars" in out


def test_no_briefing_is_fine(atlas_copy):
    assert briefing.load(atlas_copy.root) == (None, [])
    with pytest.raises(DataError, match="no briefing"):
        briefing.read(atlas_copy.root)
