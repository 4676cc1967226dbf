"""Briefing mode: every step's map state reaches the page, the text shows, Esc restores the map."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence

from explorer.atlas import briefing as briefing_mod
from explorer.mapping.state import MapState
from explorer.mapping.views import VIEWS
from tests.gui.conftest import Page

pytestmark = pytest.mark.gui


def _page_matches(page: Page, state: MapState) -> bool:
    got = page.js("AtlasExplorer.state()")
    return (sorted(got["layers"]) == sorted(state.layers) and got["selected"] == state.selected
            and sorted(got["highlight"]) == sorted(state.highlight))


def _in_view(page: Page, state: MapState, catalog) -> bool:
    lat, lon = page.js("AtlasExplorer.state().center")
    cam = state.camera
    if cam.focus:
        f = catalog.features[cam.focus]
        return page.js(f"AtlasExplorer.map().getBounds().contains([{f.lat}, {f.lon}])")
    (s, w), (n, e) = VIEWS[cam.view].bounds
    return s <= lat <= n and w <= lon <= e


def test_briefing_steps_through_every_state_and_esc_restores(qtbot, window, catalog, geodata_dir):
    page = Page(qtbot, window.map)
    briefing = briefing_mod.read(geodata_dir)
    n = len(briefing.steps)
    # The map as the user left it: Kadena selected, bases only, Okinawa.
    window.select_feature("base:kadena")
    window.session.update(layers=("bases",))
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.state().selected") == "base:kadena"
                    and page.js("AtlasExplorer.visibleLayers()") == ["bases"], timeout=10000)
    before = window.session.state
    before_page = page.js("AtlasExplorer.state()")

    ctl = window.briefing
    assert ctl.start_action.shortcut().toString() == "F5"
    ctl.start_action.trigger()
    assert ctl.active and ctl.dock.isVisible()
    for i, step in enumerate(briefing.steps):
        state = MapState.from_json(step.state_json())
        assert ctl.index == i
        assert ctl.progress.text() == f"{i + 1} / {n}"
        qtbot.waitUntil(lambda: _page_matches(page, state), timeout=10000)
        qtbot.waitUntil(lambda: _in_view(page, state, catalog), timeout=10000)
        shown = ctl.text.toPlainText()
        assert step.title in shown and step.paragraphs[0][:80] in shown
        assert window.session.state.layers == state.layers
        if state.selected:  # the panel follows the session: the step's feature's dossier is open
            qtbot.waitUntil(lambda: catalog.features[state.selected].name in window.panel.text(), timeout=5000)
        if i < n - 1:
            # Alternate the keys: the arrow keys on the dock, PageDown through the action.
            if i % 2:
                qtbot.keyClick(ctl.pane, Qt.Key.Key_Right)
            else:
                ctl.next_action.trigger()
    # At the end, Next does nothing; Previous (arrow and PageUp) goes back.
    ctl.next()
    assert ctl.index == n - 1
    qtbot.keyClick(ctl.pane, Qt.Key.Key_Left)
    assert ctl.index == n - 2
    ctl.prev_action.trigger()
    assert ctl.index == n - 3
    assert ctl.prev_action.shortcut().toString() == "PgUp" and ctl.next_action.shortcut().toString() == "PgDown"

    # Esc belongs to the briefing while it runs (the head of the window's Esc chain), and leaves it,
    # restoring the map as it was.
    assert window.action("escape").shortcut().toString() == "Esc"
    with qtbot.waitSignal(ctl.ended, timeout=5000):
        window.action("escape").trigger()
    assert not ctl.active and not ctl.dock.isVisible()
    assert window.session.state == before
    qtbot.waitUntil(lambda: _page_matches(page, before), timeout=10000)

    def back_where_it_was() -> bool:
        after = page.js("AtlasExplorer.state()")
        return after["center"] == pytest.approx(before_page["center"], abs=1e-4) and after["zoom"] == before_page["zoom"]

    # Even when the page's report of the last step's move arrives after the restore.
    qtbot.waitUntil(back_where_it_was, timeout=10000)
    qtbot.wait(300)
    assert back_where_it_was() and window.session.state.camera == before.camera
    # The session follows the page's moves again, as outside the briefing.
    window.go_to_view("korea")
    qtbot.waitUntil(lambda: window.session.state.camera.center is not None
                    and 33 <= window.session.state.camera.center[0] <= 43, timeout=10000)
    # ... and Esc clears the selection again, as it did before the briefing.
    esc = [a for a in window.actions() if a.shortcut().toString() == "Esc"]
    assert len(esc) == 1 and esc[0] is not ctl.leave_action


def test_record_links_open_dossiers(qtbot, window):
    page = Page(qtbot, window.map)
    ctl = window.briefing
    ctl.start_action.trigger()
    ctl.go(briefing_mod.read(window.catalog.root).index("futenma"))
    html = ctl.text.toHtml()
    assert "record:base:schwab" in html and "record:controversy:futenma-henoko" in html
    ctl.text.anchorClicked.emit(QUrl("record:base:schwab"))
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.state().selected") == "base:schwab", timeout=10000)
    assert "Camp Schwab" in window.panel.text()
    ctl.text.anchorClicked.emit(QUrl("record:controversy:futenma-henoko"))
    assert set(window.session.state.highlight) == set(window.catalog.concerned_by("controversy:futenma-henoko"))
    with qtbot.waitSignal(ctl.ended, timeout=5000):
        ctl.leave()


def test_a_broken_briefing_is_one_message(qtbot, atlas_copy, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import close_window, open_window

    (atlas_copy.root / "briefing.toml").write_text("title = 'x'\n[[step]]\nid = 'a'\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    win = open_window(qtbot, atlas_copy.root)
    try:
        before = win.session.state
        assert win.briefing.start() is False
        assert len(shown) == 1 and "briefing.toml" in shown[0]
        assert not win.briefing.active and win.session.state == before
    finally:
        close_window(win)


def test_print_dialog_writes_a_paged_feature_sheet(qtbot, window, tmp_path):
    from pypdf import PdfReader

    from explorer.gui.print_dialog import PrintDialog

    assert window.print_action.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Print))
    window.select_feature("base:kadena")
    dialog = PrintDialog(window)
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    dialog.landscape.setChecked(True)
    dialog.path.setText(str(tmp_path / "kadena"))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=60000)
    assert dialog.written == tmp_path / "kadena.pdf"
    reader = PdfReader(str(dialog.written))
    assert len(reader.pages) >= 2
    for p in reader.pages:  # Letter landscape: 792 x 612 pt
        assert float(p.mediabox.width) == pytest.approx(792, abs=1) and float(p.mediabox.height) == pytest.approx(612, abs=1)
    assert "Kadena Air Base" in reader.pages[0].extract_text()
    dialog.deleteLater()
