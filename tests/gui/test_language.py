"""The window in Japanese: its own words, Qt's, the font, and View ▸ Language without a restart."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialogButtonBox, QDockWidget, QLabel, QLineEdit,
                               QMenu, QTabWidget, QWidget)

from explorer import i18n
from explorer.present import labels
from tests import userlayer_files as files
from tests.gui.conftest import close_window, open_layer, open_window

pytestmark = pytest.mark.gui

#: Words that stay as they are in Japanese text: formats, acronyms, key names, proper names.
ALLOWED = {"PNG", "PDF", "KML", "KMZ", "GeoJSON", "GeoPackage", "Shapefile", "FlatGeobuf", "GPX", "CSV", "HTML",
           "SOFA", "USFK", "Ctrl", "Shift", "Alt", "Left", "Right", "Page", "Down", "Enter", "Esc", "YYYY",
           "Alliance", "Explorer", "Natural", "Earth", "GSHHG", "GeoNames", "Google", "LGPL", "English"}
ENGLISH = re.compile(r"[A-Za-z]{4,}")


def english_words(text: str) -> list[str]:
    return [w for w in ENGLISH.findall(text.replace("&", "")) if w not in ALLOWED]


def menu_actions(menu: QMenu):
    for action in menu.actions():
        yield action
        if action.menu() is not None:
            yield from menu_actions(action.menu())


def chrome_texts(window) -> dict[str, str]:
    """Every piece of the window's own chrome a reader sees, by where it is (not the map page or panel pages)."""
    out: dict[str, str] = {}
    for top in window.menuBar().actions():
        out[f"menu {top.text()}"] = top.text()
        for a in menu_actions(top.menu()):
            out[f"action {a.text()}"] = a.text()
            out[f"action tip {a.text()}"] = a.toolTip()
    for bar in window.findChildren(QWidget):
        if bar.metaObject().className() == "QToolBar":
            out[f"toolbar {bar.objectName()}"] = bar.windowTitle()
            for a in bar.actions():
                out[f"toolbar action {a.text()}"] = a.text()
                out[f"toolbar tip {a.text()}"] = a.toolTip()
    skip = [window.map, window.panel.browser, window.filter_dock.filter_tab.figures]  # page, presenter's text
    for w in window.findChildren(QWidget):
        if any(w is s or s.isAncestorOf(w) for s in skip):
            continue
        name = f"{type(w).__name__} {w.objectName()}"
        if w.toolTip():
            tip = w.toolTip()
            for series in getattr(w, "series", ()):  # the opinion chart names each survey as its record does
                tip = tip.replace(series.label, "")
            out[f"tip {name} {w.toolTip()[:30]}"] = tip
        if isinstance(w, QDockWidget):
            out[f"dock {w.objectName()}"] = w.windowTitle()
        if isinstance(w, QLabel) and w.text():
            # The legend's words for dated symbols are the presenter's (labels.DATED_SYMBOLS), quoted here.
            out[f"label {w.text()[:30]}"] = w.text().replace(i18n.tr(labels.DATED_SYMBOLS), "")
        if isinstance(w, QAbstractButton) and w.text():
            out[f"button {w.text()}"] = w.text()
        if isinstance(w, QLineEdit) and w.placeholderText():
            out[f"placeholder {w.placeholderText()}"] = w.placeholderText()
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                out[f"tab {w.tabText(i)}"] = w.tabText(i)
    out["status"] = window.statusBar().currentMessage()
    return out


@pytest.fixture
def japanese(qapp):
    from explorer.gui import language

    language.apply(qapp, "ja")
    yield
    language.apply(qapp, "en")


def test_a_japanese_window_has_no_english_left_in_its_chrome(qtbot, geodata_dir, japanese):
    window = open_window(qtbot, geodata_dir)
    try:
        window.filter_dock.show()
        window.select_feature("base:kadena")
        window.session.update(as_of="1990")
        qtbot.waitUntil(lambda: window.selection_label.text().startswith("選択中："), timeout=5000)
        assert window.menu("file").title() == "ファイル(&F)"
        assert window.menu("view").title() == "表示(&V)"
        assert window.filter_dock.windowTitle() == "絞り込み・年表"
        assert window.panel.tabs.tabText(1) == "法令"
        assert window.action("view:okinawa").text() == "沖縄"
        assert window.action("export").toolTip().startswith("地図を書き出す")
        assert "嘉手納飛行場" in window.selection_label.text()
        assert window.filter_badge.text() == "1990年時点"
        assert "地図上の項目は" in window.filter_dock.timeline_tab.message.text()
        texts = chrome_texts(window)
        assert len(texts) > 100
        left = {where: english_words(text) for where, text in texts.items() if english_words(text)}
        assert left == {}, left
    finally:
        close_window(window)


def test_qt_own_buttons_and_the_font_follow_the_language(qapp):
    from explorer.gui import language

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    try:
        i18n.set_language("ja")
        loaded = language.qt_translations(qapp, "ja")
        assert "qtbase" in loaded
        box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box2.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "").startswith("キャンセル")
        # Qt's catalogue leaves a few file-dialog words in English: ours fills them, and lets Qt answer the rest.
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "場所(&L):"
        assert QCoreApplication.translate("QFileDialog", "File &name:") == "ファイル名(&N):"
        font = language.apply_font(qapp, "ja")
        from PySide6.QtGui import QFontDatabase

        if language.JAPANESE_FONT in QFontDatabase.families():
            assert font.families()[0] == language.JAPANESE_FONT
            assert qapp.font().families()[0] == language.JAPANESE_FONT
    finally:
        i18n.set_language("en")
        assert language.qt_translations(qapp, "en") == []
        language.apply_font(qapp, "en")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
    box3 = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box3.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"
    assert language.JAPANESE_FONT not in qapp.font().families()
    box.deleteLater()
    box2.deleteLater()
    box3.deleteLater()


def test_an_english_window_is_unchanged(qtbot, geodata_dir):
    window = open_window(qtbot, geodata_dir)
    try:
        assert i18n.language() == "en"
        assert [a.text() for a in window.menuBar().actions()] == [
            "&File", "&Edit", "&View", "&Analysis", "&Bookmarks", "&Help"]
        assert window.filter_dock.windowTitle() == "Filter && timeline"
        assert window.action("view:okinawa").toolTip() == "Show Okinawa (Ctrl+1)"
        assert window.statusBar().currentMessage() == "Map ready. Click a feature to read its dossier."
        cjk = {where: text for where, text in chrome_texts(window).items()
               if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) and text != "日本語"}
        assert cjk == {}
        langs = [a for a in window.language_menu.actions()]
        assert [a.text() for a in langs] == ["English", "日本語"]
        assert [a.isChecked() for a in langs] == [True, False]
    finally:
        close_window(window)


def _switcher(qapp, window):
    from explorer import store
    from explorer.gui.language import Switcher
    from explorer.gui.window import MainWindow

    sw = Switcher(qapp, MainWindow, lambda ws: store.app_page(ws, None))
    sw.adopt(window)
    return sw


def _choose(qtbot, window, lang: str):
    """View ▸ Language ▸ <lang>, as the menu's click does; returns the window that replaced this one."""
    (action,) = [a for a in window.language_menu.actions() if a.data() == lang]
    old = window
    action.trigger()
    return old


def test_view_language_switches_in_place_and_keeps_layers_date_and_selection(qtbot, qapp, geodata_dir, tmp_path):
    from explorer.gui.settings import saved_language, start_language

    window = open_window(qtbot, geodata_dir)
    sw = _switcher(qapp, window)
    try:
        lid = open_layer(qtbot, window, files.geojson(tmp_path))
        window.filter_dock.show()
        window.select_feature("base:futenma")
        window.session.update(as_of="2004")
        window.filter_dock.tabs.setCurrentWidget(window.filter_dock.timeline_tab)
        window.panel.tabs.setCurrentIndex(1)  # the Law tab
        before = window.session.state
        window.resize(780, 765)  # within the offscreen screen and above the docks' minimum: kept exactly
        qtbot.waitUntil(lambda: window.size().width() == 780)
        size = window.size()

        _choose(qtbot, window, "ja")
        new = sw.window
        assert new is not window and window.retired
        with qtbot.waitSignal(new.map.drawn, timeout=60000):
            pass  # the page for the new language draws (the switch returned before the event loop ran)
        assert i18n.language() == "ja"
        assert new.menu("view").title() == "表示(&V)"
        assert new.workspace is window.workspace and lid in [u.id for u in new.workspace.user_layers()]
        assert lid in new.session.state.layers and lid in new.layer_actions
        state = new.session.state
        assert (state.selected, state.as_of, state.layers) == (before.selected, before.as_of, before.layers)
        assert state.camera == before.camera
        assert new.size() == size
        assert new.filter_dock.isVisible()
        assert new.filter_dock.tabs.currentWidget() is new.filter_dock.timeline_tab
        assert new.panel.tabs.currentIndex() == 1 and new.panel.current == "base:futenma"
        assert "2004年" in new.filter_dock.timeline_tab.message.text()
        assert [a.isChecked() for a in new.language_menu.actions()] == [False, True]
        assert new.user_layers.dock.list.count() == 1
        assert saved_language() == "ja"
        assert start_language(None) == "ja"  # the next start, whatever the locale
        assert start_language("en") == "en"  # --lang wins
        i18n.set_language("ja")

        _choose(qtbot, new, "en")
        back = sw.window
        with qtbot.waitSignal(back.map.drawn, timeout=60000):
            pass
        assert back is not new and i18n.language() == "en"
        assert back.menu("view").title() == "&View"
        assert lid in [u.id for u in back.workspace.user_layers()]
        state = back.session.state
        assert (state.selected, state.as_of, state.layers) == (before.selected, before.as_of, before.layers)
        assert saved_language() == "en"
    finally:
        close_window(sw.window)  # the window shown now; the ones it replaced are gone already
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        from explorer.gui import language

        language.apply(QApplication.instance(), "en")


def test_start_language_is_cli_then_saved_then_locale(monkeypatch):
    from explorer.gui.settings import save_language, settings, start_language

    settings().clear()
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert start_language(None) == "ja" and i18n.language() == "ja"
    assert start_language("en") == "en"
    save_language("en")
    assert start_language(None) == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    save_language("ja")
    assert start_language(None) == "ja"
    assert start_language("EN") == "en"
