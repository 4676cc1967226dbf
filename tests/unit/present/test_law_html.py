"""Provision and controversy pages, and the law grouped by instrument: every provision reachable."""

from __future__ import annotations

from explorer.present.law_html import controversy_html, law_tree, provision_html
from tests.helpers import parse


def test_every_provision_is_in_the_law_tree_once(catalog):
    ids = [p["id"] for inst in law_tree(catalog) for p in inst["provisions"]]
    assert sorted(ids) == sorted(catalog.provisions)


def test_instruments_run_oldest_first(catalog):
    dates = [inst["date"] for inst in law_tree(catalog) if inst["date"]]
    assert dates == sorted(dates)


def test_a_provision_page_links_what_it_governs(catalog):
    html = provision_html(catalog, "provision:treaty1960-art6")
    hrefs = {v for tag, a in parse(html).tags if tag == "a" for k, v in a.items() if k == "href"}
    assert set(catalog.governed_by("provision:treaty1960-art6")) <= hrefs
    assert f"Governs {len(catalog.governed_by('provision:treaty1960-art6'))} feature(s)" in html


def test_a_controversy_page_lists_its_provisions_and_features(catalog):
    c = catalog.controversies["controversy:futenma-henoko"]
    html = controversy_html(catalog, c.id)
    hrefs = {v for tag, a in parse(html).tags if tag == "a" for k, v in a.items() if k == "href"}
    assert set(c.provisions) <= hrefs and "base:futenma" in hrefs


def test_hostile_controversy_title_is_escaped(mini_catalog):
    html = controversy_html(mini_catalog, "controversy:hostile")
    assert "<img" not in html and "&lt;img" in html


def test_instruments_carry_the_names_people_use(catalog):
    tree = {inst["short"]: inst for inst in law_tree(catalog)}
    assert {"1960 Treaty", "SOFA", "US-ROK MDT", "1951 Security Treaty"} <= set(tree)
    assert tree["SOFA"]["instrument"].startswith("Agreement under Article VI")
    labels = [p["label"] for p in tree["1960 Treaty"]["provisions"]]
    assert "Art. VI — Facilities and areas for US forces" in labels
    shorts = [inst["short"] for inst in law_tree(catalog)]
    assert len(shorts) == len(set(shorts))
