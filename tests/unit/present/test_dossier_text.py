"""Dossier text as a reader sees it: source ids in notes become numbers, places are named once."""

from __future__ import annotations

import re

from explorer.atlas.records import SourceRef
from explorer.present.dossier import cite, dossier_dict, numbered
from explorer.present.panel_html import dossier_html


def test_no_dossier_shows_a_raw_source_id(catalog):
    for fid in catalog.features:
        dd = dossier_dict(catalog, fid, None)
        shown = [dd["note"] or "", *(x["value"] for x in dd["facts"])]
        assert not [t for t in shown if re.search(r"\bsrc:[a-z0-9]", t)], fid


def test_no_provision_shows_a_raw_source_id(catalog):
    from explorer.present.dossier import provision_info

    for pid in catalog.provisions:
        assert not re.search(r"\bsrc:[a-z0-9]", provision_info(catalog, pid)["note"] or ""), pid


def test_a_number_leads_to_the_source_the_note_named(catalog):
    dd = dossier_dict(catalog, "base:nta", None)
    detail = next(x["value"] for x in dd["facts"] if "3,987 ha" in x["value"])
    n = int(re.search(r"3,987 ha, \[(\d+)\]", detail).group(1))
    assert dd["sources"][n - 1]["id"] == "src:oki-marusei-nta"
    assert [c["n"] for c in dd["sources"]] == list(range(1, len(dd["sources"]) + 1))


def test_a_source_the_record_does_not_list_is_appended(catalog):
    listed = [cite(catalog.sources, SourceRef("src:oki-saco-1996"))]
    out = numbered(catalog, listed, "read in src:oki-marusei-nta and src:oki-saco-1996")
    assert out == ["read in [2] and [1]"]
    assert [c["id"] for c in listed] == ["src:oki-saco-1996", "src:oki-marusei-nta"]


def test_unknown_ids_and_empty_texts_are_left_alone(catalog):
    assert numbered(catalog, [], "see src:no-such-thing", "") == ["see src:no-such-thing", ""]


def test_the_panel_numbers_the_feature_sources(catalog):
    html = dossier_html(dossier_dict(catalog, "base:nta", None))
    assert "[2] " in html and "src:oki-marusei-nta" not in html


def test_where_names_each_place_once(catalog):
    # Hokkaido is both the island and the prefecture of Camp Chitose.
    dd = dossier_dict(catalog, "base:camp-chitose", None)
    where = next(x["value"] for x in dd["facts"] if x["label"] == "Where")
    assert where.count("Hokkaido") == 1 and where.startswith("Chitose")


def test_kind_lines_use_the_legend_words(catalog):
    # A reader sees "Strategic competitor" in the panel and in the legend, never "competitor" or "eez impact".
    from explorer.mapping.style import BY_KEY

    assert dossier_dict(catalog, "state:chn", None)["kind"] == f"state: {BY_KEY['state-competitor'].label}"
    eez = next(f for f in catalog.layer("threats") if f.threat_kind == "eez_impact")
    assert dossier_dict(catalog, eez.id, None)["kind"] == BY_KEY["threat-eez_impact"].label == "Missile impact in Japan's EEZ"
