"""The legend keeps out of the subject's way: it folds on a narrow map, never covers what is
selected or lit, lets hover tips over it, and in a picture shares the frame with the summary box."""

from __future__ import annotations

import json

from explorer.mapping.state import Camera, ExportOptions, MapState
from explorer.workspace import Workspace
from tests.gui.conftest import Page
import pytest

pytestmark = pytest.mark.gui


def _inside(pt, box, pad: float = 0) -> bool:
    return (box["x"] - pad <= pt["x"] <= box["x"] + box["w"] + pad
            and box["y"] - pad <= pt["y"] <= box["y"] + box["h"] + pad)


def _japan(qtbot, window) -> Page:
    page = Page(qtbot, window.map)
    window.go_to_view("japan")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.legendLayout()") is not None, timeout=5000)
    qtbot.wait(300)
    return page


def test_the_legend_folds_when_a_dock_opens_and_opens_when_it_closes(qtbot, window):
    page = _japan(qtbot, window)
    assert page.js("AtlasExplorer.legendLayout().folded") is False  # a wide map has room for it
    toggle = window.action("filter-dock")
    toggle.trigger()
    qtbot.waitUntil(window.filter_dock.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.legendLayout().folded") is True, timeout=5000)
    folded = page.js("AtlasExplorer.legendLayout()")
    assert folded["h"] < 40 and "Bases" not in folded["text"]  # the title alone
    # No merged symbol (the "24" over Kanto) lies under the folded legend.
    for c in page.js("AtlasExplorer.clusterPoints()"):
        assert not _inside({"x": c["cx"], "y": c["cy"]}, folded), c
    toggle.trigger()
    qtbot.waitUntil(lambda: not window.filter_dock.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.legendLayout().folded") is False, timeout=5000)


def test_a_click_on_the_title_is_the_users_choice(qtbot, window):
    page = _japan(qtbot, window)
    window.action("filter-dock").trigger()
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.legendLayout().folded") is True, timeout=5000)
    page.js("document.querySelector('.atlas-legend-title').click() || 1")
    qtbot.wait(200)
    window.session.update(highlight=())  # a state change re-places the legend: it stays open
    qtbot.wait(200)
    assert page.js("AtlasExplorer.legendLayout().folded") is False


def test_the_legend_never_covers_what_is_lit(qtbot, window):
    page = _japan(qtbot, window)
    window.highlight_provision("provision:sofa-art2")
    lit = set(window.session.state.highlight)
    assert len(lit) > 50
    qtbot.waitUntil(lambda: set(page.js("AtlasExplorer.state().highlight")) == lit, timeout=5000)
    qtbot.wait(300)
    box = page.js("AtlasExplorer.legendLayout()")
    for fid in sorted(lit):
        pt = page.js(f"AtlasExplorer.screenPoint({json.dumps(fid)})")
        assert pt is None or not _inside(pt, box), (fid, pt, box)


def test_hover_tips_are_drawn_above_the_legend(qtbot, window):
    page = _japan(qtbot, window)
    assert page.js("""(function(){var p=AtlasExplorer.screenPoint('base:yokota'); var t=document.elementFromPoint(p.x,p.y);
        t.dispatchEvent(new MouseEvent('mousemove',{bubbles:true,clientX:p.x,clientY:p.y,view:window})); return 1;})()""")
    tip = page.js("""(function(){var t=document.querySelector('.atlas-hover'); if(!t||t.style.display==='none') return null;
        var r=t.getBoundingClientRect(); return {x:r.left,y:r.top,w:r.width,h:r.height,text:t.textContent};})()""")
    assert tip and "facilities" in tip["text"]  # Yokota lies in a merged symbol at this scale
    # Lay the legend right over the tip: the tip is still what is on top there.
    on_top = page.js("""(function(){var t=document.querySelector('.atlas-hover'), r=t.getBoundingClientRect();
        var lg=document.querySelector('.atlas-legend'); lg.style.position='fixed'; lg.style.left=(r.left-20)+'px';
        lg.style.top=(r.top-20)+'px'; lg.style.width=(r.width+40)+'px'; t.style.pointerEvents='auto';
        var hit=document.elementFromPoint(r.left+r.width/2, r.top+r.height/2); t.style.pointerEvents='';
        lg.style.position=''; lg.style.left=''; lg.style.top=''; lg.style.width='';
        return !!hit && t.contains(hit);})()""")
    assert on_top


def _picture(qtbot, catalog, state: MapState, options: ExportOptions, out):
    from explorer.export.snapshot import SnapshotRequest, Snapshotter

    snap = Snapshotter(Workspace(catalog))
    with qtbot.waitSignal(snap.finished, timeout=60000):
        snap.add(SnapshotRequest(state, options), out)
    return snap


def test_a_picture_keeps_legend_summary_and_labels_apart(qtbot, catalog, tmp_path):
    state = MapState(camera=Camera("okinawa"), selected="base:futenma")
    snap = _picture(qtbot, catalog, state, ExportOptions("png", 1200, 800, dossier=True), tmp_path / "f.png")
    try:
        page = Page(qtbot, snap.view)
        legend = page.js("AtlasExplorer.legendLayout()")
        boxes = page.js("""Array.prototype.map.call(document.querySelectorAll('.atlas-dossier, .atlas-title, .atlas-sourceline'),
            function(n){var r=n.getBoundingClientRect(); return {x:r.left,y:r.top,w:r.width,h:r.height};})""")
        assert boxes and not legend["folded"]
        for b in boxes:
            apart = (legend["x"] + legend["w"] <= b["x"] or b["x"] + b["w"] <= legend["x"]
                     or legend["y"] + legend["h"] <= b["y"] or b["y"] + b["h"] <= legend["y"])
            assert apart, (legend, b)
        assert "n facilities merged" in legend["text"] and "click" not in legend["text"].lower()
        selected = page.js("AtlasExplorer.screenPoint('base:futenma')")
        assert not _inside(selected, legend) and not any(_inside(selected, b) for b in boxes)
        # Every name lies whole inside the frame.
        labels = page.js("""Array.prototype.map.call(document.querySelectorAll('.atlas-maplabel'),
            function(n){var r=n.getBoundingClientRect(); return [n.textContent, r.left, r.top, r.right, r.bottom];})""")
        assert labels
        for text, x0, y0, x1, y1 in labels:
            assert x0 >= 0 and y0 >= 0 and x1 <= 1200 and y1 <= 800, text
    finally:
        snap.close()
