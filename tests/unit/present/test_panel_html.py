"""The side panel's rich text: escaped data, only web URLs as links, ids as provision links."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from explorer.atlas.records import SourceRef
from explorer.present.dossier import cite, dossier_dict
from explorer.present.panel_html import MAX_SHOWN, dossier_html, esc, source_html, welcome_html


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
    return dossier_html(dossier_dict(mini_catalog, "base:hostile", None))


@pytest.fixture(scope="module")
def futenma_mini_html(mini_catalog) -> str:
    return dossier_html(dossier_dict(mini_catalog, "base:futenma", None))


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
        for href in anchors(dossier_html(dossier_dict(catalog, fid, None))).hrefs:
            assert href.startswith(("http://", "https://")) or href.split(":", 1)[0] in (
                "provision", "controversy", "base", "state", "threat", "fold"), (fid, href)


def test_real_futenma_dossier(catalog):
    html = dossier_html(dossier_dict(catalog, "base:futenma", None))
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
    html = dossier_html(dossier_dict(mini_catalog, "threat:test-track", None))
    assert "No provision is linked" in html
    assert "No controversy is linked" in html


def test_undefined_source_is_marked(mini_catalog):
    line = source_html(cite(mini_catalog.sources, SourceRef("src:<nope>")))
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


def test_controversy_lists_its_provisions(catalog):
    html = dossier_html(dossier_dict(catalog, "base:futenma", None))
    c = catalog.controversies["controversy:futenma-henoko"]
    assert c.provisions, "fixture: the Henoko controversy names provisions"
    hrefs = anchors(html).hrefs
    for pid in c.provisions:
        assert pid in hrefs


def test_values_are_bidi_isolated(mini_catalog):
    html = dossier_html(dossier_dict(mini_catalog, "base:hostile", None))
    text = "".join(anchors(html).text)
    # Every data value sits inside FSI ... PDI, so an override inside it ends there.
    assert "\u2068" + '<img src=x onerror="window.__pwned=1">' + "\u2069" in text


def test_long_values_are_cut_with_a_full_text_link(catalog):
    dd = dossier_dict(catalog, "base:futenma", None)
    dd["note"] = "x" * (MAX_SHOWN * 3)
    short = dossier_html(dd)
    assert "x" * MAX_SHOWN in short and "x" * (MAX_SHOWN + 1) not in short
    assert "full:base:futenma" in anchors(short).hrefs
    assert "x" * (MAX_SHOWN * 3) in dossier_html(dd, full=True)


def test_no_raw_ids_in_reader_text(catalog):
    for fid in ("base:futenma", "threat:senkaku", "state:jpn"):
        text = "".join(anchors(dossier_html(dossier_dict(catalog, fid, None))).text)
        assert "state:chn" not in text and fid not in text, fid


def test_a_summary_line_then_sections_that_fold(catalog):
    dd = dossier_dict(catalog, "base:futenma", None)
    html = dossier_html(dd)
    n_p, n_c = len(dd["provisions"]), len(dd["controversies"])
    assert "USMC · " in html and f"{n_p} treaty provisions, {n_c} controversies" in html
    order = [html.index(f'href="fold:{k}"') for k in ("facts", "provisions", "controversies")]
    assert order == sorted(order) and order[-1] < html.index("Sources for this feature")
    first = esc(dd["provisions"][0]["summary"][:40])
    assert first in html
    folded = dossier_html(dd, folded=frozenset({"provisions"}))
    assert first not in folded and f"▸ Treaty provisions ({n_p})" in folded
    assert dd["controversies"][0]["title"][:20] in folded  # the other sections stay open
    assert "Marine Aircraft Group 36" in html and "Marine Aircraft Group 36" not in dossier_html(dd, folded=frozenset({"facts"}))
