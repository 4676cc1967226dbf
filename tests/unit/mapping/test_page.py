"""build_page: offline (no CDN, no network URL), deterministic, and safe with hostile data."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import parse

from explorer.atlas.catalog import Catalog
from explorer.mapping import assets, layers
from explorer.mapping.js import script_json
from explorer.mapping.page import SCHEME_BASE, build_page, chrome, data_as_of, payload
from explorer.mapping.state import Camera, ExportOptions, MapState

MODES = ("app", "html")
CDN_HOSTS = ("jsdelivr", "unpkg", "cdnjs", "code.jquery", "googleapis", "bootstrapcdn", "cloudflare")

HOSTILE_BASE_NAME = '<img src=x onerror="window.__pwned=1">'
HOSTILE_BASE_NAME_JA = "<script>window.__pwned=2</script>"
HOSTILE_CONTROVERSY_TITLE = '<img src=x onerror="window.__pwned=3"> & </script>'
HOSTILE_CONTROVERSY_SUMMARY = "<script>window.__pwned=4</script> text with <b>tags</b>"
HOSTILE_UNITS = '<b>bold?</b> & "quotes"'
HOSTILE = (HOSTILE_BASE_NAME, HOSTILE_BASE_NAME_JA, HOSTILE_CONTROVERSY_TITLE, HOSTILE_CONTROVERSY_SUMMARY,
           HOSTILE_UNITS)


@pytest.fixture(scope="module")
def real_pages(catalog) -> dict[str, str]:
    return {mode: build_page(catalog, mode) for mode in MODES}


@pytest.fixture(scope="module")
def mini_pages(mini_catalog) -> dict[str, str]:
    return {mode: build_page(mini_catalog, mode) for mode in MODES}


# -- offline: no network URL, no CDN ------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_no_script_or_link_points_to_the_network(real_pages, mode):
    p = parse(real_pages[mode])
    for tag, attr, url in p.urls():
        if tag in ("script", "link", "img", "iframe"):
            assert not re.match(r"\s*(https?:)?//", url, re.I), f"<{tag} {attr}={url!r}> in {mode} page"


@pytest.mark.parametrize("mode", MODES)
def test_no_network_src_or_href_by_regex(real_pages, mode):
    # Belt and braces: a raw-text search for tags a parser might not see the same way.
    html = real_pages[mode]
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//", html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?\s*(https?:)?//", html, re.I)


@pytest.mark.parametrize("mode", MODES)
def test_no_cdn_host_anywhere(real_pages, mode):
    html = real_pages[mode].lower()
    for host in CDN_HOSTS:
        assert host not in html, f"{host} in {mode} page"


def test_the_app_page_fetches_no_script_or_style_and_its_images_come_from_the_app_scheme(real_pages):
    """Inline, so the window's start can load it before the thread that answers the scheme is free."""
    html = real_pages["app"]
    p = parse(html)
    assert [url for tag, attr, url in p.urls() if tag in ("script", "link")] == []
    assert "a JS library for interactive maps" in html and "window.AtlasExplorer" in html
    images = re.findall(r"url\(([^)#]+)\)", html)
    assert images and all(url.startswith(SCHEME_BASE) for url in images), images
    for url in images:
        assert assets.resolve(url[len(SCHEME_BASE):]) is not None, url


def test_html_page_has_no_src_or_href_at_all(real_pages):
    p = parse(real_pages["html"])
    external = [(tag, attr, url) for tag, attr, url in p.urls() if not url.startswith("#")]
    assert external == []
    assert "explorer://" not in real_pages["html"]


def test_html_page_inlines_leaflet(real_pages):
    html = real_pages["html"]
    version = ".".join(assets.leaflet_version().split(".")[:3])
    assert "a JS library for interactive maps" in html  # Leaflet's licence header
    assert f'version="{version}"' in html  # L.version, minified
    assert "AtlasExplorer" in html and "window.AtlasExplorer" in html  # atlas.js inlined too
    assert ".leaflet-container" in html  # leaflet.css inlined


def test_html_page_contains_every_feature_id(catalog, real_pages):
    html = real_pages["html"]
    missing = [fid for fid in catalog.features if fid not in html]
    assert missing == []
    data = parse(html).atlas_data()
    assert set(data["dossiers"]) == set(catalog.features)


@pytest.mark.parametrize("mode", MODES)
def test_page_has_restrictive_csp(real_pages, mode):
    p = parse(real_pages[mode])
    csp = [a.get("content") or "" for tag, a in p.tags
           if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp) == 1
    assert "default-src 'none'" in csp[0]
    assert "connect-src 'none'" in csp[0]
    assert "script-src-attr 'none'" in csp[0]  # no inline event handlers, ever
    assert "http" not in csp[0]


@pytest.mark.parametrize("mode", MODES)
def test_build_is_deterministic(catalog, real_pages, mode):
    assert build_page(catalog, mode) == real_pages[mode]


def test_build_with_state_is_deterministic(catalog):
    state = MapState(camera=Camera("okinawa"), selected="base:futenma")
    assert build_page(catalog, "html", state) == build_page(catalog, "html", state)


def test_app_page_carries_no_state(catalog, real_pages):
    data = parse(real_pages["app"]).atlas_data()
    assert "state" not in data and "dossiers" not in data
    assert build_page(catalog, "app") == real_pages["app"]


def features(data: dict) -> list[dict]:
    return [f for layer in data["layers"] for f in layer["features"]]


@pytest.mark.parametrize("mode", MODES)
def test_payload_parses_and_lists_every_feature(catalog, real_pages, mode):
    data = parse(real_pages[mode]).atlas_data()
    assert {f["p"]["id"] for f in features(data)} == set(catalog.features) | set(catalog.places)
    assert [layer["id"] for layer in data["layers"]] == ["states", "places", "threats", "bases"]  # by z


# -- payload content -------------------------------------------------------------------

def test_states_reference_basemap_polygons_by_index(catalog):
    data = payload(catalog)
    feats = data["basemap"]["features"]
    (states,) = [layer for layer in data["layers"] if layer["id"] == "states"]
    for s in states["features"]:
        iso = catalog.feature(s["p"]["id"]).iso_a3
        assert s["shapes"], s["p"]["id"]
        for i in s["shapes"]:
            props = feats[i]["properties"]
            assert iso in (props.get("iso_a3"), props.get("sov_a3")), (s["p"]["id"], i)


def test_legend_lists_exactly_the_classes_in_use(catalog):
    data = payload(catalog)
    used = {layers.style_key(f) for f in (*catalog.features.values(), *catalog.places.values())}
    assert {row["key"] for layer in data["layers"] for row in layer["symbols"]} == used
    assert {f["p"]["cls"] for f in features(data)} == used


def test_only_the_html_export_carries_dossiers(catalog):
    from explorer.mapping.page import standalone_payload

    assert "dossiers" not in payload(catalog)
    d = standalone_payload(catalog, MapState())["dossiers"]["base:futenma"]
    assert any(p["short"] == catalog.provisions["provision:treaty1960-art6"].short for p in d["provisions"])


def test_export_chrome_has_title_and_dossier(catalog):
    state = MapState(camera=Camera("okinawa"), selected="base:futenma")
    ov = chrome(catalog, state, ExportOptions(title="T", subtitle="S", dossier=True, width=900, height=700))
    assert ov["export"] is True and ov["title"] == "T" and ov["subtitle"] == "S"
    assert ov["viewport"] == [900, 700]
    assert ov["dossier"]["name"] == catalog.feature("base:futenma").name
    assert ov["dossier"]["provisions"][0].startswith(catalog.dossier("base:futenma").provisions[0].short)



def test_data_as_of_is_the_newest_full_source_date(catalog):
    import datetime as dt

    today = dt.date.today().isoformat()
    dates = [s.date for s in catalog.sources.values() if len(s.date) == 10 and s.date <= today]
    assert data_as_of(catalog) == max(dates)


# -- hostile strings -------------------------------------------------------------------

def test_fixture_is_still_hostile(mini_catalog):
    hostile = mini_catalog.feature("base:hostile")
    assert hostile.name == HOSTILE_BASE_NAME
    assert hostile.name_ja == HOSTILE_BASE_NAME_JA
    assert mini_catalog.controversies["controversy:hostile"].title == HOSTILE_CONTROVERSY_TITLE


@pytest.mark.parametrize("mode", MODES)
def test_hostile_strings_never_appear_raw(mini_pages, mode):
    html = mini_pages[mode]
    for s in HOSTILE:
        assert s not in html, f"raw {s!r} in {mode} page"
    assert "\\u003cimg src=x onerror=" in html  # escaped in the payload
    p = parse(html)
    assert not [t for t, _ in p.tags if t in ("img", "b")], "data became markup"
    # Only our own script elements exist; no hostile text runs as a script.
    for attrs, text in p.scripts:
        if attrs.get("id") != "atlas-data":
            assert "__pwned" not in text


@pytest.mark.parametrize("mode", MODES)
def test_script_count_is_not_changed_by_data(mini_pages, real_pages, mode):
    # A `</script>` in the data would close the payload early and open new elements.
    assert len(parse(mini_pages[mode]).scripts) == len(parse(real_pages[mode]).scripts)


@pytest.mark.parametrize("mode", MODES)
def test_payload_round_trips_hostile_strings_exactly(mini_pages, mode):
    data = parse(mini_pages[mode]).atlas_data()
    props = {f["p"]["id"]: f["p"] for f in features(data)}
    assert props["base:hostile"]["name"] == HOSTILE_BASE_NAME
    assert props["base:hostile"]["name_ja"] == HOSTILE_BASE_NAME_JA
    if mode == "html":
        d = data["dossiers"]["base:hostile"]
        assert [c["title"] for c in d["controversies"]] == [HOSTILE_CONTROVERSY_TITLE]
        assert [c["summary"] for c in d["controversies"]] == [HOSTILE_CONTROVERSY_SUMMARY]
        units = [x["value"] for x in d["facts"] if x["label"] == "Units / role"]
        assert units and units[0].startswith(HOSTILE_UNITS)


# -- script_json -------------------------------------------------------------------------

def test_script_json_escapes_markup_characters():
    out = script_json({"a": "<\x2fscript><b>&'\"", "b": "\u2028\u2029"})
    for ch in ("<", ">", "&", "'", "\u2028", "\u2029"):
        assert ch not in out
    assert "\\u003c" in out and "\\u003e" in out and "\\u0026" in out and "\\u0027" in out


@pytest.mark.parametrize("value", [
    HOSTILE_CONTROVERSY_TITLE,
    {"k": ["</script><!--", "it's", "a & b", "日本", "\u2028"]},
    [1, 2.5, None, True, "x>y"],
])
def test_script_json_round_trips(value):
    assert json.loads(script_json(value)) == value


def test_build_page_is_not_fooled_by_script_close_in_any_case(mini_catalog, tmp_path, fixture_dir):
    # Upper-case and spaced variants of the closing tag must not end the payload either.
    import shutil

    root = tmp_path / "atlas"
    shutil.copytree(fixture_dir, root)
    path = root / "bases" / "okinawa.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    evil = "</SCRIPT ><script>window.__pwned=9</script >"
    for feat in data["features"]:
        if feat["properties"]["id"] == "base:kadena":
            feat["properties"]["name"] = evil
    path.write_text(json.dumps(data), encoding="utf-8")
    cat = Catalog.load(root)
    html = build_page(cat, "app")
    assert "__pwned=9" in html  # present as data...
    p = parse(html)
    for attrs, text in p.scripts:
        if attrs.get("id") != "atlas-data":
            assert "__pwned" not in text  # ...never as code
    names = [f["p"]["name"] for f in features(p.atlas_data())]
    assert evil in names


def test_template_syntax_in_data_is_not_evaluated(tmp_path, fixture_dir):
    """A name like {{ 7*7 }} is data, never a Jinja2 template."""
    import shutil

    from explorer.atlas.catalog import Catalog
    from explorer.mapping.page import build_page

    data = tmp_path / "atlas"
    shutil.copytree(fixture_dir, data)
    path = data / "bases" / "okinawa.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace("Kadena Air Base", "{{ 7*7 }} {% raw %}"),
                    encoding="utf-8")
    html = build_page(Catalog.load(data), "app")
    assert "{{ 7*7 }} {% raw %}" in html
    assert '"name":"49' not in html
