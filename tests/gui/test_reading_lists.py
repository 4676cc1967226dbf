"""Lists people can read: the search results and the law browser, at the panel's real size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from explorer.gui.tips import tip
from tests.gui.test_search import type_text
import pytest

pytestmark = pytest.mark.gui


def _search(qtbot, window, text: str):
    panel = window.panel
    panel.search.setFocus()
    panel.search.clear()
    type_text(panel.search, text)
    qtbot.waitUntil(panel.hits.isVisible, timeout=3000)
    return panel


def test_results_show_six_rows_whole_without_sideways_scrolling(qtbot, window):
    panel = _search(qtbot, window, "普天間")
    results = panel.results
    assert results.isVisible() and results.count() >= 1
    row = results.sizeHintForRow(0)
    assert results.viewport().height() >= 6 * row, (results.viewport().height(), row)
    assert results.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not results.horizontalScrollBar().isVisible()
    assert results.textElideMode() == Qt.TextElideMode.ElideRight
    # a long line is elided, its whole text a tooltip; every row the viewport holds is whole
    panel = _search(qtbot, window, "camp")
    results = panel.results
    assert results.viewport().height() % results.sizeHintForRow(0) == 0
    longest = max((results.item(i) for i in range(results.count())), key=lambda it: len(it.text()))
    assert longest.toolTip() == tip(longest.text()) and "base:" not in longest.toolTip()


def test_hit_count_and_a_readable_no_results_hint(qtbot, window):
    panel = _search(qtbot, window, "camp")
    n = panel.results.count()
    assert panel.hits.text() == f"{n} matches" and n > 2
    panel = _search(qtbot, window, "xyzzy")
    assert not panel.results.isVisible()
    assert panel.hits.text().startswith("No results for “xyzzy”.")
    # as tall as a line of the panel's text, not a sliver
    assert panel.hits.height() >= QFontMetrics(panel.hits.font()).height()


def test_esc_clears_the_query_then_the_selection(qtbot, window):
    window.select_feature("base:kadena")
    qtbot.waitUntil(lambda: window.session.state.selected == "base:kadena", timeout=3000)
    panel = _search(qtbot, window, "futenma")
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and not panel.results.isVisible() and not panel.hits.isVisible()
    assert window.session.state.selected == "base:kadena"  # the first Esc was the search's
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.session.state.selected == "", timeout=3000)


def test_opening_a_hit_clears_the_query(qtbot, window):
    panel = _search(qtbot, window, "futenma")
    with qtbot.waitSignal(panel.featureRequested, timeout=3000):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.search.text() == "" and not panel.results.isVisible() and not panel.hits.isVisible()


def test_law_tab_names_instruments_as_people_do(qtbot, window):
    panel = window.panel
    panel.tabs.setCurrentWidget(panel.law)
    law = panel.law
    tops = {law.topLevelItem(i).text(0): law.topLevelItem(i) for i in range(law.topLevelItemCount())}
    for name in ("1960 Treaty", "1951 Security Treaty", "SOFA (1960)", "US-ROK MDT (1954)"):
        assert name in tops, sorted(tops)
    assert len(set(tops)) == len(tops)  # no two rows read the same
    assert "Treaty of Mutual Cooperation and Security" in tops["1960 Treaty"].toolTip(0)
    art6 = next(tops["1960 Treaty"].child(j) for j in range(tops["1960 Treaty"].childCount())
                if tops["1960 Treaty"].child(j).text(0).startswith("Art. VI "))
    assert "Facilities and areas for US forces" in art6.text(0)
    # the names fit their column whole: nothing elided at the panel's width
    width = law.columnWidth(0)
    fm = QFontMetrics(law.font())
    for name in ("1960 Treaty", "1951 Security Treaty", "SOFA (1960)", "US-ROK MDT (1954)"):
        indent = law.indentation()
        assert fm.horizontalAdvance(name) + indent < width, (name, width)
    assert law.columnWidth(1) >= fm.horizontalAdvance("Governs")
