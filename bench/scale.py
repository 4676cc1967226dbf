"""Scale: synthetic layers of 1k, 10k and 100k points and 1k and 10k polygons, through the real path.

For each case bench/synthetic.py writes a data directory (the real geodata
plus the synthetic features). Then:

- build: in a fresh process (``python -m bench.scale build DIR``),
  ``Catalog.load`` once and ``build_page(catalog, "app")`` after a warm-up
  build; the median page-build time, and the page's size.
- start: the real app on that directory (``--data DIR``), cold (empty cache:
  parse, pickle, build, draw) and then warm (cache filled), each clicking one
  synthetic feature as soon as the map is visible. Times to visible, the
  click -> dossier latency and start -> dossier ("drawn and clickable"), and
  the peak RSS of the process tree during the cold run.

Growth is reported as the exponent k in t ~ n^k between successive sizes of
the same kind (k = 1 is linear).
"""

from __future__ import annotations

import json
import math
import sys
import time

from bench import synthetic, util
from bench.util import Scratch, median

CASES = (("points", 1_000), ("points", 10_000), ("points", 100_000), ("polygons", 1_000), ("polygons", 10_000))
TARGET_S = 10.0


def _first_id(kind: str) -> str:
    return "base:syn-000000" if kind == "points" else "threat:syn-000000"


def build_main(data_dir: str, repeats: int = 3) -> None:
    """Child process: time Catalog.load once and build_page ``repeats`` times after a warm-up."""
    from explorer.atlas.catalog import Catalog
    from explorer.mapping.page import build_page

    t = time.perf_counter()
    catalog = Catalog.load(data_dir)
    load_ms = (time.perf_counter() - t) * 1000
    build_page(catalog, "app")  # imports folium, warms caches
    times, html = [], ""
    for _ in range(repeats):
        t = time.perf_counter()
        html = build_page(catalog, "app")
        times.append((time.perf_counter() - t) * 1000)
    print(f"BENCH load_ms {load_ms:.1f}")
    print(f"BENCH build_ms {median(times):.1f}")
    print(f"BENCH html_bytes {len(html.encode('utf-8'))}")
    print(f"BENCH features {len(catalog.features)}")


def _growth(rows: list[dict], key: str) -> None:
    """Adds ``<key>_growth``: k in t ~ n^k from the previous size of the same kind."""
    prev: dict[str, dict] = {}
    for r in rows:
        p = prev.get(r["kind"])
        if p and r.get(key) and p.get(key):
            r[f"{key}_growth"] = math.log(r[key] / p[key]) / math.log(r["n"] / p["n"])
        prev[r["kind"]] = r


def run(runs: int = 2, warmup: int = 1, cases=CASES) -> dict:
    util.log("scale: synthetic layers through the real path")
    scratch = Scratch("scale")
    rows: list[dict] = []
    try:
        for kind, n in cases:
            data = synthetic.make(scratch.path(f"{kind}-{n}"), **{kind: n})
            b = util.run([util.PY, "-m", "bench.scale", "build", str(data)], util.env(), timeout=600)
            row = {"kind": kind, "n": n,
                   "load_ms": _f(b.marks.get("load_ms")), "build_ms": _f(b.marks.get("build_ms")),
                   "html_mb": _f(b.marks.get("html_bytes"), 1 / 2**20)}
            cold, warm = [], []
            for i in range(warmup + runs):
                cache = scratch.fresh_dir("cache")
                probe = ["--clicks", _first_id(kind)]
                # RSS sampled every 100 ms here: these runs last seconds, and finer sampling
                # (psutil walking the process tree) would steal CPU from what is being timed.
                c = util.run(util.app_cmd("--data", str(data), probe=probe),
                             util.env(cache, scratch.fresh("settings", ".ini")), sample_rss=True, timeout=600,
                             interval=0.1)
                w = util.run(util.app_cmd("--data", str(data), probe=probe),
                             util.env(cache, scratch.fresh("settings", ".ini")), timeout=600)
                if i >= warmup:
                    cold.append(c)
                    warm.append(w)
                util.log(f"  {kind} {n}: round {i + 1}/{warmup + runs}" + ("  (warm-up)" if i < warmup else "")
                         + f"  cold {c.since_start('visible') or float('nan'):.0f} ms,"
                         f" warm {w.since_start('visible') or float('nan'):.0f} ms")
            for label, rs in (("cold", cold), ("warm", warm)):
                clicks = [_click(r) for r in rs]
                row[f"{label}_visible_ms"] = median(r.since_start("visible") for r in rs)
                row[f"{label}_click_ms"] = median(c["ms"] for c in clicks if c)
                row[f"{label}_clickable_ms"] = median(c["t1"] - r.start_ms for r, c in zip(rs, clicks) if c)
                row[f"{label}_click_answered"] = sum(1 for c in clicks if c)
            row["peak_rss_mb"] = median(r.rss_peak_mb for r in cold)
            rows.append(row)
    finally:
        scratch.cleanup()
    for key in ("build_ms", "load_ms", "cold_visible_ms", "warm_visible_ms", "html_mb", "peak_rss_mb"):
        _growth(rows, key)
    big = next((r for r in rows if r["kind"] == "points" and r["n"] == 100_000), None)
    build_growth = [r["build_ms_growth"] for r in rows if r.get("build_ms_growth") is not None]
    res = {"runs": runs, "warmup": warmup, "cases": rows}
    table = []
    if big:
        for label in ("cold", "warm"):
            v = big.get(f"{label}_clickable_ms")
            table.append({"metric": f"scale: 100k points drawn and clickable ({label} start -> dossier)",
                          "value": v, "unit": "ms", "target": f"<= {TARGET_S:g} s",
                          "met": v is not None and v <= TARGET_S * 1000})
    if build_growth:
        worst = max(build_growth)
        table.append({"metric": "scale: page-build growth exponent k (t ~ n^k), worst step",
                      "value": f"{worst:.2f}", "unit": "", "target": "<= 1 (linear)", "met": worst <= 1.1})
    res["rows"] = table
    return res


COLUMNS = (("n", "n", 0), ("kind", "kind", None), ("build_ms", "build ms", 0), ("build_ms_growth", "k", 2),
           ("load_ms", "catalog ms", 0), ("html_mb", "page MB", 1), ("cold_visible_ms", "cold visible ms", 0),
           ("cold_clickable_ms", "cold clickable ms", 0), ("warm_visible_ms", "warm visible ms", 0),
           ("warm_visible_ms_growth", "k", 2), ("warm_clickable_ms", "warm clickable ms", 0),
           ("warm_click_ms", "click ms", 1), ("peak_rss_mb", "peak RSS MB", 0))


def scale_table(res: dict) -> str:
    """The cases as a table of their own: one row per size, k = growth exponent from the previous size."""
    rows = [[h for _, h, _ in COLUMNS]]
    for case in res.get("cases", []):
        rows.append([(str(case.get(key, "")) if digits is None else _s(case.get(key), digits))
                     for key, _, digits in COLUMNS])
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _click(r: util.Run) -> dict | None:
    recs = json.loads(r.marks.get("clicks", "[]"))
    ok = [c for c in recs if "ms" in c]
    if not ok:
        return None
    c = ok[0]
    return {"ms": c["ms"], "t1": c["t1"], "shown": c["shown"]}


def _f(v, scale: float = 1.0) -> float | None:
    return float(v) * scale if v not in (None, "") else None


def _s(v, digits: int = 0) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "build":
        build_main(sys.argv[2])
    else:
        print(json.dumps(run(), indent=1))
