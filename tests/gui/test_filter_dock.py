"""The filter and timeline dock, driven like a user: real QTest mouse and key events on its widgets,
and the map's own count of drawn features (AtlasExplorer.shownCount) as the judge."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from explorer.atlas import timeline
from tests.gui.conftest import Page
import pytest

pytestmark = pytest.mark.gui


def shown(page: Page) -> int:
    return page.js("AtlasExplorer.shownCount()")


def wait_drawn(qtbot, window) -> Page:
    """The map drawn, and the dock opened the way a user opens it (its toolbar/menu action)."""
    assert not window.filter_dock.isVisible()  # closed on first run: the map keeps its width
    window.filter_dock.toggleViewAction().trigger()
    qtbot.waitUntil(window.filter_dock.isVisible, timeout=5000)
    page = Page(qtbot, window.map)
    qtbot.waitUntil(lambda: page.js("typeof AtlasExplorer !== 'undefined' && AtlasExplorer.featureCount()") > 0,
                    timeout=15000)
    return page


def test_dragging_the_slider_changes_what_the_map_shows(qtbot, window):
    page = wait_drawn(qtbot, window)
    tab = window.filter_dock.timeline_tab
    window.filter_dock.tabs.setCurrentWidget(tab)
    window.filter_dock.show()
    qtbot.waitUntil(lambda: tab.slider.isVisible(), timeout=5000)
    today = shown(page)
    slider = tab.slider
    # Drag the handle from the right end to the far left with real mouse events.
    qtbot.waitUntil(lambda: slider.width() > 50, timeout=5000)
    y = slider.height() // 2
    start = QPoint(slider.width() - 4, y)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for x in range(slider.width() - 4, -20, -max(1, slider.width() // 12)):
        QTest.mouseMove(slider, QPoint(max(x, 0), y))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(0, y))
    qtbot.waitUntil(lambda: window.session.state.to_json()["asOf"] == str(timeline.FIRST_YEAR), timeout=5000)
    qtbot.waitUntil(lambda: shown(page) < today, timeout=5000)
    early = shown(page)
    # Keyboard: Page Up steps ten years on; 1955 shows the launches of no later year.
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: window.session.state.to_json()["asOf"] == str(timeline.FIRST_YEAR + 10), timeout=5000)
    assert "1951 Security Treaty" in tab.law.toPlainText()
    assert "Futenma relocation" not in tab.law.toPlainText()
    # Back to today with the Today button: everything again.
    QTest.mouseClick(tab.today_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(page) == today, timeout=5000)
    assert early < today
    assert "superseded" in tab.law.toPlainText() and "Futenma relocation" in tab.law.toPlainText()


def test_play_advances_the_year_and_pause_stops(qtbot, window):
    wait_drawn(qtbot, window)
    tab = window.filter_dock.timeline_tab
    tab.timer.setInterval(50)
    window.session.update(as_of="1990")
    years = []
    tab.yearShown.connect(years.append)
    QTest.mouseClick(tab.play, Qt.MouseButton.LeftButton)
    assert tab.timer.isActive() and "Pause" in tab.play.text()
    qtbot.waitUntil(lambda: len(years) >= 3, timeout=5000)
    QTest.mouseClick(tab.play, Qt.MouseButton.LeftButton)  # pause
    assert not tab.timer.isActive()
    stopped = window.session.state.as_of
    qtbot.wait(100)
    assert window.session.state.as_of == stopped
    assert years[:3] == [1991, 1992, 1993]
    assert stopped.year >= 1993 and "Play" in tab.play.text()


def test_play_stops_at_today(qtbot, window):
    wait_drawn(qtbot, window)
    tab = window.filter_dock.timeline_tab
    tab.timer.setInterval(5)
    window.session.update(as_of=str(tab.today.year - 2))
    QTest.mouseClick(tab.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.timer.isActive(), timeout=5000)
    assert window.session.state.as_of is None and tab.slider.value() == tab.slider.maximum()


def test_facets_figures_and_clear_all(qtbot, window):
    page = wait_drawn(qtbot, window)
    dock = window.filter_dock
    everything = shown(page)
    ft = dock.filter_tab
    ft.check("service", "USMC")
    qtbot.waitUntil(lambda: window.session.state.to_json()["filter"] == {"service": ["USMC"]}, timeout=5000)
    ft.check("prefecture", "Okinawa")
    qtbot.waitUntil(lambda: window.session.state.to_json()["filter"] == {"prefecture": ["Okinawa"], "service": ["USMC"]},
                    timeout=5000)
    usmc_oki = [b for b in window.catalog.layer("bases") if b.service == "USMC" and b.prefecture == "Okinawa"]
    qtbot.waitUntil(lambda: shown(page) == len(usmc_oki), timeout=5000)
    text = ft.figures.text()
    assert text.startswith(f"{len(usmc_oki)} facilities")
    assert "km²" in text and "% of the national exclusive-use area" in text and "as of 2020-01-01" in text
    # The share is a lower bound, and the panel says why, with the data's counts.
    from explorer.atlas.figures import share_gap
    from explorer.present.shares import gap_note

    assert " · at least " in text and text.endswith(gap_note(share_gap(window.catalog)))
    # Counts in the tree follow the filter: the USMC box shows the Okinawa USMC count.
    labels = [ft.tree.topLevelItem(i).child(j).text(0) for i in range(ft.tree.topLevelItemCount())
              for j in range(ft.tree.topLevelItem(i).childCount())]
    assert f"USMC  ({len(usmc_oki)})" in labels
    # Grey instead of hide: nothing is hidden, the rest is greyed (not counted as shown).
    QTest.mouseClick(ft.grey_mode, Qt.MouseButton.LeftButton)
    assert window.session.state.filter_mode == "grey"
    QTest.mouseClick(ft.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(page) == everything, timeout=5000)
    assert window.session.state.filter is None


def test_filter_text_by_keyboard(qtbot, window):
    page = wait_drawn(qtbot, window)
    ft = window.filter_dock.filter_tab
    ft.text.setFocus()
    QTest.keyClicks(ft.text, "futenma")
    qtbot.waitUntil(lambda: shown(page) == 1, timeout=5000)
    assert window.session.state.to_json()["filter"] == {"text": "futenma"}
    assert window.filter_badge.text() == "filter on"
    window.session.update(as_of="1990")
    assert window.filter_badge.text() == "As of 1990 · filter on"
    QTest.mouseClick(ft.clear_button, Qt.MouseButton.LeftButton)
    window.session.update(as_of="")
    assert window.filter_badge.isHidden()


def panel_text(window) -> str:
    """The panel's text without the bidi isolates that wrap each data value."""
    return window.panel.text().replace("\u2068", "").replace("\u2069", "")


def test_panel_dossier_follows_the_date(qtbot, window):
    wait_drawn(qtbot, window)
    window.select_feature("base:futenma")
    window.session.update(as_of="1990")
    qtbot.waitUntil(lambda: "As of 1990-12-31" in panel_text(window), timeout=5000)
    assert "Futenma relocation to Henoko" not in panel_text(window)
    assert "under US administration until Okinawa's reversion" not in panel_text(window)
    assert "provided to US forces" in panel_text(window)
    window.session.update(as_of="1971")
    qtbot.waitUntil(lambda: "under US administration until Okinawa's reversion on 1972-05-15" in panel_text(window),
                    timeout=5000)
    window.session.update(as_of="")
    qtbot.waitUntil(lambda: "Futenma relocation to Henoko" in panel_text(window), timeout=5000)


def test_a_provision_in_the_timeline_opens_its_page_as_of_that_date(qtbot, window):
    wait_drawn(qtbot, window)
    tab = window.filter_dock.timeline_tab
    window.session.update(as_of="1961")
    assert "1951 Security Treaty" in tab.law.toPlainText()
    from PySide6.QtCore import QUrl

    tab.law.anchorClicked.emit(QUrl("provision:treaty1951-art1"))  # what a click on the link emits
    qtbot.waitUntil(lambda: window.panel.current == "provision:treaty1951-art1", timeout=5000)
    text = panel_text(window)
    assert "As of 1961-12-31: superseded on 1960-06-23 by 1960 Treaty, Art. IX" in text
    window.session.update(as_of="1955")
    qtbot.waitUntil(lambda: "As of 1955-12-31: in force" in panel_text(window), timeout=5000)


def _facet_item(tree, facet: str, value: str):
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            if top.child(j).data(0, Qt.ItemDataRole.UserRole) == (facet, value):
                return top.child(j)
    raise KeyError(value)


def _click_box(qtbot, tree, facet: str, value: str) -> QPoint:
    """A real click on the value's check box; returns where it landed."""
    item = _facet_item(tree, facet, value)
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    at = QPoint(rect.left() + 10, rect.center().y())  # the indicator sits at the row's left
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    return at


def test_facet_values_keep_their_places(qtbot, window):
    wait_drawn(qtbot, window)
    ft = window.filter_dock.filter_tab
    tree = ft.tree
    qtbot.waitUntil(lambda: tree.isVisible() and tree.viewport().height() > 100, timeout=5000)
    okinawa_before = tree.visualItemRect(_facet_item(tree, "prefecture", "Okinawa"))
    _click_box(qtbot, tree, "service", "USMC")
    qtbot.waitUntil(lambda: window.session.state.to_json().get("filter") == {"service": ["USMC"]}, timeout=5000)
    qtbot.wait(50)  # the tree is refilled after the update
    # The Prefecture list did not shrink: Okinawa is where it was, and a prefecture with no
    # Marine Corps facility is greyed with (0) instead of taken away.
    assert tree.visualItemRect(_facet_item(tree, "prefecture", "Okinawa")) == okinawa_before
    aomori = _facet_item(tree, "prefecture", "Aomori")
    assert aomori.text(0) == "Aomori  (0)"
    assert aomori.foreground(0).color() != _facet_item(tree, "prefecture", "Okinawa").foreground(0).color()
    # The next click, aimed where Okinawa was before, ticks Okinawa.
    at = QPoint(okinawa_before.left() + 10, okinawa_before.center().y())
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.waitUntil(lambda: window.session.state.to_json().get("filter")
                    == {"prefecture": ["Okinawa"], "service": ["USMC"]}, timeout=5000)
