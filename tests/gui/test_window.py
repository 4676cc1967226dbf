"""The whole path as a user takes it: the window opens, a click shows a dossier."""

from __future__ import annotations

import json

import pytest

from tests.gui.conftest import Page

pytestmark = pytest.mark.gui


def test_map_draws_every_layer(window, page: Page) -> None:
    assert sorted(page.js("AtlasExplorer.visibleLayers()")) == ["bases", "places", "states", "threats"]
    assert page.js("AtlasExplorer.featureCount()") == len(window.catalog.features) + len(window.catalog.places)
    assert window.windowTitle() == "Alliance Explorer"


def test_clicking_a_base_shows_its_dossier(qtbot, window, page: Page) -> None:
    window.go_to_view("okinawa")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getZoom()") >= 9, timeout=5000)
    with qtbot.waitSignal(window.map.featureClicked, timeout=5000) as sig:
        page.click_feature("base:futenma")
    assert sig.args == ["bases", "base:futenma"]
    text = window.panel.text()
    assert "Marine Corps Air Station Futenma" in text
    assert "普天間飛行場" in text
    assert "1960 Treaty, Art. VI" in text
    assert "SACO" in text
    assert "Futenma relocation to Henoko" in text
    assert "Source:" in text
    assert page.js("AtlasExplorer.state().selected") == "base:futenma"


def test_clicking_a_provision_highlights_its_features(qtbot, window, page: Page) -> None:
    window.select_feature("base:kadena")
    assert "Kadena" in window.panel.text()
    expected = set(window.catalog.governed_by("provision:treaty1960-art6"))
    assert "base:kadena" in expected and len(expected) > 30
    from PySide6.QtCore import QUrl

    window.panel.browser.anchorClicked.emit(QUrl("provision:treaty1960-art6"))
    qtbot.waitUntil(lambda: set(page.js("AtlasExplorer.state().highlight")) == expected, timeout=5000)
    assert "feature(s) highlighted" in window.statusBar().currentMessage()


def test_panel_feature_link_selects_on_map(qtbot, window, page: Page) -> None:
    window.panel.featureRequested.emit("threat:senkaku")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.state().selected") == "threat:senkaku", timeout=5000)
    assert "Art. V" in window.panel.text()


def test_layer_toggle_reaches_the_map(qtbot, window, page: Page) -> None:
    window.layer_actions["threats"].setChecked(False)
    qtbot.waitUntil(lambda: "threats" not in page.js("AtlasExplorer.visibleLayers()"), timeout=5000)
    window.layer_actions["threats"].setChecked(True)
    qtbot.waitUntil(lambda: "threats" in page.js("AtlasExplorer.visibleLayers()"), timeout=5000)


@pytest.mark.parametrize("message", [
    "not json", "[]", json.dumps({"type": "click", "layer": "bases", "id": "base:nope"}),
    json.dumps({"type": "click", "layer": "states", "id": "base:kadena"}),
    json.dumps({"type": "click", "layer": "bombs", "id": "base:kadena"}), "x" * 10000,
])
def test_bridge_drops_bad_messages(qtbot, window, message) -> None:
    with qtbot.assertNotEmitted(window.map.featureClicked, wait=100):
        window.map.bridge.post(message)


def test_page_cannot_navigate_away(qtbot, window, page: Page) -> None:
    url = window.map.url().toString()
    refused = window.map.page().navigationRefused
    with qtbot.waitSignal(refused, timeout=5000, check_params_cb=lambda u: "example.com" in u):
        page.js("(function(){location.href='https://example.com/'; return 1;})()")
    with qtbot.waitSignal(refused, timeout=5000, check_params_cb=lambda u: u.startswith("file:")):
        page.js("(function(){var a=document.createElement('a'); a.href='file:///etc/passwd'; document.body.appendChild(a); a.click(); return 1;})()")
    assert window.map.url().toString() == url
    assert any("example.com" in u for u in window.map.page().refused)
    assert page.js("typeof AtlasExplorer") == "object"


def test_hostile_names_stay_text(qtbot, hostile_window) -> None:
    page = Page(qtbot, hostile_window.map)
    hostile_window.go_to_view("okinawa")
    with qtbot.waitSignal(hostile_window.map.featureClicked, timeout=5000):
        page.click_feature("base:hostile")
    text = hostile_window.panel.text()
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert "<script>window.__pwned=2</script>" in text
    html = hostile_window.panel.browser.toHtml()
    assert "<img" not in html.replace("&lt;img", "")
    # Nothing ran in the page either: tooltips and the payload kept the strings as text.
    assert page.js("window.__pwned === undefined") is True
    assert page.js("document.querySelectorAll('img[src=x]').length") == 0


def test_window_state_is_remembered(qtbot, geodata_dir) -> None:
    from tests.gui.conftest import close_window, open_window

    first = open_window(qtbot, geodata_dir)
    first.resize(761, 597)  # within the offscreen screen (800x800): restoreGeometry clamps to it
    first.layer_actions["states"].setChecked(False)
    first.splitter.setSizes([450, 311])
    sizes = first.splitter.sizes()
    close_window(first)
    second = open_window(qtbot, geodata_dir, size=None)
    try:
        assert second.size().width() == 761 and second.size().height() == 597
        assert not second.layer_actions["states"].isChecked()
        assert second.splitter.sizes() == sizes
        page = Page(qtbot, second.map)
        assert "states" not in page.js("AtlasExplorer.visibleLayers()")
    finally:
        second.layer_actions["states"].setChecked(True)
        close_window(second)


@pytest.mark.js_errors_expected
def test_console_errors_reach_the_test_guard(qtbot, page: Page, js_console_is_clean) -> None:
    """The guard that fails a test on a console error really sees console errors."""
    page.js("(function(){console.error('deliberate test error'); return 1;})()")
    qtbot.waitUntil(lambda: any("deliberate test error" in r.getMessage() for r in js_console_is_clean), timeout=5000)
