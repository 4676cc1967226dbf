"""build_page: offline (no CDN, no network URL), deterministic, and safe with hostile data."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from explorer.atlas.catalog import Catalog
from explorer.mapping import assets, style
from explorer.mapping.page import SCHEME_BASE, build_page, data_as_of, payload, script_json
from explorer.mapping.views import ViewState, parse_view

MODES = ("app", "export", "html")
CDN_HOSTS = ("jsdelivr", "unpkg", "cdnjs", "code.jquery", "googleapis", "bootstrapcdn", "cloudflare")

HOSTILE_BASE_NAME = '<img src=x onerror="window.__pwned=1">'
HOSTILE_BASE_NAME_JA = "<script>window.__pwned=2</script>"
HOSTILE_CONTROVERSY_TITLE = '<img src=x onerror="window.__pwned=3"> & </script>'
HOSTILE_CONTROVERSY_SUMMARY = "<script>window.__pwned=4</script> text with <b>tags</b>"
HOSTILE_UNITS = '<b>bold?</b> & "quotes"'
HOSTILE = (HOSTILE_BASE_NAME, HOSTILE_BASE_NAME_JA, HOSTILE_CONTROVERSY_TITLE, HOSTILE_CONTROVERSY_SUMMARY,
           HOSTILE_UNITS)


class PageParser(HTMLParser):
    """Collects every tag with its attributes and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script, self._buf = a, []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self._script is not None:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buf)))
            self._script = None

    def urls(self) -> list[tuple[str, str, str]]:
        return [(tag, k, v or "") for tag, a in self.tags for k, v in a.items() if k in ("src", "href")]

    def atlas_data(self) -> dict:
        found = [text for a, text in self.scripts if a.get("id") == "atlas-data"]
        assert len(found) == 1, "expected exactly one atlas-data script"
        (a,) = [a for a, _ in self.scripts if a.get("id") == "atlas-data"]
        assert a.get("type") == "application/json"
        return json.loads(found[0])


def parse(html: str) -> PageParser:
    p = PageParser()
    p.feed(html)
    p.close()
    return p


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


@pytest.mark.parametrize("mode", ("app", "export"))
def test_app_pages_load_assets_from_the_app_scheme(real_pages, mode):
    p = parse(real_pages[mode])
    srcs = [url for tag, attr, url in p.urls() if tag in ("script", "link")]
    assert srcs, "app page should reference its assets by URL"
    assert all(url.startswith(SCHEME_BASE) for url in srcs), srcs
    for url in srcs:
        assert assets.resolve(url[len(SCHEME_BASE):]) is not None, url
    assert f"{SCHEME_BASE}vendor/leaflet/leaflet.js" in srcs
    assert f"{SCHEME_BASE}web/atlas.js" in srcs


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
    assert "http" not in csp[0]


@pytest.mark.parametrize("mode", MODES)
def test_build_is_deterministic(catalog, real_pages, mode):
    assert build_page(catalog, mode) == real_pages[mode]


def test_build_with_state_is_deterministic(catalog):
    state = parse_view("okinawa").with_(selected="base:futenma", title="Futenma", dossier=True)
    assert build_page(catalog, "export", state) == build_page(catalog, "export", state)


@pytest.mark.parametrize("mode", MODES)
def test_payload_parses_and_lists_every_feature(catalog, real_pages, mode):
    data = parse(real_pages[mode]).atlas_data()
    assert data["mode"] == mode
    ids = {f["properties"]["id"] for f in data["bases"]["features"]}
    ids |= {f["properties"]["id"] for f in data["threats"]["features"]}
    ids |= {s["id"] for s in data["states"]}
    assert ids == set(catalog.features)


# -- payload content -------------------------------------------------------------------

def test_states_reference_basemap_polygons_by_index(catalog):
    data = payload(catalog, "app")
    feats = data["basemap"]["features"]
    for s in data["states"]:
        iso = catalog.feature(s["id"]).iso_a3
        assert s["shapes"], s["id"]
        for i in s["shapes"]:
            props = feats[i]["properties"]
            assert iso in (props.get("iso_a3"), props.get("sov_a3")), (s["id"], i)


def test_legend_lists_exactly_the_classes_in_use(catalog):
    data = payload(catalog, "app")
    used = {style.style_key(f) for f in catalog.features.values()}
    assert {row["key"] for row in data["legend"]} == used
    drawn = {f["properties"]["cls"] for f in data["bases"]["features"] + data["threats"]["features"]}
    drawn |= {s["cls"] for s in data["states"]}
    assert drawn == used


def test_only_html_mode_carries_dossiers(catalog):
    assert "dossiers" not in payload(catalog, "app")
    assert "dossiers" not in payload(catalog, "export")
    d = payload(catalog, "html")["dossiers"]["base:futenma"]
    assert any(p["short"] == catalog.provisions["provision:treaty1960-art6"].short for p in d["provisions"])


def test_export_overlay_has_title_and_dossier(catalog):
    state = ViewState(view="okinawa", selected="base:futenma", title="T", subtitle="S", dossier=True)
    data = payload(catalog, "export", state)
    ov = data["overlay"]
    assert ov["title"] == "T" and ov["subtitle"] == "S"
    assert ov["dossier"]["name"] == catalog.feature("base:futenma").name
    assert ov["dossier"]["provisions"][0].startswith(catalog.dossier("base:futenma").provisions[0].short)
    assert data["state"]["selected"] == "base:futenma"
    assert data["state"]["bounds"] == [[26.05, 127.6], [26.9, 128.35]]


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
    props = {f["properties"]["id"]: f["properties"] for f in data["bases"]["features"]}
    assert props["base:hostile"]["name"] == HOSTILE_BASE_NAME
    assert props["base:hostile"]["name_ja"] == HOSTILE_BASE_NAME_JA
    if mode == "html":
        d = data["dossiers"]["base:hostile"]
        assert [c["title"] for c in d["controversies"]] == [HOSTILE_CONTROVERSY_TITLE]
        assert [c["summary"] for c in d["controversies"]] == [HOSTILE_CONTROVERSY_SUMMARY]
        assert {"label": "Units / role", "value": HOSTILE_UNITS} in d["facts"]


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
    names = [f["properties"]["name"] for f in p.atlas_data()["bases"]["features"]]
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
