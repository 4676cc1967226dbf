"""The CLI's --as-of and --where on the real data (issue 10)."""

from __future__ import annotations

import json

import pytest

from explorer.cli import EXIT_ERROR, main
from explorer.mapping.page import chrome
from explorer.mapping.state import ExportOptions, MapState
from explorer.cli.timeline import OptionError, where_filter


def out_of(capsys, argv):
    code = main([*argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_info_of_the_1951_treaty_as_of_1955_and_1961(capsys):
    text = out_of(capsys, ["info", "provision:treaty1951-art1", "--as-of", "1955-01-01"])
    assert "As of 1955-01-01: in force" in text
    text = out_of(capsys, ["info", "provision:treaty1951-art1", "--as-of", "1961-01-01"])
    assert "As of 1961-01-01: superseded on 1960-06-23 by 1960 Treaty" in text
    data = json.loads(out_of(capsys, ["info", "provision:treaty1951-art1", "--as-of", "1961-01-01", "--json"]))
    assert data["status"] == "superseded" and data["superseded_by"]["id"] == "provision:treaty1960-art9"


def test_info_takes_provision_and_controversy_ids_without_a_date(capsys):
    text = out_of(capsys, ["info", "provision:treaty1960-art6"])
    assert "1960 Treaty, Art. VI" in text and "Governs:" in text
    text = out_of(capsys, ["info", "controversy:futenma-henoko"])
    assert "Futenma" in text and "Concerns:" in text


def test_list_bases_1971_marks_okinawa_as_under_us_administration(capsys, catalog):
    lines = out_of(capsys, ["list", "--layer", "bases", "--as-of", "1971-01-01"]).splitlines()
    rows = {ln.split()[0]: ln for ln in lines if ln.startswith("base:")}
    for b in catalog.layer("bases"):
        if b.prefecture == "Okinawa":
            assert "under US administration" in rows[b.id], rows[b.id]
            assert "provided" not in rows[b.id].split("[", 1)[1].split("not provided", 1)[0]
        elif b.id in rows:
            assert "US administration" not in rows[b.id]
    assert "base:shariki" not in rows  # from 2006
    data = json.loads(out_of(capsys, ["list", "--layer", "bases", "--as-of", "1971-01-01", "--json"]))
    kadena = next(r for r in data if r["id"] == "base:kadena")
    assert kadena["held"] == "us_administration" and kadena["as_of"] == "1971-01-01"
    misawa = next(r for r in data if r["id"] == "base:misawa")
    assert misawa["held"] == "provided"


def test_list_after_reversion_has_no_us_administration(capsys):
    assert "US administration" not in out_of(capsys, ["list", "--layer", "bases", "--as-of", "1973"])


def test_futenma_controversy_in_info_absent_1990_present_2000(capsys):
    assert "Futenma relocation" not in out_of(capsys, ["info", "base:futenma", "--as-of", "1990"])
    assert "Futenma relocation" in out_of(capsys, ["info", "base:futenma", "--as-of", "2000"])


@pytest.mark.parametrize("argv", [["list", "--as-of", "1971-13-01"], ["info", "base:kadena", "--as-of", "soon"],
                                  ["info", "provision:nope"]])
def test_bad_input_is_one_line_and_exit_2(capsys, argv):
    assert main([*argv]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith("alliance-explorer: error:") and err.count("\n") == 1


def test_where_builds_a_filter():
    assert where_filter(["service=USMC", "prefecture=Okinawa", "service=USAF"]) == \
        {"prefecture": ["Okinawa"], "service": ["USAF", "USMC"]}
    assert where_filter([]) is None
    with pytest.raises(OptionError, match="unknown facet"):
        where_filter(["colour=red"])
    with pytest.raises(OptionError, match="FACET=VALUE"):
        where_filter(["service"])


def test_export_where_and_as_of_checked_before_work(tmp_path, capsys):
    out = tmp_path / "x.geojson"
    assert main(["export", "--out", str(out), "--where", "colour=red"]) == EXIT_ERROR
    assert main(["export", "--out", str(out), "--as-of", "May 1972"]) == EXIT_ERROR
    assert not out.exists()


def test_export_geojson_as_of_and_where_keeps_what_the_filter_keeps(tmp_path, capsys, catalog):
    out = tmp_path / "usmc.geojson"
    assert main(["export", "--out", str(out), "--where", "service=USMC",
                 "--where", "prefecture=Okinawa", "--as-of", "2000"]) == 0, capsys.readouterr().err
    ids = {f["properties"]["id"] for f in json.loads(out.read_text())["features"]}
    assert "base:futenma" in ids and "base:kadena" not in ids and "base:iwakuni" not in ids


def test_export_title_block_states_as_of_and_filter(catalog):
    state = MapState(as_of="1971", filter={"service": ["USMC"], "prefecture": ["Okinawa"]})
    sub = chrome(catalog, state, ExportOptions(title="Bases", subtitle="Okinawa"))["subtitle"]
    assert sub == "Okinawa — As of 1971 (use and status of that date where dated; hatched: start date unknown) · Filter: service: USMC; prefecture: Okinawa"
    assert chrome(catalog, MapState(), ExportOptions(subtitle="x"))["subtitle"] == "x"


def test_batch_takes_as_of_and_where(tmp_path, catalog):
    from explorer.errors import ExportError
    from explorer.export.run import batch_jobs
    from explorer.workspace import Workspace

    batch = tmp_path / "b.toml"
    batch.write_text('[[snapshot]]\nout = "a.geojson"\nas_of = "1971"\nwhere = ["service=USMC", "prefecture=Okinawa"]\n'
                     '[[snapshot]]\nout = "b.geojson"\n', encoding="utf-8")
    jobs = batch_jobs(Workspace(catalog), batch, force=False)
    assert str(jobs[0].state.as_of) == "1971"
    assert jobs[0].state.filter.to_json() == {"prefecture": ["Okinawa"], "service": ["USMC"]}
    assert jobs[1].state.as_of is None and jobs[1].state.filter is None
    batch.write_text('[[snapshot]]\nout = "a.geojson"\nas_of = "last year"\n', encoding="utf-8")
    with pytest.raises(ExportError, match="snapshot 1: as-of date"):
        batch_jobs(Workspace(catalog), batch, force=False)



# -- a batch file from someone else --------------------------------------------------------------

@pytest.mark.parametrize("entry, why", [
    ('out = "../victim.kml"\nformat = "kml"', "inside"),
    ('out = "/tmp/elsewhere.png"', "inside"),
    ('out = "b.toml"', "batch file itself"),
    ('out = "x.txt"\nformat = "kml"', "must end in .kml"),
    ('out = "x.png"\nforce = true', "'force' cannot be set"),
])
def test_a_batch_file_writes_only_its_own_files_in_its_own_folder(tmp_path, catalog, entry, why):
    from explorer.errors import ExportError
    from explorer.export.run import batch_jobs
    from explorer.workspace import Workspace

    folder = tmp_path / "talk"
    folder.mkdir()
    (tmp_path / "victim.kml").write_text("keep me", encoding="utf-8")
    batch = folder / "b.toml"
    batch.write_text(f"[[snapshot]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ExportError, match=why):
        batch_jobs(Workspace(catalog), batch, force=True)
    assert (tmp_path / "victim.kml").read_text(encoding="utf-8") == "keep me"


def test_a_batch_writes_into_the_folder_the_user_names(tmp_path, catalog):
    from explorer.export.run import batch_jobs
    from explorer.workspace import Workspace

    batch = tmp_path / "b.toml"
    batch.write_text('[[snapshot]]\nout = "maps/a.geojson"\n', encoding="utf-8")
    (tmp_path / "out" / "maps").mkdir(parents=True)
    jobs = batch_jobs(Workspace(catalog), batch, force=False, out_dir=tmp_path / "out")
    assert jobs[0].out == (tmp_path / "out" / "maps" / "a.geojson").absolute()


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory", "huge"])
def test_special_files_as_batch_or_project_are_one_line_at_once(tmp_path, capsys, kind):
    import os
    import time

    for flag, name in (("--batch", "b.toml"), ("--project", "p.aeproj")):
        path = tmp_path / name
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        elif kind == "directory":
            path.mkdir()
        else:
            with open(path, "wb") as fh:
                fh.truncate(64 * 1024 * 1024)
        started = time.monotonic()
        code = main(["export", flag, str(path)] + ([] if flag == "--batch" else ["--out", str(tmp_path / "x.geojson")]))
        err = capsys.readouterr().err
        assert code == EXIT_ERROR and err.count("\n") == 1 and name in err, err
        assert time.monotonic() - started < 10
    assert main(["open", str(tmp_path / "p.aeproj")]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "no such" not in err and ("not a project file" in err or "too large" in err)
