"""Where features overlap, a click lists the others under the pointer, and one more click opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.gui.conftest import Page


def test_the_senkaku_marker_under_a_range_symbol_can_be_chosen(qtbot, window):
    page = Page(qtbot, window.map)
    window.go_to_view("japan")
    qtbot.wait(500)
    with qtbot.waitSignal(window.map.hereClicked, timeout=5000) as here:
        page.click_feature("threat:senkaku")
    ids = here.args[0]
    assert "threat:senkaku" in ids and len(ids) >= 2, ids  # the marker and the range symbol over it
    chosen, other = ids[0], next(i for i in ids if i != ids[0])
    qtbot.waitUntil(lambda: window.session.state.selected == chosen, timeout=5000)
    name = window.catalog.features[other].name
    qtbot.waitUntil(lambda: "Also under the pointer" in window.panel.text(), timeout=3000)
    assert name in window.panel.text().split("\n")[0]
    # A real click on the other's name opens it.
    browser = window.panel.browser
    found = browser.document().find(name)
    at = QTextCursor(found)
    at.setPosition(found.selectionStart() + 1)
    with qtbot.waitSignal(window.panel.featureRequested, timeout=3000):
        qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=browser.cursorRect(at).center())
    qtbot.waitUntil(lambda: window.session.state.selected == other, timeout=5000)
    # and its page lists the first, so the two can be compared back and forth
    assert window.catalog.features[chosen].name in window.panel.text().split("\n")[0]


def test_a_click_on_one_feature_alone_lists_nothing(qtbot, window):
    page = Page(qtbot, window.map)
    window.go_to_view("okinawa")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getZoom()") >= 9, timeout=5000)
    with qtbot.waitSignal(window.map.hereClicked, timeout=5000) as here:
        page.click_feature("base:futenma")
    assert here.args[0][0] == "base:futenma"
    qtbot.waitUntil(lambda: "Marine Corps Air Station Futenma" in window.panel.text(), timeout=3000)
    assert here.args[0] == ["base:futenma"]  # Japan's area under it is no choice worth offering
    assert "Also under the pointer" not in window.panel.text()
