"""Where features overlap, a click lists the others under the pointer, and one more click opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.exceptions import TimeoutError as QtTimeout

from tests.gui.conftest import Page
import pytest

pytestmark = pytest.mark.gui


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


def _settled(qtbot, page: Page, window, view: str) -> None:
    from explorer.mapping.derive import page_state

    window.go_to_view(view)
    seq = window.map.apply(page_state(window.catalog, window.session.state))
    qtbot.waitUntil(lambda: window.map.last_applied >= seq, timeout=10000)
    qtbot.wait(300)  # the frame after: clusters and drawing order
    page.js("AtlasExplorer.hitTest(0, 0)")  # (merged symbols still pending are made now)


#: The canvas pixel under client point (x, y), as [r, g, b, a].
PIXEL = """(function(x, y){
  var c = document.querySelector('.leaflet-overlay-pane canvas'), r = c.getBoundingClientRect();
  var px = Math.round((x - r.left) * c.width / r.width), py = Math.round((y - r.top) * c.height / r.height);
  var one = document.createElement('canvas'), ctx = one.getContext('2d', { willReadFrequently: true });
  one.width = one.height = 1;
  ctx.drawImage(c, px, py, 1, 1, 0, 0, 1, 1);
  return Array.prototype.slice.call(ctx.getImageData(0, 0, 1, 1).data);
})(%r, %r)"""


def _shows(qtbot, page: Page, at: dict, rgb: tuple[int, ...]) -> None:
    """The map comes to show ``rgb`` at client point ``at`` (the canvas redraws in its next frame)."""
    seen: list = []

    def shown() -> bool:
        seen.append(page.js(PIXEL % (at["x"], at["y"])))
        return all(abs(a - b) < 30 for a, b in zip(seen[-1][:3], rgb))

    try:
        qtbot.waitUntil(shown, timeout=3000)
    except QtTimeout:
        raise AssertionError(f"the pixel at {at} shows {seen[-1]}, not {rgb}") from None


def test_the_disputed_island_is_drawn_above_the_range_and_wins_a_click_on_it(qtbot, window):
    page = Page(qtbot, window.map)
    _settled(qtbot, page, window, "japan")
    at = page.js("AtlasExplorer.screenPoint('threat:senkaku')")
    rng = page.js("AtlasExplorer.screenPoint('base:kobi-sho')")
    assert abs(at["x"] - rng["x"]) < 12 and abs(at["y"] - rng["y"]) < 12, (at, rng)  # the two overlap here
    _shows(qtbot, page, at, (0xfd, 0xb8, 0x63))  # the marker's own amber fill
    with qtbot.waitSignal(window.map.hereClicked, timeout=5000) as here:
        page.click_at(at["x"], at["y"])
    assert here.args[0][0] == "threat:senkaku" and "base:kobi-sho" in here.args[0], here.args[0]
    qtbot.waitUntil(lambda: window.session.state.selected == "threat:senkaku", timeout=5000)
    # The range under it is offered in the panel.
    qtbot.waitUntil(lambda: "Also under the pointer" in window.panel.text(), timeout=3000)
    assert window.catalog.features["base:kobi-sho"].name in window.panel.text()


def test_a_user_point_is_drawn_above_the_merged_symbol(qtbot, tmp_path, geodata_dir):
    from tests import userlayer_files as files
    from tests.gui.conftest import close_window, open_layer, open_window

    window = open_window(qtbot, geodata_dir)
    page = Page(qtbot, window.map)
    try:
        lid = open_layer(qtbot, window, files.csv(tmp_path))
        _settled(qtbot, page, window, "okinawa")
        _settled(qtbot, page, window, "japan")  # a zoom out: the merged symbols are made anew
        fid = next(f for f in window.workspace.user_layer(lid).features if f.name == "Naha port").id
        at = page.js(f"AtlasExplorer.screenPoint({fid!r})")
        near = [c for c in page.js("AtlasExplorer.clusterPoints()")
                if abs(c["cx"] - at["x"]) < 10 and abs(c["cy"] - at["y"]) < 10]
        assert near, "Naha port lies on a merged symbol in this view"
        colour = window.workspace.user_layer(lid).style.color
        _shows(qtbot, page, at, tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
    finally:
        close_window(window)
