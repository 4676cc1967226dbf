"""A real search: a results list over everything, Japanese and romanised, keyboard-driven."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import Page
import pytest

pytestmark = pytest.mark.gui


def type_text(widget, text: str) -> None:
    """Key events carrying each character, as a keyboard or input method delivers them.

    (QTest.keyClicks aborts on characters that have no key code, such as kana.)
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _type(qtbot, window, text: str) -> list[str]:
    window.panel.search.clear()
    type_text(window.panel.search, text)
    qtbot.waitUntil(lambda: window.panel.hits.isVisible(), timeout=3000)
    return [window.panel.results.item(i).text() for i in range(window.panel.results.count())]


def test_katakana_lists_the_camps(qtbot, window):
    rows = _type(qtbot, window, "キャンプ")
    camps = [b for b in window.catalog.layer("bases") if "キャンプ" in b.name_ja]
    assert len(rows) >= len(camps) >= 5
    assert all(r.startswith("Base — ") for r in rows[:len(camps)])
    assert any("Camp Hansen" in r for r in rows)


def test_kanji_and_romaji_find_futenma_and_enter_opens_it(qtbot, window):
    page = Page(qtbot, window.map)
    for text in ("普天間", "futenma"):
        rows = _type(qtbot, window, text)
        assert "Futenma" in rows[0], rows[:3]
    with qtbot.waitSignal(window.panel.featureRequested, timeout=3000) as sig:
        qtbot.keyClick(window.panel.search, Qt.Key.Key_Return)
    assert sig.args == ["base:futenma"]
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.state().selected") == "base:futenma", timeout=5000)
    assert "Marine Corps Air Station Futenma" in window.panel.text()


def test_arrow_keys_choose_the_hit_enter_opens(qtbot, window):
    rows = _type(qtbot, window, "camp")
    assert len(rows) > 2
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Down)
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Down)
    chosen = window.panel.results.currentItem().data(Qt.ItemDataRole.UserRole)
    assert window.panel.results.currentRow() == 2
    with qtbot.waitSignal(window.panel.featureRequested, timeout=3000) as sig:
        qtbot.keyClick(window.panel.search, Qt.Key.Key_Return)
    assert sig.args == [chosen]


def test_a_provision_title_opens_the_provision_and_highlights_what_it_governs(qtbot, window):
    page = Page(qtbot, window.map)
    p = window.catalog.provisions["provision:treaty1960-art6"]
    rows = _type(qtbot, window, p.title)
    assert rows[0].startswith("Provision — ")
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: p.short in window.panel.text(), timeout=3000)
    assert "Governs" in window.panel.text()
    expected = set(window.catalog.governed_by(p.id))
    qtbot.waitUntil(lambda: set(page.js("AtlasExplorer.state().highlight")) == expected, timeout=5000)


def test_no_results_says_so(qtbot, window):
    rows = _type(qtbot, window, "zzqxv")
    assert rows == [] and not window.panel.results.isVisible()
    assert window.panel.hits.text().startswith("No results for “zzqxv”")


def test_every_provision_is_in_the_law_browser(qtbot, window):
    law = window.panel.law
    listed = {law.topLevelItem(i).child(j).data(0, Qt.ItemDataRole.UserRole)
              for i in range(law.topLevelItemCount()) for j in range(law.topLevelItem(i).childCount())}
    assert listed == set(window.catalog.provisions)
    item = next(law.topLevelItem(i).child(j) for i in range(law.topLevelItemCount())
                for j in range(law.topLevelItem(i).childCount())
                if law.topLevelItem(i).child(j).data(0, Qt.ItemDataRole.UserRole) == "provision:treaty1960-art10")
    window.panel._law_item(item)
    assert "Art. X" in window.panel.text()
    window.panel.go_back()
