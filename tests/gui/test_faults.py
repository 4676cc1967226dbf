"""Faults the app survives: a killed renderer, poisoned settings, a huge word in the data."""

from __future__ import annotations

import json
import os
import signal

import pytest

from tests.gui.conftest import Page, close_window, open_window

pytestmark = pytest.mark.gui


@pytest.mark.js_errors_expected
def test_a_killed_renderer_comes_back_with_the_same_selection(qtbot, window):
    page = Page(qtbot, window.map)
    window.go_to_view("okinawa")
    window.select_feature("base:futenma")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.state().selected") == "base:futenma", timeout=5000)
    # The page has told the window where the focus took it (a focus on a point keeps the zoom it finds,
    # so a page killed before that report would come back at the zoom a fresh page finds instead).
    qtbot.waitUntil(lambda: not window.session.state.camera.focus, timeout=5000)
    camera = page.js("[AtlasExplorer.map().getZoom(), AtlasExplorer.map().getCenter().lat]")
    pid = window.map.page().renderProcessPid()
    assert pid > 0
    with qtbot.waitSignal(window.map.rendererRestarted, timeout=10000):
        os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: "reloaded" in window.statusBar().currentMessage(), timeout=10000)
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.state().selected") == "base:futenma", timeout=10000)
    again = page.js("[AtlasExplorer.map().getZoom(), AtlasExplorer.map().getCenter().lat]")
    assert again[0] == camera[0] and again[1] == pytest.approx(camera[1], abs=1e-4)
    assert window.map.page().renderProcessPid() not in (0, pid)
    assert "Marine Corps Air Station Futenma" in window.panel.text()


@pytest.mark.parametrize("poison", [
    '{"camera": {"center": [1e308, 0], "zoom": 5}}',
    '{"camera": {"center": [NaN, 127.0], "zoom": 5}}',
    '{"camera": {"view": ["okinawa"]}}',
    '{"layers": 3}',
    '{"selected": {"id": "base:kadena"}}',
    "[[[[[[[[[[[[[[[[[[[[",
    "\x00\x01garbage\ud800",
    '{"rings": [{"lat": 95, "lon": 0, "km": 1}]}',
    '{"measure": "everywhere"}',
])
def test_poisoned_settings_never_stop_the_map(qtbot, tmp_path, monkeypatch, geodata_dir, poison):
    from explorer.gui.settings import settings

    path = tmp_path / "poisoned.ini"
    monkeypatch.setenv("ALLIANCE_EXPLORER_SETTINGS", str(path))
    s = settings()
    s.setValue("map/state", poison)
    s.setValue("window/geometry", "not bytes")
    s.setValue("window/splitter", 42)
    s.sync()
    win = open_window(qtbot, geodata_dir)
    try:
        page = Page(qtbot, win.map)
        assert page.js("AtlasExplorer.shownCount()") > 50
        assert win.session.state.camera.view == "japan" and win.session.state.selected == ""
    finally:
        close_window(win)


def test_a_million_character_word_is_cut_for_layout(qtbot, window):
    import dataclasses

    f = window.catalog.features["base:futenma"]
    window.catalog.features["base:futenma"] = dataclasses.replace(f, note="x" * 1_000_000)
    try:
        from explorer.present.panel_html import MAX_SHOWN

        window.panel.show_feature("base:futenma")
        text = window.panel.text()
        assert "x" * MAX_SHOWN in text and "x" * (MAX_SHOWN + 1) not in text
        assert "Show the full text" in text
    finally:
        window.catalog.features["base:futenma"] = f


def test_reset_settings_forgets_the_map_state(tmp_path, monkeypatch):
    import subprocess
    import sys

    path = tmp_path / "s.ini"
    from explorer.gui.settings import settings

    monkeypatch.setenv("ALLIANCE_EXPLORER_SETTINGS", str(path))
    s = settings()
    s.setValue("map/state", json.dumps({"selected": "base:kadena"}))
    s.sync()
    env = {**os.environ, "ALLIANCE_EXPLORER_SETTINGS": str(path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "explorer.cli", "--reset-settings", "--no-err-windows",
                           "--quit-after-drawn"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "base:kadena" not in path.read_text(encoding="utf-8")
