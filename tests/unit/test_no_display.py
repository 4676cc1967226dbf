"""With no display the window cannot open: one line pointing at ``export``, exit 2, fast."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from explorer.web.qtenv import display_problem

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY/WAYLAND_DISPLAY are Linux's")
@pytest.mark.parametrize("argv", [[], ["gui"]])
def test_gui_without_a_display_exits_2_with_one_line(tmp_path, argv):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["ALLIANCE_EXPLORER_CACHE"] = str(tmp_path / "cache")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "explorer", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=30, stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "no display" in lines[0] and "alliance-explorer export" in lines[0]
    assert elapsed < 10
    assert proc.stdout == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY/WAYLAND_DISPLAY are Linux's")
def test_display_problem_respects_a_display_or_an_explicit_platform(monkeypatch):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    assert "export" in display_problem()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":0")
    assert display_problem() is None
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert display_problem() is None
