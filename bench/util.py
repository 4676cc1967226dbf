"""Shared plumbing: environments, timed subprocesses, process-tree RSS, statistics, the machine."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]


def log(msg: str) -> None:
    """Progress goes to stderr, so stdout stays the table."""
    print(msg, file=sys.stderr, flush=True)


# -- environment ---------------------------------------------------------------

class Scratch:
    """A scratch directory for one benchmark: caches, settings files, outputs."""

    def __init__(self, name: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self._n = 0

    def path(self, name: str) -> Path:
        return self.root / name

    def fresh(self, stem: str, suffix: str = "") -> Path:
        """A new path each call (nothing there yet)."""
        self._n += 1
        return self.root / f"{stem}-{self._n}{suffix}"

    def fresh_dir(self, stem: str) -> Path:
        p = self.fresh(stem)
        p.mkdir(parents=True)
        return p

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def env(cache: Path | None = None, settings: Path | None = None) -> dict[str, str]:
    """The environment every measured process gets: offscreen, no sandbox, scratch cache and settings."""
    e = dict(os.environ)
    if not e.get("DISPLAY") and not e.get("WAYLAND_DISPLAY"):
        e["QT_QPA_PLATFORM"] = "offscreen"
    e["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    e.pop("ALLIANCE_EXPLORER_GEODATA", None)
    # A user's warm start runs from bytecode; a shell that forbids writing it would
    # have every start compile the modules again and measure that instead.
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is not None:
        e["ALLIANCE_EXPLORER_CACHE"] = str(cache)
    if settings is not None:
        e["ALLIANCE_EXPLORER_SETTINGS"] = str(settings)
    return e


# -- processes -------------------------------------------------------------------

class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants (QtWebEngineProcess too)."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.peak_procs = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        while not self._halt.is_set():
            total, count = 0, 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                    count += 1
                except psutil.Error:
                    pass
            if total > self.peak:
                self.peak, self.peak_procs = total, count
            self.samples += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)


@dataclass
class Run:
    """One measured process: wall time, its BENCH marks, and the RSS peak if sampled."""

    cmd: list[str]
    returncode: int
    wall_ms: float
    marks: dict[str, str] = field(default_factory=dict)
    start_ms: float = 0.0
    rss_peak_mb: float | None = None
    procs: int | None = None
    stderr: str = ""

    def since_start(self, mark: str) -> float | None:
        """Milliseconds from process start to a time mark, or None if it never came."""
        v = self.marks.get(mark)
        return float(v) - self.start_ms if v is not None else None

    def ok(self) -> bool:
        return self.returncode == 0


def run(cmd: Sequence[str], environ: dict[str, str], sample_rss: bool = False, timeout: float = 180,
        cwd: Path = ROOT, interval: float = 0.02) -> Run:
    """Run a process to its end; time it from just before spawn to exit (RSS sampled every ``interval`` s)."""
    t0 = time.time()
    proc = subprocess.Popen(list(cmd), env=environ, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    sampler = TreeSampler(proc.pid, interval) if sample_rss else None
    if sampler:
        sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        err += f"\n(bench: killed after {timeout:.0f} s)"
    wall = (time.time() - t0) * 1000
    if sampler:
        sampler.stop()
    marks: dict[str, str] = {}
    for line in out.splitlines():
        if line.startswith("BENCH "):
            _, name, value = (line.split(" ", 2) + [""])[:3]
            marks[name] = value
    r = Run(list(cmd), proc.returncode, wall, marks, t0 * 1000, stderr=err[-4000:])
    if sampler:
        r.rss_peak_mb = sampler.peak / 2**20
        r.procs = sampler.peak_procs
    if not r.ok():
        log(f"  ! exit {proc.returncode}: {' '.join(cmd)}\n{err[-1500:]}")
    return r


def app_cmd(*app_args: str, probe: Iterable[str] = ()) -> list[str]:
    """The real app under the probe (see bench/appprobe.py)."""
    return [PY, "-m", "bench.appprobe", *probe, "--", *app_args]


def floor_cmd(*args: str) -> list[str]:
    return [PY, "-m", "bench.floor", *args]


# -- statistics ---------------------------------------------------------------

def median(xs: Iterable[float | None]) -> float | None:
    v = [x for x in xs if x is not None]
    return statistics.median(v) if v else None


def percentile(xs: Iterable[float | None], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100)."""
    v = sorted(x for x in xs if x is not None)
    if not v:
        return None
    k = (len(v) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def target_row(metric: str, value: float | None, unit: str, ratio_: float | None, target: float,
               vs: str = "floor") -> dict:
    """A table row for a figure held to a ratio target: ``met`` when ratio <= target."""
    return {"metric": metric, "value": value, "unit": unit, "ratio": ratio_, "vs": vs,
            "target": f"<= {target:g}x", "met": ratio_ is not None and ratio_ <= target}


def paired_ratio(pairs: Iterable[tuple[float | None, float | None]]) -> float | None:
    """The median of per-round ratios: each round's A and B ran back to back."""
    return median(ratio(a, b) for a, b in pairs)


# -- the machine -----------------------------------------------------------------

def machine() -> dict:
    """What the figures were measured on."""
    info: dict = {"python": platform.python_version(), "platform": platform.platform(),
                  "cores": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(mem[1]) / 2**20, 1)
        info["loadavg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    try:
        import PySide6

        info["pyside6"] = PySide6.__version__
        from importlib.metadata import version

        info["pyside6_webengine"] = version("PySide6-WebEngine")
        info["xstatic_leaflet"] = version("XStatic-Leaflet")
        info["folium"] = version("folium")
    except Exception:  # noqa: BLE001 - information only
        pass
    try:
        info["chromium"] = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                                          timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        info["chromium"] = None
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "explorer", "resources"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        info["dirty"] = bool(dirty)
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
