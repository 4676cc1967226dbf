"""``python -m bench`` (``make bench``): every benchmark, a table on stdout, JSON in bench/results/.

Sections run in this order: startup, memory, click, export, scale, userlayer, soak. Pick some
with ``--only startup,click``; ``--quick`` runs fewer rounds (for a smoke
test, not for figures). The whole suite takes about 4 minutes on the
2-core bench machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import time
from pathlib import Path

from bench import click, export, memory, scale, soak, startup, userlayer, util

SECTIONS = ("startup", "memory", "click", "export", "scale", "userlayer", "soak")


def _fmt(v, unit: str) -> str:
    if v is None:
        return "-"
    if isinstance(v, str):
        return v + (f" {unit}" if unit and not v.endswith(unit) else "")
    if unit == "MB":
        return f"{v:.0f} MB"
    if unit == "ms":
        return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    return f"{v:.2f}"


def table(sections: dict) -> str:
    lines = []
    head = ("figure", "value", "ratio", "target", "met")
    rows = []
    for name in SECTIONS:
        for r in sections.get(name, {}).get("rows", []):
            ratio = f"{r['ratio']:.2f}x {r.get('vs', '')}".strip() if r.get("ratio") is not None else ""
            met = "" if "met" not in r else ("yes" if r["met"] else "NO")
            rows.append((r["metric"], _fmt(r.get("value"), r.get("unit", "")), ratio, r.get("target", ""), met))
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(5)]
    widths[1] = min(widths[1], 60)
    fmt = "  ".join("{:<%d}" % w for w in widths)
    lines.append(fmt.format(*head))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        value = row[1]
        if len(value) > widths[1]:  # long scale rows wrap under the value column
            parts = [p.strip() for p in value.split("|")]
            lines.append(fmt.format(row[0], parts[0], row[2], row[3], row[4]))
            for p in parts[1:]:
                lines.append(fmt.format("", p, "", "", ""))
        else:
            lines.append(fmt.format(*row))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke test, not figures")
    parser.add_argument("--scale-runs", type=int, help="measured rounds per scale case (default 2)")
    parser.add_argument("--out", help="JSON file (default bench/results/<timestamp>.json and latest.json)")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    bad = [s for s in only if s not in SECTIONS]
    if bad:
        parser.error(f"unknown section(s) {', '.join(bad)}; choose from {', '.join(SECTIONS)}")
    q = args.quick
    plan = {
        "startup": lambda: startup.run(runs=2 if q else 9, warmup=1),
        "memory": lambda: memory.run(runs=2 if q else 5, warmup=1),
        "click": lambda: click.run(passes=1 if q else 2, warmup=5 if q else 10),
        "export": lambda: export.run(runs=2 if q else 7, warmup=1),
        "soak": lambda: soak.run(actions=200 if q else soak.ACTIONS, warmup=50 if q else soak.WARMUP),
        "scale": lambda: scale.run(runs=args.scale_runs or (1 if q else 2), warmup=0 if q or args.scale_runs else 1,
                                   cases=scale.CASES[:1] + scale.CASES[3:4] if q else scale.CASES),
        "userlayer": lambda: userlayer.run(20_000 if q else userlayer.N_POINTS),
    }
    started = time.time()
    if {"startup", "memory"} & set(only):
        # A cold start reads the start-up cache built with the app (as `make` builds it): bring it up to date.
        subprocess.run([util.PY, "-m", "explorer.prebuild"], cwd=util.ROOT, env=util.env(), check=True,
                       stdout=subprocess.DEVNULL)
    results: dict = {"machine": util.machine(), "started": dt.datetime.now().isoformat(timespec="seconds"),
                     "quick": q, "sections": {}}
    for name in SECTIONS:
        if name in only:
            t = time.time()
            results["sections"][name] = plan[name]()
            results["sections"][name]["seconds"] = round(time.time() - t, 1)
            util.log(f"{name}: done in {time.time() - t:.0f} s")
    results["seconds"] = round(time.time() - started, 1)
    text = table(results["sections"])
    if "scale" in results["sections"]:
        text += "\n\nScale (synthetic layers through the real path; k = growth exponent, t ~ n^k):\n"
        text += scale.scale_table(results["sections"]["scale"])
    m = results["machine"]
    print(f"Alliance Explorer benchmarks  ({m.get('cpu', '?')}, {m.get('cores')} cores, "
          f"PySide6 {m.get('pyside6', '?')}, {m.get('chromium', '?')}, commit {m.get('commit', '?')}"
          f"{' + local changes' if m.get('dirty') else ''})")
    print(text)
    print(f"\n{results['seconds']:.0f} s in all.")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else util.RESULTS / f"{stamp}.json"
    results["table"] = text
    util.write_json(out, results)
    if not args.out:
        util.write_json(util.RESULTS / "latest.json", results)
    util.log(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
