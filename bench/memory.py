"""Memory: peak RSS of the whole process tree (Python + QtWebEngineProcess children), app vs floor.

Sampled every 20 ms by psutil from the benchmark process, in runs of their
own (sampling costs CPU, so these runs are not used for timing). RSS summed
over processes counts shared pages (Qt and Chromium libraries) once per
process; the floor is summed the same way, so the ratio is fair.
"""

from __future__ import annotations

from bench import startup, util
from bench.util import median, paired_ratio, ratio

TARGET = 1.3


def run(runs: int = 5, warmup: int = 1) -> dict:
    util.log("memory: peak RSS of the process tree, floor vs app (cold, warm)")
    raw = startup.measure(runs, warmup, sample_rss=True, label="memory")
    rss = {k: [r.rss_peak_mb for r in raw[k]] for k in startup.KINDS}
    procs = {k: median(float(r.procs or 0) for r in raw[k]) for k in startup.KINDS}
    res = {"runs": runs, "warmup": warmup, "peak_rss_mb": {k: median(v) for k, v in rss.items()},
           "processes_at_peak": procs, "samples": rss}
    for k in ("cold", "warm"):
        res[f"ratio_{k}"] = ratio(res["peak_rss_mb"][k], res["peak_rss_mb"]["floor"])
        res[f"paired_ratio_{k}"] = paired_ratio(zip(rss[k], rss["floor"]))
    res["rows"] = [
        {"metric": "memory: floor, peak RSS (process tree)", "value": res["peak_rss_mb"]["floor"], "unit": "MB"},
        util.target_row("memory: app cold, peak RSS (process tree)", res["peak_rss_mb"]["cold"], "MB",
                        res["ratio_cold"], TARGET),
        util.target_row("memory: app warm, peak RSS (process tree)", res["peak_rss_mb"]["warm"], "MB",
                        res["ratio_warm"], TARGET),
    ]
    return res
