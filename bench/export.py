"""Export: a headless PNG from the app against headless Chromium shooting the app's own HTML.

A = ``alliance-explorer export --out x.png --view region --size 1600x1000``
as a whole process (warm cache, as a user's second export). B =
``chromium --headless --screenshot --window-size=1600,1000`` of the file
``alliance-explorer export --out x.html --view region`` wrote (made once,
outside the timing), with a fresh profile directory per run. F = the floor
(a bare QWebEngineView with Leaflet and the basemap, start to exit). C =
``alliance-explorer export --batch`` of ten 1600x1000 snapshots. All are
timed from spawn to exit, interleaved, after one warm-up round.
"""

from __future__ import annotations

from pathlib import Path

from bench import util
from bench.util import Scratch, median, paired_ratio, ratio

TARGET = 0.8          # app PNG / Chromium
FLOOR_TARGET = 1.5    # app PNG / floor
BATCH_TARGET = 2.5    # ten snapshots / one export
BATCH_VIEWS = ("region", "japan", "okinawa", "korea", "senkaku")
SIZE = (1600, 1000)
#: The installed console script when this venv belongs to this checkout; otherwise (a copy
#: of the tree benchmarked with another venv, e.g. a baseline) the same CLI via -m.
APP_CMD = ([str(Path(util.PY).with_name("alliance-explorer"))]
           if Path(util.PY).parent.parent.parent.resolve() == util.ROOT.resolve()
           else [util.PY, "-m", "explorer"])


def _png_ok(path: Path) -> dict:
    """Size and dimensions from the PNG header (no Qt or PIL in the benchmark process)."""
    if not path.exists():
        return {"ok": False}
    head = path.read_bytes()[:32]
    w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    return {"ok": head[:8] == b"\x89PNG\r\n\x1a\n", "width": w, "height": h, "bytes": path.stat().st_size}


def run(runs: int = 5, warmup: int = 1) -> dict:
    util.log("export: app PNG vs headless Chromium screenshot of the app's HTML export")
    scratch = Scratch("export")
    cache = scratch.path("cache")
    cache.mkdir()
    environ = util.env(cache, scratch.path("settings.ini"))
    html = scratch.path("region.html")
    made = util.run([*APP_CMD, "export", "--out", str(html), "--view", "region"], environ)
    if not made.ok():
        raise RuntimeError(f"HTML export failed: {made.stderr[-500:]}")
    html_bytes = html.stat().st_size
    samples: dict[str, list[float | None]] = {"app": [], "chromium": [], "floor": [], "batch": []}
    pngs: dict[str, dict] = {}
    kinds = ("app", "chromium", "floor", "batch")
    try:
        for i in range(warmup + runs):
            for kind in kinds[i % 4:] + kinds[:i % 4]:
                out = scratch.fresh(kind, ".png")
                if kind == "app":
                    cmd = [*APP_CMD, "export", "--out", str(out), "--view", "region", "--size", f"{SIZE[0]}x{SIZE[1]}"]
                elif kind == "chromium":
                    cmd = [util.CHROMIUM, *util.CHROMIUM_FLAGS, f"--user-data-dir={scratch.fresh_dir('profile')}",
                           f"--screenshot={out}", f"--window-size={SIZE[0]},{SIZE[1]}", html.as_uri()]
                elif kind == "floor":
                    cmd = util.floor_cmd()
                else:
                    out = _batch_file(scratch.fresh_dir("batch"))
                    cmd = [*APP_CMD, "export", "--batch", str(out)]
                r = util.run(cmd, environ)
                png = _png_ok(out) if kind not in ("floor", "batch") else {"ok": True}
                if kind == "batch":
                    png = {"ok": all(_png_ok(p)["ok"] for p in out.parent.glob("*.png"))
                           and len(list(out.parent.glob("*.png"))) == 10}
                if i >= warmup:
                    samples[kind].append(r.wall_ms if r.ok() and png["ok"] else None)
                pngs[kind] = png
            util.log(f"  export round {i + 1}/{warmup + runs}" + ("  (warm-up)" if i < warmup else ""))
    finally:
        scratch.cleanup()
    res = {
        "runs": runs, "warmup": warmup, "size": list(SIZE),
        "app_ms": median(samples["app"]), "chromium_ms": median(samples["chromium"]),
        "floor_ms": median(samples["floor"]), "batch_ms": median(samples["batch"]),
        "html_bytes": html_bytes, "png": pngs, "samples": samples,
    }
    res["ratio"] = ratio(res["app_ms"], res["chromium_ms"])
    res["paired_ratio"] = paired_ratio(zip(samples["app"], samples["chromium"]))
    res["floor_ratio"] = ratio(res["app_ms"], res["floor_ms"])
    res["batch_ratio"] = ratio(res["batch_ms"], res["app_ms"])
    res["rows"] = [
        {"metric": "export: headless Chromium screenshot of the HTML export (process)", "value": res["chromium_ms"],
         "unit": "ms"},
        {"metric": "export: floor, bare Leaflet page (process)", "value": res["floor_ms"], "unit": "ms"},
        util.target_row("export: alliance-explorer export PNG 1600x1000, region (process)", res["app_ms"], "ms",
                        res["ratio"], TARGET, vs="Chromium"),
        util.target_row("export: the same PNG export against the floor", res["app_ms"], "ms",
                        res["floor_ratio"], FLOOR_TARGET, vs="floor"),
        util.target_row("export: --batch of 10 PNG snapshots 1600x1000 (process)", res["batch_ms"], "ms",
                        res["batch_ratio"], BATCH_TARGET, vs="one export"),
    ]
    return res


def _batch_file(folder: Path) -> Path:
    """Ten snapshots of the five views, selected and not, as a user's batch file would list them."""
    lines = []
    for n in range(10):
        view = BATCH_VIEWS[n % len(BATCH_VIEWS)]
        lines += ["[[snapshot]]", f'out = "{n:02d}-{view}.png"', f'view = "{view}"', f'size = "{SIZE[0]}x{SIZE[1]}"']
        if n >= 5:
            lines.append('select = "base:kadena"')
        lines.append("")
    path = folder / "batch.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
