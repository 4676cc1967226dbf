"""The map's first frame is complete: clusters merged, names placed, the legend up, ranges faint.

A script injected before the page's own records what the page holds in the
first animation frame after ``AtlasExplorer.init`` returns, the frame that is
painted first; the test compares it with the settled map. Page state rather
than pixels: under load the compositor may present a frame whose tiles are
not all rasterised yet, which is Chromium's and not the page's, while a page
that leaves clusters and labels to a later frame fails here every time (it
used to: every facility alone and unlabelled, then names, then clusters, for
~300 ms under Xvfb).
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtWebEngineCore import QWebEngineScript

from tests.gui.conftest import Page, close_window

pytestmark = pytest.mark.gui

#: What the page holds when a frame is painted: merged symbols, names on the map, the legend, faint ranges.
SNAPSHOT = """{clusters: AtlasExplorer.clusterCount(),
  labels: Array.from(document.querySelectorAll(".atlas-maplabel")).map(function (n) { return n.textContent; }).sort(),
  legend: (function () { var b = document.querySelector(".atlas-legend"); return b ? b.parentNode.className : ""; })(),
  opaqueRanges: (function () { var n = 0; Object.keys(AtlasExplorer.map()._layers).forEach(function (k) {
    var l = AtlasExplorer.map()._layers[k];
    if (l.atlasCls && l.options && l.options.opacity > 0.35 && /range/.test(l.atlasCls)) n++; }); return n; })()}"""

FIRST_FRAME_HOOK = """(function () {
  var real;
  Object.defineProperty(window, "AtlasExplorer", { configurable: true, get: function () { return real; },
    set: function (e) {
      real = e;
      var init;
      Object.defineProperty(e, "init", { configurable: true, enumerable: true, get: function () { return init; },
        set: function (fn) {
          init = function () {
            var out = fn.apply(this, arguments);
            requestAnimationFrame(function () { window.__firstFrame = JSON.stringify(%s); });
            return out;
          };
        } });
    } });
})();""" % SNAPSHOT


def test_the_first_frame_holds_clusters_names_legend_and_faint_ranges(qtbot, geodata_dir):
    from explorer import paths, store
    from explorer.gui.window import MainWindow
    from explorer.workspace import Workspace

    workspace = Workspace(store.load_catalog(geodata_dir, paths.cache_dir()))
    window = MainWindow(workspace, store.app_page(workspace, paths.cache_dir()))
    hook = QWebEngineScript()
    hook.setName("first-frame")
    hook.setSourceCode(FIRST_FRAME_HOOK)
    hook.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    hook.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    window.map.page().scripts().insert(hook)
    window.resize(1300, 850)
    try:
        with qtbot.waitSignal(window.map.drawn, timeout=60000):
            window.show()
        page = Page(qtbot, window.map)
        qtbot.waitUntil(lambda: page.js("window.__firstFrame || null") is not None, timeout=10000)
        qtbot.wait(600)  # whatever the page does after saying it has drawn, it has done
        first = json.loads(page.js("window.__firstFrame"))
        settled = page.js(SNAPSHOT)
        assert settled["clusters"] > 0 and settled["labels"] and settled["legend"]
        assert first == settled, "the first frame differs from the settled map"
    finally:
        close_window(window)
