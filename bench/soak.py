"""Soak: 1,000 mixed user actions in one window; does the app or its renderer keep growing?

A child process opens the real window (under Xvfb when a display is set,
offscreen otherwise) and runs a seeded random mix of what users do: click a
feature through the map's own hit test, pick from search, go to a view,
toggle a layer, highlight a provision, open the law browser, clear. After a
warm-up of ``WARMUP`` actions it records the resident memory of the app
process and of the page's renderer process, and again at the end. Each action
waits for the page to say it applied the state, so the page is never
flooded. Target: each grows by less than 10% from warm-up to the end.
"""

from __future__ import annotations

import json
import random
import sys

from bench import util

ACTIONS = 1000
WARMUP = 150
TARGET_GROWTH = 0.10


def child(actions: int, warmup: int, seed: int = 7) -> dict:
    """Runs inside the child process: the window, the actions, the RSS samples."""
    import gc

    import psutil

    from explorer.web import qtenv

    qtenv.prepare()
    app = qtenv.application(sys.argv[:1])
    from PySide6.QtCore import QEventLoop, QTimer

    from explorer import paths, store
    from explorer.gui.window import MainWindow
    from explorer.mapping.derive import page_state
    from explorer.mapping.layers import ATLAS_LAYER_IDS
    from explorer.mapping.views import VIEWS

    from explorer.workspace import Workspace
    workspace = Workspace(store.load_catalog(paths.geodata_dir(), paths.cache_dir()))
    window = MainWindow(workspace, store.app_page(workspace, paths.cache_dir()))
    window.resize(1300, 850)
    window.show()
    loop = QEventLoop()
    window.map.drawn.connect(loop.quit)
    loop.exec()
    rnd = random.Random(seed)
    catalog = workspace.catalog
    fids = sorted(catalog.features)
    pids = sorted(catalog.provisions)
    words = ["camp", "キャンプ", "kadena", "普天間", "treaty", "SOFA", "Dokdo", "range", "zzz"]

    def wait_applied() -> None:
        done = QEventLoop()
        window.map.applied.connect(done.quit)
        QTimer.singleShot(2000, done.quit)
        window.map.apply(page_state(catalog, window.session.state))
        done.exec()
        window.map.applied.disconnect(done.quit)

    def act(i: int) -> None:
        kind = rnd.choice(["select", "select", "search", "view", "layer", "provision", "law", "clear"])
        if kind == "select":
            window.select_feature(rnd.choice(fids))
        elif kind == "search":
            window.panel.search.setText(rnd.choice(words))
            window.panel.search.clear()
        elif kind == "view":
            window.go_to_view(rnd.choice(list(VIEWS)))
        elif kind == "layer":
            layer = rnd.choice(ATLAS_LAYER_IDS)
            window.layer_actions[layer].toggle()
        elif kind == "provision":
            window.highlight_provision(rnd.choice(pids))
        elif kind == "law":
            window.panel.tabs.setCurrentIndex(1)
            window.panel.tabs.setCurrentIndex(0)
        else:
            window.clear_selection()
        wait_applied()

    me = psutil.Process()

    def rss() -> dict:
        gc.collect()
        pid = window.map.page().renderProcessPid()
        renderer = psutil.Process(pid).memory_info().rss if pid > 0 else 0
        return {"app_mb": me.memory_info().rss / 2**20, "renderer_mb": renderer / 2**20}

    for i in range(warmup):
        act(i)
    start = rss()
    for i in range(actions - warmup):
        act(i)
    end = rss()
    window.close()
    app.processEvents()
    return {"actions": actions, "warmup": warmup, "after_warmup": start, "end": end}


def run(actions: int = ACTIONS, warmup: int = WARMUP) -> dict:
    util.log(f"soak: {actions} mixed actions in one window (warm-up {warmup})")
    scratch = util.Scratch("soak")
    try:
        environ = util.env(scratch.path("cache"), scratch.path("settings.ini"))
        r = util.run([util.PY, "-m", "bench.soak", "--child", str(actions), str(warmup)], environ, timeout=1800)
    finally:
        scratch.cleanup()
    data = json.loads(r.marks.get("SOAK") or "null")
    if not data:
        raise RuntimeError(f"soak child failed: {r.stderr[-1000:]}")
    res = {**data}
    rows = []
    for key, label in (("app_mb", "app process"), ("renderer_mb", "renderer process")):
        a, b = data["after_warmup"][key], data["end"][key]
        growth = (b - a) / a if a else None
        res[f"{key}_growth"] = growth
        rows.append({"metric": f"soak: {label} RSS after warm-up -> after {actions} actions",
                     "value": f"{a:.0f} -> {b:.0f} MB", "unit": "",
                     "ratio": 1 + growth if growth is not None else None, "vs": "after warm-up",
                     "target": f"< {1 + TARGET_GROWTH:g}x", "met": growth is not None and growth < TARGET_GROWTH})
    res["rows"] = rows
    return res


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        out = child(int(sys.argv[2]), int(sys.argv[3]))
        print("BENCH SOAK " + json.dumps(out), flush=True)
        raise SystemExit(0)
    result = run()
    for row in result["rows"]:
        print(row["metric"], row["value"], "met" if row["met"] else "NOT met")
