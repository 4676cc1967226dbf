"""Startup: process start -> map visible and panel ready, the app against the floor.

Each round runs the floor, the app with an empty user cache (cold: a first
start after install, which reads the start-up cache built with the app, see
``explorer.prebuild``), the app with a warm cache, and the app with neither
(fresh: catalog parsed, page built, as a start whose start-up cache is missing
or stale), and the floor's program loading the app's own cached page (``page``: what the
page costs with no window around it, the least the app's start could reach), in a rotating order, so a noisy neighbour hits them all alike. One round of warm-up is thrown away (it also
fills the warm cache and the OS file cache). Every run gets a fresh settings
file, so each app run opens at its default 1400x900 size, like the floor.
"""

from __future__ import annotations

from bench import util
from bench.util import Scratch, median, paired_ratio, ratio

COLD_TARGET = 2.0
WARM_TARGET = 1.2
KINDS = ("floor", "cold", "warm", "fresh", "page")


def _app_page(warm_cache) -> str | None:
    """The app's English page, from the warm cache or else from the start-up cache built with the app."""
    from explorer import paths

    for directory in (warm_cache, paths.prebuilt_dir()):
        pages = sorted(directory.glob("page-app-*-en.html"), key=lambda p: p.stat().st_mtime) if directory else []
        if pages:
            return str(pages[-1])
    return None


def _one(kind: str, scratch: Scratch, warm_cache, sample_rss: bool = False) -> util.Run:
    settings = scratch.fresh("settings", ".ini")
    if kind == "floor":
        return util.run(util.floor_cmd(), util.env(settings=settings), sample_rss=sample_rss)
    if kind == "page":
        page = _app_page(warm_cache)
        return util.run(util.floor_cmd(*(("--page", page) if page else ())), util.env(settings=settings),
                        sample_rss=sample_rss)
    cache = warm_cache if kind == "warm" else scratch.fresh_dir("cold-cache")
    environ = util.env(cache, settings)
    if kind == "fresh":
        environ["ALLIANCE_EXPLORER_PREBUILT"] = ""
    return util.run(util.app_cmd(), environ, sample_rss=sample_rss)


def measure(runs: int = 5, warmup: int = 1, sample_rss: bool = False, label: str = "startup") -> dict:
    """Interleaved rounds of floor / cold app / warm app; returns raw runs per kind."""
    scratch = Scratch(label)
    warm_cache = scratch.path("warm-cache")
    warm_cache.mkdir()
    out: dict[str, list[util.Run]] = {k: [] for k in KINDS}
    try:
        for i in range(warmup + runs):
            order = KINDS[i % len(KINDS):] + KINDS[:i % len(KINDS)]
            for kind in order:
                r = _one(kind, scratch, warm_cache, sample_rss)
                if i >= warmup:
                    out[kind].append(r)
            util.log(f"  {label} round {i + 1}/{warmup + runs}" + ("  (warm-up)" if i < warmup else ""))
    finally:
        scratch.cleanup()
    return out


def run(runs: int = 5, warmup: int = 1) -> dict:
    util.log("startup: floor vs app (cold, warm)")
    raw = measure(runs, warmup)
    vis = {k: [r.since_start("visible") for r in raw[k]] for k in KINDS}
    exit_ms = {k: [r.wall_ms if r.ok() else None for r in raw[k]] for k in KINDS}
    drawn = [r.since_start("drawn") for r in raw["warm"]]
    window = {k: [r.since_start("window") for r in raw[k]] for k in ("cold", "warm", "fresh")}
    res = {
        "runs": runs, "warmup": warmup,
        "visible_ms": {k: median(v) for k, v in vis.items()},
        "exit_ms": {k: median(v) for k, v in exit_ms.items()},
        "window_built_ms": {k: median(v) for k, v in window.items()},
        "app_drawn_signal_ms_warm": median(drawn),
        "grabs": {k: median(float(r.marks.get("grabs", "nan")) for r in raw[k]) for k in KINDS},
        "samples": {k: {"visible_ms": vis[k], "exit_ms": exit_ms[k]} for k in KINDS},
    }
    for k in ("cold", "warm", "fresh", "page"):
        res[f"ratio_{k}"] = ratio(res["visible_ms"][k], res["visible_ms"]["floor"])
        res[f"paired_ratio_{k}"] = paired_ratio(zip(vis[k], vis["floor"]))
        res[f"exit_ratio_{k}"] = ratio(res["exit_ms"][k], res["exit_ms"]["floor"])
    res["rows"] = [
        {"metric": "startup: floor, start -> map visible", "value": res["visible_ms"]["floor"], "unit": "ms"},
        util.target_row("startup: app cold, start -> map visible + panel", res["visible_ms"]["cold"], "ms",
                        res["ratio_cold"], COLD_TARGET),
        util.target_row("startup: app warm, start -> map visible + panel", res["visible_ms"]["warm"], "ms",
                        res["ratio_warm"], WARM_TARGET),
        {"metric": "startup: app with no cache at all (parse, build), start -> map visible + panel",
         "value": res["visible_ms"]["fresh"], "unit": "ms", "ratio": res["ratio_fresh"], "vs": "floor"},
        {"metric": "startup: the app's page alone, in the floor's program (no window), start -> map visible",
         "value": res["visible_ms"]["page"], "unit": "ms", "ratio": res["ratio_page"], "vs": "floor"},
        {"metric": "startup: whole process (to exit), floor / cold / warm",
         "value": f"{_f(res['exit_ms']['floor'])} / {_f(res['exit_ms']['cold'])} / {_f(res['exit_ms']['warm'])}",
         "unit": "ms", "ratio": res["exit_ratio_warm"], "vs": "floor (warm)"},
    ]
    return res


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f}"
