"""Time on the map, as a user sees it: before Okinawa's reversion its facilities are drawn as under US
administration and the islands are labelled so; a facility whose start date is unknown is hatched and
says so when hovered; the legend explains both; and an exported PNG draws the same (one ``apply``)."""

from __future__ import annotations

import json

from explorer.mapping.state import Camera, ExportOptions, MapState
from tests.gui.conftest import Page
from tests.gui.test_export import okinawa_box, render
import pytest

pytestmark = pytest.mark.gui

US_ADMIN = "#6a3d9a"


def _style(page: Page, fid: str) -> dict:
    return page.js("(function(){var o=AtlasExplorer.layerOf(%s).options;"
                   "return {fill:o.fillColor, hatch:!!o.hatch};})()" % json.dumps(fid))


def _legend(page: Page) -> str:
    return page.js("(document.querySelector('.atlas-legend')||{}).textContent || ''")


def _region(page: Page) -> str:
    return page.js("(document.querySelector('.atlas-region-label')||{}).textContent || ''")


def test_the_timeline_redraws_okinawa_and_unknown_starts(qtbot, window):
    page = Page(qtbot, window.map)
    window.session.update(camera=Camera("okinawa"), as_of="1971")
    qtbot.waitUntil(lambda: _style(page, "base:kadena")["fill"] == US_ADMIN, timeout=10000)
    assert _style(page, "base:kadena")["hatch"] is False  # in use since 1945: dated
    assert _style(page, "base:kinser") == {"fill": US_ADMIN, "hatch": True}  # start date unknown
    assert _style(page, "base:yokota")["fill"] != US_ADMIN  # the mainland was not under US administration
    legend = _legend(page)
    assert "Under US administration (before 1972-05-15)" in legend and "Start date unknown (drawn at every date)" in legend
    assert _region(page) == "Ryukyu Islands (today's Okinawa Prefecture): under US administration until 1972-05-15"
    # Hover an undated facility drawn on its own, with a real mouse event: the tooltip says so.
    undated = {b.id for b in window.catalog.layer("bases") if b.valid_from is None}
    w, h = page.js("[AtlasExplorer.map().getSize().x, AtlasExplorer.map().getSize().y]")
    spot = next(p for p in page.js("AtlasExplorer.unclusteredBases()")
                if p["id"] in undated and 40 < p["x"] < w * 0.6 and 80 < p["y"] < h - 80)
    page.js("(function(){var t=document.elementFromPoint(%r,%r);"
            "t.dispatchEvent(new MouseEvent('mousemove',{bubbles:true,clientX:%r,clientY:%r,view:window}));"
            "return 1;})()" % (spot["cx"], spot["cy"], spot["cx"], spot["cy"]))
    qtbot.waitUntil(lambda: "Start date unknown" in (page.js(
        "(document.querySelector('.atlas-tip')||{}).textContent || ''") or ""), timeout=5000)
    # On reversion day: provided under the SOFA; unknown starts still marked.
    window.session.update(as_of="1972-05-15")
    qtbot.waitUntil(lambda: _style(page, "base:kadena")["fill"] == "#c8102e", timeout=10000)
    assert _region(page) == "" and "Under US administration" not in _legend(page)
    assert _style(page, "base:kinser")["hatch"] is True and "Start date unknown" in _legend(page)
    # Today: nothing dated to mark.
    window.session.update(as_of="")
    qtbot.waitUntil(lambda: _style(page, "base:kinser")["hatch"] is False, timeout=10000)
    assert "Start date unknown" not in _legend(page)


def _purple(image, box) -> int:
    x0, y0, x1, y1 = box
    n = 0
    for y in range(int(max(0, y0)), int(min(image.height(), y1)), 2):
        for x in range(int(max(0, x0)), int(min(image.width(), x1)), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - 0x6A) < 20 and abs(c.green() - 0x3D) < 20 and abs(c.blue() - 0x9A) < 20:
                n += 1
    return n


def test_png_export_draws_the_date(qtbot, catalog, tmp_path):
    from PySide6.QtGui import QImage

    opts = ExportOptions("png", 900, 700, legend=False, source_line=False)
    box = okinawa_box(900, 700)
    then = QImage(str(render(qtbot, catalog, tmp_path / "1971.png", MapState(camera=Camera("okinawa"), as_of="1971"), opts)))
    now = QImage(str(render(qtbot, catalog, tmp_path / "now.png", MapState(camera=Camera("okinawa")), opts)))
    assert _purple(then, box) > 150, "Okinawa's facilities not drawn as under US administration in 1971"
    assert _purple(now, box) < 5
