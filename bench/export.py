"""Export: a headless PNG from the app against headless Chromium shooting the app's own HTML.

A = ``alliance-explorer export --out x.png --view region --size 1600x1000``
as a whole process (warm catalog cache, as a user's second export). B =
``chromium --headless --screenshot --window-size=1600,1000`` of the file
``alliance-explorer export --out x.html --view region`` wrote (made once,
outside the timing), with a fresh profile directory per run. Both are timed
from spawn to exit, interleaved, after one warm-up round.
"""

from __future__ import annotations

from pathlib import Path

from bench import util
from bench.util import Scratch, median, paired_ratio, ratio

TARGET = 1.0
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
    samples: dict[str, list[float | None]] = {"app": [], "chromium": []}
    pngs: dict[str, dict] = {}
    try:
        for i in range(warmup + runs):
            for kind in (("app", "chromium") if i % 2 == 0 else ("chromium", "app")):
                out = scratch.fresh(kind, ".png")
                if kind == "app":
                    cmd = [*APP_CMD, "export", "--out", str(out), "--view", "region", "--size", f"{SIZE[0]}x{SIZE[1]}"]
                else:
                    cmd = [util.CHROMIUM, *util.CHROMIUM_FLAGS, f"--user-data-dir={scratch.fresh_dir('profile')}",
                           f"--screenshot={out}", f"--window-size={SIZE[0]},{SIZE[1]}", html.as_uri()]
                r = util.run(cmd, environ)
                png = _png_ok(out)
                if i >= warmup:
                    samples[kind].append(r.wall_ms if r.ok() and png["ok"] else None)
                pngs[kind] = png
            util.log(f"  export round {i + 1}/{warmup + runs}" + ("  (warm-up)" if i < warmup else ""))
    finally:
        scratch.cleanup()
    res = {
        "runs": runs, "warmup": warmup, "size": list(SIZE),
        "app_ms": median(samples["app"]), "chromium_ms": median(samples["chromium"]),
        "html_bytes": html_bytes, "png": pngs, "samples": samples,
    }
    res["ratio"] = ratio(res["app_ms"], res["chromium_ms"])
    res["paired_ratio"] = paired_ratio(zip(samples["app"], samples["chromium"]))
    res["rows"] = [
        {"metric": "export: headless Chromium screenshot of the HTML export (process)", "value": res["chromium_ms"],
         "unit": "ms"},
        util.target_row("export: alliance-explorer export PNG 1600x1000, region (process)", res["app_ms"], "ms",
                        res["ratio"], TARGET, vs="Chromium"),
    ]
    return res
