"""The real app, started as the user starts it, with timing marks added from outside.

``python -m bench.appprobe [probe options] -- [alliance-explorer options]``
runs ``explorer.cli.main`` (what the ``alliance-explorer`` script runs) in
this process. Nothing in explorer/ knows it is being measured: the probe
waits for ``explorer.gui.window`` to be imported (the app imports it lazily,
after the catalog and page are ready) and wraps ``MainWindow.__init__`` and
``DossierPanel.show_feature`` from there.

Marks go to stdout as ``BENCH <name> <value>`` lines (unix ms for times):

- ``start``: when this process began (its first line of Python).
- ``window``: ``MainWindow`` is built (catalog loaded, page read or built).
- ``drawn``: the app's own ``MapView.drawn`` signal.
- ``visible``: a grab of the map view shows the map (bench.visible, the
  same test the floor passes); the panel exists by then.
- ``page``: the page's navigation timings (JSON, unix ms).
- ``panel_chars``: how much text the dossier panel shows.
- ``clicks``: with ``--clicks``, a JSON list of click -> dossier records
  from real DOM mouse events dispatched on each feature's pixel (as
  tests/gui/conftest.py does), see :class:`Clicker`.

Then the window closes as ``--quit-after-drawn`` would close it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Callable

T0 = time.time()


def mark(name: str, value: Any = None) -> None:
    value = f"{time.time() * 1000:.1f}" if value is None else value
    print(f"BENCH {name} {value}", flush=True)


class _AfterImport:
    """Runs a hook once a module has been imported, without importing it early.

    A plain meta-path finder: importing ``importlib.abc`` or ``importlib.util``
    for it would cost 5-10 ms, charged to the app.
    """

    def __init__(self, name: str, hook: Callable[[Any], None]) -> None:
        self.name, self.hook = name, hook

    def find_spec(self, fullname, path, target=None):  # noqa: D401
        if fullname != self.name:
            return None
        spec = None
        for finder in sys.meta_path:  # ask the finders after us, as the import system would
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
        if spec is None or spec.loader is None:
            return None
        loader, hook = spec.loader, self.hook

        class Loader:
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                hook(module)

        spec.loader = Loader()
        sys.meta_path.remove(self)
        return spec


# -- clicking ----------------------------------------------------------------

#: Centre the map on a feature's representative point (no animation). Results
#: are always JSON strings: PySide6 mishandles the refcount of a bare JS boolean.
MOVE_JS = """(function(lat, lon, zoom){
  AtlasExplorer.map().setView([lat, lon], zoom, {animate: false});
  return JSON.stringify(true);
})(%s, %s, %s)"""

#: A real DOM click on that point's pixel, stamped just before dispatch (as tests/gui/conftest.py).
CLICK_JS = """(function(lat, lon){
  var m = AtlasExplorer.map(), c = m.latLngToContainerPoint([lat, lon]);
  var r = m.getContainer().getBoundingClientRect(), x = c.x + r.left, y = c.y + r.top;
  var t = document.elementFromPoint(x, y);
  if (!t) return JSON.stringify(null);
  var t0 = Date.now();
  ['mousedown','mouseup','click'].forEach(function(type){
    t.dispatchEvent(new MouseEvent(type, {bubbles:true, cancelable:true, clientX:x, clientY:y, button:0, view:window}));
  });
  return JSON.stringify({t0: t0, tag: t.tagName});
})(%s, %s)"""

#: Zoom for a click: close in on points and lines, wide enough for a state to fill the view.
ZOOM = {"Point": 11, "LineString": 9, "MultiLineString": 9}
MISS_MS = 1500
SETTLE_MS = 80


class Clicker:
    """Clicks features one by one and times each click until the panel shows the dossier."""

    def __init__(self, window, ids: list[str], done: Callable[[list[dict]], None]) -> None:
        from PySide6.QtCore import QTimer

        self.window, self.ids, self.done = window, list(ids), done
        self.records: list[dict] = []
        self.current: dict | None = None
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timeout)
        panel = window.panel
        original = panel.show_feature

        def show_feature(fid: str) -> None:
            original(fid)
            t1 = time.time() * 1000
            if self.current is not None and "t1" not in self.current:
                self.current["t1"] = t1
                self.current["shown"] = fid
                self._watch_paint()
                self._maybe_next()

        panel.show_feature = show_feature

    def start(self) -> None:
        self._next()

    def _js(self, code: str, cb) -> None:
        self.window.map.page().runJavaScript(code, 0, cb)

    def _next(self) -> None:
        if not self.ids:
            self.done(self.records)
            return
        fid = self.ids.pop(0)
        f = self.window.catalog.features[fid]
        self.current = {"id": fid, "layer": f.layer}
        zoom = ZOOM.get(f.geometry.get("type"), 6)
        self._js(MOVE_JS % (f.lat, f.lon, zoom), self._after_move)

    def _after_move(self, _result) -> None:
        from PySide6.QtCore import QTimer

        # Let the move settle and a frame render before clicking (the user sees the map, then clicks).
        QTimer.singleShot(SETTLE_MS, self._click)

    def _click(self) -> None:
        f = self.window.catalog.features[self.current["id"]]
        self.timer.start(MISS_MS)
        self._js(CLICK_JS % (f.lat, f.lon), self._clicked)

    def _clicked(self, raw) -> None:
        if self.current is None:
            return
        result = json.loads(raw) if isinstance(raw, str) else None
        if not result:
            self.current["error"] = "no element at the feature's pixel"
            self._finish()
            return
        self.current["t0"] = float(result["t0"])
        self._maybe_next()

    def _watch_paint(self) -> None:
        from explorer.web.view import PaintWatcher

        rec = self.current

        def painted() -> None:
            rec["t2"] = time.time() * 1000
            self._maybe_next()

        PaintWatcher(self.window.panel.browser.viewport(), painted)

    def _maybe_next(self) -> None:
        rec = self.current
        if rec is not None and all(k in rec for k in ("t0", "t1", "t2")):
            rec["ms"] = rec["t1"] - rec["t0"]
            rec["painted_ms"] = rec["t2"] - rec["t0"]
            self._finish()

    def _timeout(self) -> None:
        if self.current is not None:
            self.current["error"] = f"no dossier within {MISS_MS} ms"
            self._finish()

    def _finish(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer.stop()
        self.records.append(self.current)
        self.current = None
        QTimer.singleShot(0, self._next)


# -- wiring --------------------------------------------------------------------

def main() -> int:
    argv = sys.argv[1:]
    app_args = argv[argv.index("--") + 1:] if "--" in argv else []
    probe_argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python -m bench.appprobe")
    parser.add_argument("--clicks", default="", help="comma-separated feature ids to click, or 'all'")
    parser.add_argument("--passes", type=int, default=1, help="click the list this many times")
    parser.add_argument("--warmup-clicks", type=int, default=0, help="clicks first made and marked as warm-up")
    parser.add_argument("--stay", action="store_true", help="keep the window open (for profiling by hand)")
    opts = parser.parse_args(probe_argv)

    def on_window_module(module) -> None:
        cls = module.MainWindow
        original = cls.__init__

        def init(self, *args, **kwargs) -> None:
            original(self, *args, **kwargs)
            mark("window")
            self.map.drawn.connect(lambda: on_drawn(self))

        cls.__init__ = init

    def on_drawn(window) -> None:
        if getattr(window, "_bench_drawn", False):
            return
        window._bench_drawn = True
        mark("drawn")
        from bench.visible import when_visible

        when_visible(window.map, lambda grabs: on_visible(window, grabs))

    def on_visible(window, grabs: int) -> None:
        mark("visible")
        mark("grabs", grabs)
        from bench.visible import NAV_TIMING_JS

        window.map.page().runJavaScript(NAV_TIMING_JS, 0, lambda raw: (mark("page", raw), after_timing(window)))

    def after_timing(window) -> None:
        mark("panel_chars", len(window.panel.text()))
        if opts.clicks:
            ids = list(window.catalog.features) if opts.clicks == "all" else opts.clicks.split(",")
            ids = ids[:opts.warmup_clicks] + ids * opts.passes
            clicker = Clicker(window, ids, lambda records: finish(window, records))
            window._bench_clicker = clicker
            clicker.start()
        else:
            finish(window, None)

    def finish(window, records) -> None:
        if records is not None:
            for i, rec in enumerate(records):
                rec["warmup"] = i < opts.warmup_clicks
            mark("clicks", json.dumps(records))
        if opts.stay:
            return
        from PySide6.QtWidgets import QApplication

        window.close()
        QApplication.instance().quit()

    sys.meta_path.insert(0, _AfterImport("explorer.gui.window", on_window_module))
    mark("start", f"{T0 * 1000:.1f}")
    from explorer.cli import main as cli_main

    code = cli_main(app_args + ["--no-err-windows"])
    mark("exit")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
