"""Helpers for export tests that need a real process: full disks, size limits, signals."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def export_cmd(out: Path, *extra: str, verbose: bool = False) -> list[str]:
    return [sys.executable, "-m", "explorer.cli", *(["-v"] if verbose else []), "--no-cache",
            "export", "--out", str(out), *extra]


def run_export(out: Path, *extra: str, fsize: int | None = None) -> subprocess.CompletedProcess:
    """``alliance-explorer export`` in a subprocess, optionally under ``ulimit -f`` (bytes)."""
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(export_cmd(out, *extra), cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL, preexec_fn=limit)


def error_lines(stderr: str) -> list[str]:
    """Our own lines on stderr (QtWebEngine prints its chatter there too)."""
    return [line for line in stderr.splitlines() if line.startswith("alliance-explorer:")]


def leftovers(directory: Path, name: str) -> list[str]:
    """The target and any of its temp files (``.NAME.*.tmp``) in ``directory``."""
    return sorted(p.name for p in directory.iterdir() if p.name == name or p.name.startswith(f".{name}."))


@contextlib.contextmanager
def small_tmpfs(base: Path, size: str = "200k") -> Iterator[Path | None]:
    """A tiny tmpfs mounted under ``base``, or None where mounting is not allowed."""
    mnt = base / f"tmpfs-{uuid.uuid4().hex[:8]}"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)],
                          capture_output=True, text=True) if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    if proc is None or proc.returncode != 0:
        mnt.rmdir()
        yield None
        return
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
        mnt.rmdir()


def act_when(out: Path, marker: str, act: Callable[[subprocess.Popen], None], *extra: str) -> tuple[int, str]:
    """Start an export, call ``act(proc)`` once ``marker`` appears in its log, return (exit code, stderr)."""
    proc = subprocess.Popen(export_cmd(out, *extra, verbose=True), cwd=ROOT, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    seen: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.append(line)
            if marker in line:
                act(proc)
                break
        seen.append(proc.stderr.read())
        code = proc.wait(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    return code, "".join(seen)


def signal_when(out: Path, sig: int, marker: str, *extra: str) -> tuple[int, str]:
    """Start an export, send ``sig`` once ``marker`` appears in its log, return (exit code, stderr)."""
    return act_when(out, marker, lambda proc: proc.send_signal(sig), *extra)


def signal_timed(out: Path, sig: int, marker: str = "", delay: float = 0.0, *extra: str) -> tuple[int, str, float]:
    """Start an export, send ``sig`` ``delay`` s after ``marker`` appears in its log (or after start);
    return (exit code, stderr, seconds from the signal to the exit)."""
    import threading
    import time

    proc = subprocess.Popen(export_cmd(out, *extra, verbose=True), cwd=ROOT, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    seen: list[str] = []
    sent: list[float] = []
    go = threading.Event()

    def send() -> None:
        go.wait(TIMEOUT)
        time.sleep(delay)
        if proc.poll() is None:
            sent.append(time.monotonic())
            proc.send_signal(sig)
    ended: list[float] = []

    def wait() -> None:  # the exit itself: the renderer's processes may hold stderr open a little longer
        proc.wait(timeout=TIMEOUT)
        ended.append(time.monotonic())
    sender = threading.Thread(target=send, daemon=True)
    waiter = threading.Thread(target=wait, daemon=True)
    sender.start()
    waiter.start()
    if not marker:
        go.set()
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.append(line)
            if marker and marker in line:
                go.set()
        waiter.join(timeout=TIMEOUT)
        code = proc.returncode
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    sender.join(timeout=5)
    assert sent, "the export ended before the signal was sent: " + "".join(seen)[-500:]
    return code, "".join(seen), ended[0] - sent[0]


SIGNALS = {"SIGINT": (signal.SIGINT, 130), "SIGTERM": (signal.SIGTERM, 143)}
