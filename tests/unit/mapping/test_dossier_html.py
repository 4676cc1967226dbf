"""The side panel's rich text: escaped data, only web URLs as links, ids as provision links."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from explorer.atlas.records import SourceRef
from explorer.mapping.dossier_html import dossier_html, esc, source_line, welcome_html


class Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_data(self, data):
        self.text.append(data)


def anchors(html: str) -> Anchors:
    p = Anchors()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def hostile_html(mini_catalog) -> str:
    return dossier_html(mini_catalog.dossier("base:hostile"), mini_catalog)


@pytest.fixture(scope="module")
def futenma_mini_html(mini_catalog) -> str:
    return dossier_html(mini_catalog.dossier("base:futenma"), mini_catalog)


def test_hostile_name_is_escaped(hostile_html):
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in hostile_html
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in hostile_html


def test_hostile_controversy_title_and_summary_are_escaped(hostile_html):
    assert "&lt;img src=x onerror=&quot;window.__pwned=3&quot;&gt; &amp; &lt;/script&gt;" in hostile_html
    assert "&lt;script&gt;window.__pwned=4&lt;/script&gt; text with &lt;b&gt;tags&lt;/b&gt;" in hostile_html


def test_hostile_units_are_escaped(hostile_html):
    assert "&lt;b&gt;bold?&lt;/b&gt; &amp; &quot;quotes&quot;" in hostile_html


def test_no_raw_markup_from_data(hostile_html):
    low = hostile_html.lower()
    assert "<script" not in low
    assert "<img" not in low
    assert "onerror=\"" not in low
    p = anchors(hostile_html)
    assert "img" not in p.tags and "script" not in p.tags
    # What a reader sees is the data, verbatim.
    text = "".join(p.text)
    assert '<img src=x onerror="window.__pwned=1">' in text


def test_javascript_url_is_not_a_link(futenma_mini_html, mini_catalog):
    assert mini_catalog.sources["src:fixture-saco"].url == "javascript:alert(1)"
    p = anchors(futenma_mini_html)
    assert all(not h.strip().lower().startswith("javascript:") for h in p.hrefs), p.hrefs
    assert "javascript:alert(1)" in "".join(p.text)  # shown, as text


def test_web_urls_are_links(futenma_mini_html, mini_catalog):
    url = mini_catalog.sources["src:fixture-treaty1960"].url
    assert url.startswith("https://") and "&" in url
    assert url in anchors(futenma_mini_html).hrefs  # href parses back to the exact URL
    assert f'href="{esc(url)}"' in futenma_mini_html


def test_provision_link_href_is_the_provision_id(futenma_mini_html, mini_catalog):
    hrefs = anchors(futenma_mini_html).hrefs
    for pid in mini_catalog.feature("base:futenma").provisions:
        assert pid in hrefs
    assert "controversy:futenma-henoko" in hrefs


def test_source_locator_is_shown(futenma_mini_html):
    assert "Art. VI" in futenma_mini_html


def test_every_href_is_an_id_or_a_web_url(catalog):
    for fid in ("base:futenma", "base:kadena", "threat:senkaku", "state:jpn"):
        for href in anchors(dossier_html(catalog.dossier(fid), catalog)).hrefs:
            assert href.startswith(("http://", "https://")) or href.split(":", 1)[0] in (
                "provision", "controversy", "base", "state", "threat"), (fid, href)


def test_real_futenma_dossier(catalog):
    html = dossier_html(catalog.dossier("base:futenma"), catalog)
    hrefs = anchors(html).hrefs
    for pid in ("provision:treaty1960-art6", "provision:sofa-art2", "provision:saco1996"):
        assert pid in hrefs
    assert "controversy:futenma-henoko" in hrefs
    # "Also concerns" links to the other features the controversy names.
    others = [f for f in catalog.controversies["controversy:futenma-henoko"].features
              if f != "base:futenma" and f in catalog.features]
    for fid in others:
        assert fid in hrefs
    assert f"Treaty provisions ({len(catalog.dossier('base:futenma').provisions)})" in html


def test_empty_dossier_says_so(mini_catalog):
    html = dossier_html(mini_catalog.dossier("threat:test-track"), mini_catalog)
    assert "No provision is linked" in html
    assert "No controversy is linked" in html


def test_undefined_source_is_marked(mini_catalog):
    line = source_line(mini_catalog.sources, SourceRef("src:<nope>"))
    assert "not defined" in line
    assert "&lt;nope&gt;" in line and "<nope>" not in line


def test_esc_escapes_quotes_and_none():
    assert esc('<a href="x">\'') == "&lt;a href=&quot;x&quot;&gt;&#x27;"
    assert esc(None) == ""


def test_welcome_counts(catalog):
    from explorer.atlas.figures import use_counts

    html = welcome_html(catalog)
    u = use_counts(catalog)
    assert f"{u.on_list}" in html and f"facilities on the MOD exclusive-use list as of {u.list_as_of}" in html
    assert f"{u.sdf_temporary_us} SDF areas with temporary US use" in html
    assert f"{u.returned} returned sites" in html
    assert f"{len(catalog.provisions)} treaty provisions" in html


def test_welcome_shows_the_computed_okinawa_share(catalog):
    from explorer.atlas.figures import okinawa_concentration

    conc = okinawa_concentration(catalog)
    html = welcome_html(catalog)
    assert f"{conc.share_pct:.1f}%" in html
    assert str(conc.okinawa_count) in html


def test_welcome_without_figures(mini_catalog):
    html = welcome_html(mini_catalog)
    assert "4 facilities on the MOD exclusive-use list," in html
    assert "%" not in html  # no share without the national figure
