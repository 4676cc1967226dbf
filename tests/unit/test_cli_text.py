"""Text hygiene: what the CLI prints never carries raw control or bidi characters from the data.

The loader refuses such text, so these tests hand the CLI a catalog with it
(as an older cache or a future loader bug might) and check that ``list``,
``info`` and ``validate`` print escapes, and that ``--json`` stays valid JSON
that decodes back to the exact strings.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from explorer.atlas.catalog import Catalog
from explorer.cli import main, safe

EVIL_NAME = "Futenma\x1b[2J\x1b]0;pwned\x07 \u202egpj.exe\u202c\x85"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def evil_catalog(monkeypatch, fixture_dir):
    catalog = Catalog.load(fixture_dir)
    f = catalog.features["base:futenma"]
    catalog.features["base:futenma"] = dataclasses.replace(f, name=EVIL_NAME, name_ja="普天間\u2066x")
    monkeypatch.setattr("explorer.store.load_catalog", lambda root, cache: catalog)
    return catalog


def test_safe_escapes_controls_bidi_and_surrogates_but_keeps_japanese():
    assert safe("a\x1bb") == "a\\x1bb"
    assert safe("\u202e") == "\\u202e"
    assert safe("\ud800") == "\\ud800"
    assert safe("普天間 Futenma") == "普天間 Futenma"


def test_list_text_escapes(evil_catalog, capsys):
    assert main(["list", "--layer", "bases"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", ""))
    assert "Futenma\\x1b[2J\\x1b]0;pwned\\x07 \\u202egpj.exe\\u202c\\x85" in out
    assert "普天間\\u2066x" in out


def test_list_json_is_valid_and_exact(evil_catalog, capsys):
    assert main(["list", "--layer", "bases", "--json"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", ""))
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["base:futenma"]["name"] == EVIL_NAME
    assert rows["base:futenma"]["name_ja"] == "普天間\u2066x"
    assert "普天間" in out  # Japanese stays readable, not \u-escaped


def test_info_text_and_json(evil_catalog, capsys):
    assert main(["info", "base:futenma"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", ""))
    assert out.startswith("Futenma\\x1b[2J")
    assert main(["info", "base:futenma", "--json"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", ""))
    assert json.loads(out)["name"] == EVIL_NAME


def test_validate_escapes_what_it_quotes(atlas_copy, capsys):
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(id="base:kadena\x1b[31m", name="K\u202eX"))
    assert main(["--no-cache", "validate", str(atlas_copy.root)]) == 1
    captured = capsys.readouterr()
    assert not RAW.search((captured.out + captured.err).replace("\n", ""))
    assert "base:kadena\\x1b[31m" in captured.out
    assert "U+001B" in captured.out and "bidi" in captured.out


def test_error_line_is_one_escaped_line(atlas_copy, capsys):
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(id="base:kadena\n\x1b[31mfake line"))
    assert main(["--no-cache", "--data", str(atlas_copy.root), "list"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert not RAW.search(err.rstrip("\n"))


def test_provision_and_controversy_text_escapes(evil_catalog, capsys):
    # Law pages print through their own function: it must escape too.
    pid = next(iter(evil_catalog.provisions))
    p = evil_catalog.provisions[pid]
    evil_catalog.provisions[pid] = dataclasses.replace(p, title=EVIL_NAME, summary="x\x1b[31mred", note="n\u202eote")
    assert main(["info", pid]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", ""))
    assert "Futenma\\x1b[2J" in out and "x\\x1b[31mred" in out and "n\\u202eote" in out
    cid = next(iter(evil_catalog.controversies))
    c = evil_catalog.controversies[cid]
    evil_catalog.controversies[cid] = dataclasses.replace(c, title=EVIL_NAME)
    assert main(["info", cid]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out.replace("\n", "")) and "Futenma\\x1b[2J" in out
