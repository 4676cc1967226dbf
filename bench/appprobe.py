"""The real app, started as the user starts it, with timing marks added from outside.

``python -m bench.appprobe [probe options] -- [alliance-explorer options]``
runs ``explorer.cli.main`` (what the ``alliance-explorer`` script runs) in
this process. Nothing in explorer/ knows it is being measured: the probe
waits for ``explorer.gui.window`` to be imported (the app imports it lazily,
after the catalog and page are ready) and wraps ``MainWindow.__init__`` and
``DossierPanel.show_feature`` from there.

Marks go to stdout as ``BENCH <name> <value>`` lines (unix ms for times):

- ``drawn``: the app's own ``MapView.drawn`` signal.
- ``visible``: a grab of the map view shows the map (bench.visible, the
  same test the floor passes), with the panel built and showing text.
- ``clicks``: with ``--clicks N``, a JSON list of click -> dossier records,
  one per feature, from real DOM mouse events dispatched on the feature's
  pixel (as tests/gui/conftest.py does).

Then the window closes as ``--quit-after-drawn`` would close it.
"""

from __future__ import annotations

import argparse
import importlib.abc
import json
import sys
import time
from typing import Any, Callable

T0 = time.time()


def mark(name: str, value: Any = None) -> None:
    value = f"{time.time() * 1000:.1f}" if value is None else value
    print(f"BENCH {name} {value}", flush=True)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs a hook once a module has been imported, without importing it early."""

    def __init__(self, name: str, hook: Callable[[Any], None]) -> None:
        self.name, self.hook, self.busy = name, hook, False

    def find_spec(self, fullname, path, target=None):  # noqa: D401
        if fullname != self.name or self.busy:
            return None
        self.busy = True
        try:
            import importlib.util

            spec = importlib.util.find_spec(fullname)
        finally:
            self.busy = False
        if spec is None or spec.loader is None:
            return None
        loader, hook = spec.loader, self.hook

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                hook(module)

        spec.loader = Loader()
        sys.meta_path.remove(self)
        return spec


# -- clicking ----------------------------------------------------------------

PREPARE_JS = """(function(id){
  var m = AtlasExplorer.map(), ls = null, p = AtlasExplorer.screenPoint(id);
  if (!p) return null;
  var r = m.getContainer().getBoundingClientRect();
  var inside = p.x > r.left + 60 && p.x < r.right - 220 && p.y > r.top + 60 && p.y < r.bottom - 60;
  if (!inside) {
    var c = AtlasExplorer.state();
    %s
  }
  return true;
})(%s)"""

#: Bring the feature into view without animation when it is off screen.
MOVE_JS = "AtlasExplorer.flyTo(id);"

CLICK_JS = """(function(id){
  var p = AtlasExplorer.screenPoint(id);
  if (!p) return null;
  var t = document.elementFromPoint(p.x, p.y);
  if (!t) return null;
  var t0 = Date.now();
  ['mousedown','mouseup','click'].forEach(function(type){
    t.dispatchEvent(new MouseEvent(type, {bubbles:true, cancelable:true, clientX:p.x, clientY:p.y, button:0, view:window}));
  });
  return {t0: t0, tag: t.tagName};
})(%s)"""


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
        self.current = {"id": fid}
        self._js(PREPARE_JS % (MOVE_JS, json.dumps(fid)), lambda ok: self._after_prepare(ok))

    def _after_prepare(self, ok) -> None:
        from PySide6.QtCore import QTimer

        if not ok:
            self.records.append({**self.current, "error": "not on the map"})
            QTimer.singleShot(0, self._next)
            return
        # Let a move settle and a frame render before clicking (the user sees the map, then clicks).
        QTimer.singleShot(60, self._click)

    def _click(self) -> None:
        self.timer.start(3000)
        self._js(CLICK_JS % json.dumps(self.current["id"]), self._clicked)

    def _clicked(self, result) -> None:
        if self.current is None:
            return
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
            self.current["error"] = "no dossier within 3 s"
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
        mark("panel_chars", len(window.panel.text()))
        if opts.clicks:
            ids = list(window.catalog.features) if opts.clicks == "all" else opts.clicks.split(",")
            clicker = Clicker(window, ids, lambda records: finish(window, records))
            window._bench_clicker = clicker
            clicker.start()
        else:
            finish(window, None)

    def finish(window, records) -> None:
        if records is not None:
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
