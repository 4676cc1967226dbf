"""Issue 11 in the window: range rings placed by a click, their coverage, undo, CSV, and the measure tool."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialogButtonBox

from explorer.atlas import coverage as cv
from explorer.gui.settings import settings
from explorer.gui.window import restored_state
import pytest

pytestmark = pytest.mark.gui


def _map_point(page, fx: float, fy: float) -> dict:
    """Client pixel at fractions (fx, fy) of the map, and the lat/lon there."""
    return page.js("(function(){var m=AtlasExplorer.map(), r=m.getContainer().getBoundingClientRect();"
                   f"var x=r.width*{fx}, y=r.height*{fy}, ll=m.containerPointToLatLng([x,y]);"
                   "return {x: r.left+x, y: r.top+y, lat: ll.lat, lon: ll.lng};})()")


def _tool_on(page) -> bool:
    return page.js("AtlasExplorer.map().getContainer().classList.contains('atlas-tool')")


def _okinawa(qtbot, window, page) -> None:
    window.go_to_view("okinawa")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getZoom()") >= 8, timeout=5000)


def test_a_ring_placed_by_a_click_lists_and_highlights_the_bases_it_covers(qtbot, window, page, tmp_path,
                                                                         monkeypatch):
    an = window.analysis
    _okinawa(qtbot, window, page)
    an.ring_action.trigger()  # toolbar / menu / Ctrl+R
    qtbot.waitUntil(lambda: _tool_on(page), timeout=5000)
    where = _map_point(page, 0.5, 0.5)
    page.click_at(where["x"], where["y"])
    qtbot.waitUntil(lambda: an.dialog is not None and an.dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: not _tool_on(page), timeout=5000)  # the ring tool is one click
    dlg = an.dialog
    dlg.km.clear()
    qtbot.keyClicks(dlg.km, "1000")
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    (ring,) = window.session.state.rings
    assert ring["km"] == 1000.0
    assert abs(ring["lat"] - where["lat"]) < 1e-3 and abs(ring["lon"] - where["lon"]) < 1e-3
    expected = cv.coverage(window.catalog, cv.Ring("x", "x", ((ring["lat"], ring["lon"]),), 1000.0))
    assert expected.count > 10
    text = window.panel.text()
    assert f"Bases within range ({expected.count})" in text
    assert "Kadena Air Base" in text and "Assumptions" in text and "No trajectory" in text
    # the covered bases are highlighted on the map, and the ring is drawn with its label
    ids = {c.id for c in expected.bases}
    qtbot.waitUntil(lambda: set(page.js("AtlasExplorer.state().highlight")) == ids, timeout=5000)
    assert any("1,000 km" in t for t in page.js("AtlasExplorer.overlayText()"))

    # sortable: a header link re-renders in another order; the same link again reverses it
    names = sorted((c.name for c in expected.bases), key=str.casefold)
    window.panel.browser.anchorClicked.emit(QUrl("sort:name"))
    text = window.panel.text()
    assert text.index(names[0]) < text.index(names[-1])
    assert window.panel.browser.textCursor().charFormat().anchorHref() == "sort:name"  # focus kept for Enter
    window.panel.browser.setFocus()
    qtbot.keyClick(window.panel.browser, Qt.Key.Key_Return)  # keyboard: Enter on the focused header
    text = window.panel.text()
    assert text.index(names[-1]) < text.index(names[0])

    # Save as CSV… writes the table in the order shown
    out = tmp_path / "cov.csv"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    window.panel.browser.anchorClicked.emit(QUrl("csv:save"))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == names[::-1]
    assert {r["id"] for r in rows} == ids

    # saved in settings with the ring
    window.save_settings()
    assert restored_state(settings().value("map/state"))[0].rings == window.session.state.rings

    # undo removes the ring, its highlight and its panel; redo brings the ring back
    an.undo_action.trigger()
    assert window.session.state.rings == () and window.session.state.highlight == ()
    assert "Bases within range" not in window.panel.text()
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.overlayText()") == [], timeout=5000)
    an.redo_action.trigger()
    assert len(window.session.state.rings) == 1
    an.show_ring(ring["id"])
    window.panel.browser.anchorClicked.emit(QUrl(f"unring:{ring['id']}"))
    assert window.session.state.rings == ()


def test_a_ring_at_a_place_of_the_atlas_with_a_published_range(qtbot, window):
    an = window.analysis
    an.place_ring_action.trigger()
    dlg = an.dialog
    names = [dlg.place.itemText(i) for i in range(dlg.place.count())]
    dlg.place.setCurrentIndex(next(i for i, n in enumerate(names) if n.startswith("Taipei")))
    texts = [dlg.missile.itemText(i) for i in range(dlg.missile.count())]
    dlg.missile.setCurrentIndex(next(i for i, t in enumerate(texts) if t.startswith("DF-21D")))
    assert dlg.km.value() == 1450.0  # the one range read (NASIC via ONI)
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    (ring,) = window.session.state.rings
    assert ring["threat"] == "threat:range-df21d" and ring["label"].endswith("from Taipei")
    text = window.panel.text()
    assert "DF-21D anti-ship ballistic missile" in text  # the published range, linked and cited
    assert "Sources for this range" in text
    # a base's dossier now lists the user's ring among the ranges that reach it
    window.select_feature("base:kadena")
    text = window.panel.text()
    assert "Within range of" in text and ring["label"] in text and "(yours)" in text
    assert "Taipei" in text and "Pyongyang" in text and "nmi" in text


def test_selecting_a_published_range_band_highlights_its_bases(qtbot, window, page):
    window.select_feature("threat:range-nodong")
    cov = cv.coverage(window.catalog, [r for r in cv.rings_from_catalog(window.catalog)
                                       if r.id == "threat:range-nodong"][0])
    qtbot.waitUntil(lambda: len(window.session.state.highlight) == cov.count, timeout=5000)
    qtbot.waitUntil(lambda: len(page.js("AtlasExplorer.state().highlight")) == cov.count, timeout=5000)
    text = window.panel.text()
    assert f"Bases within range ({cov.count})" in text
    assert f"{cov.figures.share_pct:.1f}%" in text and str(cov.figures.as_of) in text
    assert "Launch point (approximate)" in text


def test_measure_shows_geodesic_distances_and_esc_ends_the_tool_first(qtbot, window, page):
    an = window.analysis
    _okinawa(qtbot, window, page)
    an.measure_action.trigger()
    qtbot.waitUntil(lambda: _tool_on(page), timeout=5000)
    a, b = _map_point(page, 0.3, 0.3), _map_point(page, 0.7, 0.7)
    for p in (a, b):
        page.click_at(p["x"], p["y"])
    qtbot.waitUntil(lambda: len(window.session.state.measure) == 2, timeout=5000)
    d = cv.distance(*window.session.state.measure)
    msg = window.statusBar().currentMessage()
    assert f"{d.km:,.1f} km" in msg and f"{d.nmi:,.1f} nmi" in msg and f"{d.mi:,.1f} mi" in msg
    assert f"bearing {d.bearing_deg:.1f}°" in msg
    qtbot.waitUntil(lambda: any(f"{d.km:,.1f} km" in t for t in page.js("AtlasExplorer.overlayText()")),
                    timeout=5000)
    window.select_feature("base:kadena")
    window.clear_action.trigger()  # Esc: ends the tool, keeps the selection and the line
    assert an.tool == "" and not an.measure_action.isChecked()
    qtbot.waitUntil(lambda: not _tool_on(page), timeout=5000)
    assert window.session.state.selected == "base:kadena" and len(window.session.state.measure) == 2
    window.clear_action.trigger()  # Esc again: clears the selection and the line
    assert window.session.state.selected == "" and window.session.state.measure == ()


def test_an_exported_png_shows_a_user_ring_and_its_bases(qtbot, window, tmp_path):
    from PySide6.QtGui import QImage

    from explorer.export.snapshot import SnapshotJob, SnapshotRequest
    from explorer.mapping.state import ExportOptions

    window.analysis.add_ring({"label": "1,000 km from Kadena", "lat": 26.35, "lon": 127.77, "km": 1000.0})
    state = window.session.state.with_(camera=window.session.state.camera.__class__(view="region"))
    assert len(state.highlight) > 10

    def green(path: Path) -> int:  # the ring's stroke, #0b6e4f
        image = QImage(str(path))
        return sum(abs(image.pixelColor(x, y).red() - 11) < 30 and abs(image.pixelColor(x, y).green() - 110) < 30
                   and abs(image.pixelColor(x, y).blue() - 79) < 30
                   for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))

    shots = {}
    for name, st in (("ring", state), ("plain", state.with_(rings=(), highlight=()))):
        job = SnapshotJob(window.workspace, SnapshotRequest(st, ExportOptions("png", 800, 600, legend=False)),
                          tmp_path / f"{name}.png")
        with qtbot.waitSignal(job.finished, timeout=60000):
            job.start()
        shots[name] = green(tmp_path / f"{name}.png")
    assert shots["ring"] > 200 and shots["plain"] < shots["ring"] / 5, shots
    assert json.loads(json.dumps(state.to_json()))["rings"][0]["km"] == 1000.0


def test_hostile_atlas_base_dossier_and_ring_stay_text(qtbot, hostile_window):
    win = hostile_window
    win.select_feature("base:hostile")
    text = win.panel.text()
    assert "Within range of" in text and "Distances to points of interest" in text
    win.analysis.add_ring({"label": "<img src=x onerror=alert(1)>", "lat": 26.3, "lon": 127.8, "km": 1000.0})
    assert "<img src=x onerror=alert(1)>" in win.panel.text()  # shown as text, not parsed
    assert "base:hostile" in win.session.state.highlight


def test_tools_are_exclusive_and_follow_the_toolbar(qtbot, window, page):
    an = window.analysis
    an.ring_action.trigger()
    an.measure_action.trigger()
    assert an.tool == "measure" and an.measure_action.isChecked() and not an.ring_action.isChecked()
    an.ring_action.trigger()
    assert an.tool == "ring" and an.ring_action.isChecked() and not an.measure_action.isChecked()
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getContainer().classList.contains('atlas-tool')"),
                    timeout=5000)
    an.ring_action.trigger()  # the same button again ends it
    assert an.tool == "" and not an.ring_action.isChecked()
    qtbot.waitUntil(lambda: not page.js("AtlasExplorer.map().getContainer().classList.contains('atlas-tool')"),
                    timeout=5000)


def test_an_export_frame_waits_for_its_viewport_however_long_the_resize_takes(qtbot, window, page):
    """The capture frames the map for the size asked for: the page waits for that size, not for N frames.

    On a busy machine the view's resize reached the page after the page had stopped waiting
    (120 animation frames), the camera was framed for the old size, and the PNG showed a ring
    almost entirely off the picture.
    """
    view = window.map
    w, h = page.js("[window.innerWidth, window.innerHeight]")
    page.js("(function(){ window.__frames = 0; (function tick(){ window.__frames++; requestAnimationFrame(tick); })();"
            " return 1; })()")
    seen: list[int] = []
    view.applied.connect(seen.append)
    page.js("(function(){ AtlasExplorer.apply({}, {viewport: [%d, %d]}, 987654); return 1; })()" % (w, h - 30))
    qtbot.waitUntil(lambda: page.js("window.__frames") > 150, timeout=30000)  # past the old frame limit
    assert 987654 not in seen, "applied before the viewport had the size asked for"
    window.resize(window.width(), window.height() - 30)  # the map's height follows the window's
    qtbot.waitUntil(lambda: 987654 in seen, timeout=10000)
    assert page.js("[window.innerWidth, window.innerHeight]") == [w, h - 30]
