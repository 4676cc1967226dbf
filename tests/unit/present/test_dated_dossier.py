"""A dossier seen from a date gives the use and status of that date, and never cites an agreement
that did not hold the facility then."""

from __future__ import annotations

import datetime as dt

from explorer.present import labels
from explorer.present.dossier import dossier_dict


def _facts(catalog, fid: str, day: dt.date | None) -> dict[str, str]:
    return {r["label"].split(" on ")[0]: r["value"] for r in dossier_dict(catalog, fid, day)["facts"]}


def test_kadena_before_reversion_is_not_under_the_sofa(catalog):
    then = _facts(catalog, "base:kadena", dt.date(1971, 12, 31))
    assert "SOFA Art. II" not in then["Use"] and "under US administration" in then["Use"]
    assert "1972-05-15" in then["Use"] and then["Held"].startswith("under US administration")
    on = _facts(catalog, "base:kadena", dt.date(1972, 5, 15))
    assert on["Use"] == labels.USE["us"] and on["Held"] == "provided to US forces"
    assert _facts(catalog, "base:kadena", None)["Use"] == labels.USE["us"]


def test_mainland_before_the_1960_sofa_cites_no_sofa(catalog):
    then = _facts(catalog, "base:yokota", dt.date(1955, 12, 31))
    assert "SOFA Art. II" not in then["Use"] and "applies from 1960-06-23" in then["Use"]
    assert then["Held"].endswith(labels.MAYBE_NOT_YET)  # its start date is unknown
    assert then["Since"] == labels.UNKNOWN_START
    assert _facts(catalog, "base:yokota", dt.date(1961, 1, 1))["Use"] == labels.USE["us_sdf_joint"]


def test_status_of_the_date_where_dated(catalog):
    fuchu = _facts(catalog, "base:fuchu", dt.date(2019, 12, 31))
    assert fuchu["Use"] == labels.USE["us"] and fuchu["Status"] == "active (before its return on 2021-09-30)"
    assert _facts(catalog, "base:fuchu", dt.date(2022, 1, 1))["Use"].startswith(labels.USE["returned"])
    futenma = _facts(catalog, "base:futenma", dt.date(1990, 12, 31))
    assert futenma["Status"] == "active (before its planned return in 1996)"
    assert _facts(catalog, "base:futenma", dt.date(2000, 1, 1))["Status"] == "planned return (1996)"


def test_info_kadena_1971_says_us_administration(capsys):
    from explorer.cli import main

    assert main(["info", "base:kadena", "--as-of", "1971"]) == 0
    out = capsys.readouterr().out
    assert "Use: US forces' facility under US administration" in out and "SOFA Art. II-1(a)" not in out


def test_geojson_attributes_carry_the_dated_use(catalog):
    from explorer.export.geo import features
    from explorer.mapping.state import MapState
    from explorer.workspace import Workspace

    ws = Workspace(catalog)
    props = {f["id"]: f["properties"] for f in features(ws, MapState(as_of="1971"))}
    assert "Use: US forces' facility under US administration" in props["base:kadena"]["description"]
    assert "SOFA Art. II-1(a)" not in props["base:kadena"]["description"]
    today = {f["id"]: f["properties"] for f in features(ws, MapState())}
    assert "Use: US-administered (SOFA Art. II-1(a))" in today["base:kadena"]["description"]
