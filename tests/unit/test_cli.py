"""The CLI's Qt-free commands: list, info, validate; one-line errors and exit codes."""

from __future__ import annotations

import json

import pytest

from explorer.atlas.records import BASE_USES
from explorer.cli import EXIT_ERROR, main


def run_json(capsys, argv):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    return json.loads(captured.out)


# -- list ---------------------------------------------------------------------------

def test_list_bases_json(capsys, catalog):
    rows = run_json(capsys, ["list", "--layer", "bases", "--json"])
    assert [r["id"] for r in rows] == [f.id for f in catalog.layer("bases")]
    for r in rows:
        for key in ("id", "layer", "name", "name_ja", "lat", "lon", "sources"):
            assert key in r, (r.get("id"), key)
        assert r["layer"] == "bases"
        assert r["name"], r["id"]
        assert isinstance(r["lat"], float) and isinstance(r["lon"], float)
        if r["country"] == "JPN":
            assert r["name_ja"], r["id"]
            assert 20 <= r["lat"] <= 46 and 122 <= r["lon"] <= 154, r["id"]
        else:  # US Forces Korea: in South Korea, under the US–ROK SOFA
            assert r["country"] == "KOR" and r["use"] == "rok_sofa" and not r["on_mod_exclusive_list"], r["id"]
            assert 33 <= r["lat"] <= 38.7 and 124.5 <= r["lon"] <= 131, r["id"]
        assert r["sources"] and all(s in catalog.sources for s in r["sources"]), r["id"]
        assert r["use"] in BASE_USES
        assert isinstance(r["on_mod_exclusive_list"], bool)
        assert r["position_source"] in catalog.sources and isinstance(r["position_precision_m"], int), r["id"]


def test_list_json_matches_records(capsys, catalog):
    rows = {r["id"]: r for r in run_json(capsys, ["list", "--layer", "bases", "--json"])}
    futenma = catalog.feature("base:futenma")
    r = rows["base:futenma"]
    assert r["name_ja"] == "普天間飛行場"  # not \u-escaped: ensure_ascii=False round-trips either way
    assert r["lat"] == pytest.approx(futenma.lat, abs=1e-6)
    assert r["lon"] == pytest.approx(futenma.lon, abs=1e-6)
    assert r["prefecture"] == "Okinawa"


def test_list_all_layers(capsys, catalog):
    rows = run_json(capsys, ["list", "--json"])
    assert {r["id"] for r in rows} == set(catalog.features)


def test_list_text(capsys, catalog):
    assert main(["list", "--layer", "threats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(catalog.layer("threats"))
    assert any(ln.startswith("threat:senkaku") for ln in lines)


def test_list_places_lists_the_towns(capsys, catalog):
    rows = run_json(capsys, ["list", "--layer", "places", "--json"])
    assert len(rows) == len(catalog.places) > 200
    assert {r["id"] for r in rows} == set(catalog.places)
    assert all(r["layer"] == "places" and r["name"] for r in rows)
    assert main(["list", "--layer", "places"]) == 0
    assert "Shanghai" in capsys.readouterr().out


def test_list_unknown_layer_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["list", "--layer", "moons"])
    assert info.value.code == 2


# -- info ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def futenma_info(catalog):
    # Module-scoped capture: run once through main() with a private capsys-free buffer.
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["info", "base:futenma", "--json"]) == 0
    return json.loads(buf.getvalue())


def _resolved(sources) -> bool:
    return bool(sources) and any(s["title"] for s in sources)


def test_info_futenma_article_vi(futenma_info):
    art6 = [p for p in futenma_info["provisions"] if p["id"] == "provision:treaty1960-art6"]
    assert art6, [p["id"] for p in futenma_info["provisions"]]
    assert "VI" in art6[0]["short"] or "VI" in art6[0]["article"]
    assert _resolved(art6[0]["sources"])


def test_info_futenma_sofa(futenma_info):
    sofa = [p for p in futenma_info["provisions"]
            if p["id"].startswith("provision:sofa") and "SOFA" in p["short"]]
    assert sofa
    assert all(_resolved(p["sources"]) for p in sofa)


def test_info_futenma_saco(futenma_info):
    saco = [p for p in futenma_info["provisions"] if p["id"] == "provision:saco1996"]
    assert saco and "SACO" in saco[0]["short"]
    assert _resolved(saco[0]["sources"])


def test_info_futenma_henoko(futenma_info):
    henoko = [c for c in futenma_info["controversies"] if c["id"] == "controversy:futenma-henoko"]
    assert henoko
    assert "Henoko" in henoko[0]["title"]
    assert henoko[0]["years"]
    assert _resolved(henoko[0]["sources"])


def test_info_futenma_own_sources_resolve(futenma_info, catalog):
    assert futenma_info["id"] == "base:futenma"
    srcs = futenma_info["sources"]
    assert [s["id"] for s in srcs] == [r.id for r in catalog.feature("base:futenma").sources]
    for s in srcs:
        assert s["title"] == catalog.sources[s["id"]].title


def test_info_threat_senkaku_names_article_v(capsys):
    data = run_json(capsys, ["info", "threat:senkaku", "--json"])
    art5 = [p for p in data["provisions"] if p["id"] == "provision:treaty1960-art5"]
    assert art5
    assert "Article V" == art5[0]["article"] or art5[0]["short"].endswith("Art. V")


def test_info_text(capsys):
    assert main(["info", "base:futenma"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Marine Corps Air Station Futenma")
    assert "Treaty provisions:" in out and "Art. VI" in out
    assert "Henoko" in out
    assert "Sources:" in out


def test_info_unknown_id_exits_2_with_one_error_line(capsys):
    code = main(["info", "base:atlantis"])
    captured = capsys.readouterr()
    assert code == EXIT_ERROR == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("alliance-explorer: error:")
    assert "base:atlantis" in lines[0]


def test_info_on_fixture_data_keeps_hostile_text_exact(capsys, fixture_dir):
    data = run_json(capsys, ["--no-cache", "--data", str(fixture_dir), "info", "base:hostile", "--json"])
    assert data["name"] == '<img src=x onerror="window.__pwned=1">'
    src = data["sources"][0]
    assert src["url"] == "javascript:alert(1)"  # JSON is data: reported, not rendered


def test_bad_data_dir_exits_2(capsys, tmp_path):
    code = main(["--no-cache", "--data", str(tmp_path / "nowhere"), "list"])
    captured = capsys.readouterr()
    assert code == 2
    assert len(captured.err.strip().splitlines()) == 1


def test_cached_runs_agree(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_EXPLORER_CACHE", str(tmp_path / "cache"))
    first = run_json(capsys, ["list", "--layer", "bases", "--json"])
    assert list((tmp_path / "cache").glob("catalog-*.pickle"))
    second = run_json(capsys, ["list", "--layer", "bases", "--json"])
    assert first == second


# -- validate ------------------------------------------------------------------------

def test_validate_geodata_exit_0(capsys, geodata_dir):
    assert main(["validate", str(geodata_dir)]) == 0
    assert "OK" in capsys.readouterr().out


def test_validate_broken_exit_1(capsys, atlas_copy):
    atlas_copy.replace("provisions.toml", 'sources = ["src:fixture-saco"]\n', 'sources = ["src:no-such-source"]\n')
    assert main(["validate", str(atlas_copy.root)]) == 1
    captured = capsys.readouterr()
    assert "provision:saco1996" in captured.out and "src:no-such-source" in captured.out
    assert "1 problem(s)" in captured.err
