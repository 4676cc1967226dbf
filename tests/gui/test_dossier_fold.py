"""A dossier you can scan: a summary line, then sections folded and unfolded by a click, remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
import pytest

pytestmark = pytest.mark.gui


def _click_text(qtbot, browser, needle: str) -> None:
    """A real mouse click on the first place ``needle`` is shown in the browser."""
    doc = browser.document()
    cursor = doc.find(needle)
    assert not cursor.isNull(), needle
    at = QTextCursor(cursor)
    at.setPosition(cursor.selectionStart() + 2)
    browser.setTextCursor(at)
    browser.ensureCursorVisible()
    point = browser.cursorRect(at).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_sections_fold_and_unfold_and_are_remembered(qtbot, window):
    from explorer.gui.panel import DossierPanel

    panel = window.panel
    window.select_feature("base:futenma")
    qtbot.waitUntil(lambda: "Marine Corps Air Station Futenma" in panel.text(), timeout=5000)
    dd_first = window.catalog.dossier("base:futenma").provisions[0].title
    text = panel.text()
    assert "treaty provisions," in text and dd_first in text
    _click_text(qtbot, panel.browser, "Treaty provisions (")
    qtbot.waitUntil(lambda: dd_first not in panel.text(), timeout=3000)
    assert "▸ Treaty provisions (" in panel.text() and "Controversies (" in panel.text()
    assert panel.folded == {"provisions"}
    # Another dossier opens with the same section folded; a new panel (the next start) remembers it.
    window.select_feature("base:kadena")
    qtbot.waitUntil(lambda: "Kadena" in panel.text() and "▸ Treaty provisions (" in panel.text(), timeout=5000)
    fresh = DossierPanel(window.session)
    try:
        assert fresh.folded == {"provisions"}
    finally:
        fresh.deleteLater()
    _click_text(qtbot, panel.browser, "Treaty provisions (")
    qtbot.waitUntil(lambda: "▾ Treaty provisions (" in panel.text(), timeout=3000)
    assert panel.folded == frozenset()
