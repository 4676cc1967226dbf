"""The analysis sections: the same numbers as the coverage model, escaped, sorted, cited, and as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from explorer.atlas import coverage as cv
from explorer.present import coverage as pc
from explorer.present.coverage_html import coverage_section, reach_section, ring_html
from explorer.present.panel_html import dossier_html
from explorer.present.dossier import dossier_dict
from tests.unit.present.test_panel_html import anchors

HOSTILE = '<img src=x onerror="window.__pwned=1">'


def _band(catalog, fid):
    return next(r for r in cv.rings_from_catalog(catalog) if r.id == fid)


def test_coverage_dict_has_the_models_numbers(catalog):
    ring = _band(catalog, "threat:range-nodong")
    cov = cv.coverage(catalog, ring)
    cd = pc.coverage_dict(catalog, ring)
    assert cd["count"] == cov.count == len(cd["bases"])
    assert [b["id"] for b in cd["bases"]] == [c.id for c in cov.bases]  # nearest first by default
    for row, c in zip(cd["bases"], cov.bases):
        assert row["distance_km"] == round(c.distance_km, 1) and row["margin_km"] == round(c.margin_km, 1)
    fig = cov.figures
    assert cd["share_pct"] == fig.share_pct and cd["as_of"] == str(fig.as_of) and cd["area_km2"] == fig.area_km2
    assert f"{cov.count} bases within 1,500 km: {fig.area_km2:,.1f} km² in all" in cd["summary"][0]
    assert f"{fig.share_pct:.1f}%" in cd["summary"][1] and str(fig.as_of) in cd["summary"][1]
    # the band's own sources (with locators) and the national total's are cited
    ids = [s["id"] for s in cd["sources"]]
    assert ids[:4] == [r.id for r in catalog.features["threat:range-nodong"].sources]
    assert "src:main-wing-2020" in ids
    assert any(s["at"] == "1993 Rodong-1 test" for s in cd["sources"])


def test_assumptions_are_stated_in_plain_words(catalog):
    cd = pc.coverage_dict(catalog, _band(catalog, "threat:range-nodong"))
    text = " ".join(cd["assumptions"])
    assert "published maximum range (1,000–1,500 km)" in text and "1,500 km, is used" in text
    assert "Launch point (approximate): Illustrative reference point: Pyongyang" in text
    assert "No trajectory, accuracy, payload or missile-defence modelling" in text
    n = sum(1 for b in catalog.layer("bases") if b.status != "returned" and b.use != "returned")
    assert f"Counted: the {n} facilities" in text
    typed = pc.coverage_dict(catalog, pc.user_ring({"id": "r1", "label": "x", "lat": 26.0, "lon": 127.0, "km": 800}),
                             user=True)
    assert "the one you entered (800 km)" in typed["assumptions"][0]
    assert typed["ring"]["threat"] is None and typed["sources"][0]["id"] == "src:main-wing-2020"


@pytest.mark.parametrize("sort,desc", [("name", False), ("name", True), ("distance", True), ("margin", False)])
def test_rows_sort_by_any_column(catalog, sort, desc):
    cd = pc.coverage_dict(catalog, _band(catalog, "threat:range-df21d"), sort=sort, descending=desc)
    key = {"name": lambda r: r["name"].casefold(), "distance": lambda r: r["distance_km"],
           "margin": lambda r: r["margin_km"]}[sort]
    values = [key(r) for r in cd["bases"]]
    assert values == sorted(values, reverse=desc) and len(values) > 5
    html = coverage_section(cd)
    assert f'href="sort:{sort}"' in html and ("▼" in html) == desc


def test_an_unknown_sort_key_is_refused(catalog):
    with pytest.raises(ValueError):
        pc.coverage_dict(catalog, _band(catalog, "threat:range-df21d"), sort="<script>")


def test_hostile_names_and_labels_stay_text(mini_catalog):
    ring = pc.user_ring({"id": "r<1>", "label": "<script>alert(1)</script>", "lat": 26.3, "lon": 127.8,
                         "km": 1000})
    cd = pc.coverage_dict(mini_catalog, ring, user=True)
    assert "base:hostile" in [b["id"] for b in cd["bases"]]
    html = ring_html(cd)
    a = anchors(html)
    assert "script" not in a.tags and "img" not in a.tags
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert "unring:r&lt;1&gt;" in html and "base:hostile" in a.hrefs
    # in a base's dossier (the hostile one), the reach section is escaped too
    rd = pc.reach_dict(mini_catalog, "base:hostile", [{"id": "r9", "label": HOSTILE, "lat": 26.3, "lon": 127.8,
                                                       "km": 500}])
    html = dossier_html(dossier_dict(mini_catalog, "base:hostile", None), tail=reach_section(rd))
    assert "img" not in anchors(html).tags and html.count("&lt;img src=x") >= 2


def test_reach_lists_the_ranges_that_reach_a_base_and_distances_to_places(catalog):
    rd = pc.reach_dict(catalog, "base:kadena", [{"id": "r1", "label": "far", "lat": 0.0, "lon": 0.0, "km": 100},
                                               {"id": "r2", "label": "near", "lat": 26.0, "lon": 127.0, "km": 300}])
    want = cv.reach(catalog, "base:kadena")
    published = [r for r in rd["reached_by"] if not r["user"]]
    assert [r["id"] for r in published] == [r.ring.id for r in want] and want
    assert [r["margin_km"] for r in published] == [round(r.margin_km, 1) for r in want]
    assert [r["name"] for r in rd["reached_by"] if r["user"]] == ["near"]  # the far ring does not reach
    pois = {p["name"]: p for p in rd["poi"]}
    assert {"Taipei", "Pyongyang", "Shanghai"} <= set(pois)
    assert any(n.startswith("Senkaku") for n in pois)
    kadena = catalog.features["base:kadena"]
    taipei = next(p for p in cv.points_of_interest(catalog) if p.name == "Taipei")
    d = cv.distance((kadena.lat, kadena.lon), (taipei.lat, taipei.lon))
    assert pois["Taipei"]["km"] == round(d.km, 1) and pois["Taipei"]["nmi"] == round(d.nmi, 1)
    html = reach_section(rd)
    assert f"{d.km:,.0f} km" in html and "ring:r2" in html and "threat:range-nodong" in html
    assert "GeoNames" in " ".join(rd["assumptions"])


def test_csv_has_the_table_in_the_order_shown_and_defuses_formulas(mini_catalog):
    ring = pc.user_ring({"id": "r1", "label": "x", "lat": 26.3, "lon": 127.8, "km": 1000})
    cd = pc.coverage_dict(mini_catalog, ring, user=True, sort="name")
    cd["bases"].append({"id": "base:evil", "name": "=HYPERLINK(\"http://x\")", "distance_km": 1.0,
                        "margin_km": 999.0, "area_km2": None})
    rows = list(csv.reader(io.StringIO(pc.coverage_csv(cd))))
    assert rows[0] == ["id", "name", "distance_km", "margin_km", "area_km2"]
    assert [r[0] for r in rows[1:-1]] == [b["id"] for b in cd["bases"][:-1]]
    assert rows[-1][1].startswith("'=")
    assert rows[1][2] == f"{cd['bases'][0]['distance_km']:.1f}"


def test_measure_text_in_three_units_with_bearing():
    pts = [(26.35, 127.77), (25.05, 121.53), (31.23, 121.47)]
    legs = [cv.distance(a, b) for a, b in zip(pts, pts[1:])]
    text = pc.measure_text(pts)
    assert f"segment {legs[1].km:,.1f} km · {legs[1].nmi:,.1f} nmi · {legs[1].mi:,.1f} mi" in text
    assert f"initial bearing {legs[1].bearing_deg:.1f}°" in text
    assert f"total {legs[0].km + legs[1].km:,.1f} km" in text and "2 segments" in text
    assert "first point" in pc.measure_text([])


def test_ring_label_and_places(catalog):
    assert pc.ring_label(1000, "Taipei", "DF-21D") == "DF-21D 1,000 km from Taipei"
    assert len(pc.ring_label(1000, "x" * 500)) == 200
    names = [p["name"] for p in pc.ring_places(catalog)]
    assert "Taipei" in names and any(n.startswith("Nodong") for n in names) and "Japan" in names
    assert {r["km"] for r in pc.published_ranges(catalog)} == {1450.0, 1500.0, 5000.0, 4000.0}
