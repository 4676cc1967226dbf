"""Small consistencies: the status bar follows the selection; one "Your layers" in the View menu."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import Page
import pytest

pytestmark = pytest.mark.gui


def test_status_bar_follows_the_selection(qtbot, window, page: Page) -> None:
    window.go_to_view("okinawa")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getZoom()") >= 9, timeout=5000)
    name = window.catalog.features["base:futenma"].name
    with qtbot.waitSignal(window.map.featureClicked, timeout=5000):
        page.click_feature("base:futenma")
    qtbot.waitUntil(lambda: window.selection_label.text() == f"Selected: {name}", timeout=3000)
    assert window.selection_label.isVisible()
    qtbot.wait(4500)  # longer than any passing message: the name stays while the base is selected
    assert window.selection_label.text() == f"Selected: {name}"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.session.state.selected == "", timeout=3000)
    assert window.selection_label.text() == "" and not window.selection_label.isVisible()
    assert name not in window.statusBar().currentMessage()


def test_one_your_layers_in_the_view_menu(qtbot, window) -> None:
    view = window.menu("view")
    named = [a for a in view.actions() if "your layers" in a.text().replace("&", "").lower()]
    assert len(named) == 1 and named[0].menu() is window.menu("userlayers") and named[0].isVisible()
    inside = [a.text().replace("&", "") for a in window.menu("userlayers").actions() if not a.isSeparator()]
    assert inside[:2] == ["Open layer…", "Show the panel"]
    panel = window.action("userlayers-dock")
    panel.trigger()
    qtbot.waitUntil(lambda: window.user_layers.dock.isVisible(), timeout=3000)
    panel.trigger()
    qtbot.waitUntil(lambda: not window.user_layers.dock.isVisible(), timeout=3000)
