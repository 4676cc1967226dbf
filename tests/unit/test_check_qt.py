"""tools/check_qt.sh: finds Qt's xcb plugin's missing libraries and names the packages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "check_qt.sh"


def _qt_dir() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


def _run(env_extra: dict, drop=("DISPLAY", "WAYLAND_DISPLAY")) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra)
    return subprocess.run(["sh", str(SCRIPT), "python3"], env=env, capture_output=True, text=True, timeout=60)


def test_does_nothing_without_a_display():
    proc = _run({"CHECK_QT_DIR": "/nonexistent"})
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""


@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd")
def test_names_the_missing_libraries_and_the_apt_command(tmp_path):
    # The plugin copied away from Qt's own libraries: ldd finds those missing.
    plugin = _qt_dir() / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("PySide6 has no xcb plugin here")
    fake = tmp_path / "Qt" / "plugins" / "platforms"
    fake.mkdir(parents=True)
    shutil.copy(plugin, fake / "libqxcb.so")
    proc = _run({"DISPLAY": ":99", "CHECK_QT_DIR": str(tmp_path / "Qt"), "CHECK_QT_DRY_RUN": "1"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "missing" in proc.stdout and "libQt6XcbQpa.so.6" in proc.stdout
    command = proc.stdout.strip().splitlines()[-1]
    assert "apt-get install" in command
    for pkg in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libqt6xcbqpa6"):
        assert pkg in command


def test_passes_with_the_real_install_when_nothing_is_missing():
    qt = _qt_dir()
    libs = subprocess.run(["ldd", str(qt / "plugins" / "platforms" / "libqxcb.so")], capture_output=True, text=True)
    if "not found" in libs.stdout:
        pytest.skip("this machine lacks some xcb libraries")
    proc = _run({"DISPLAY": ":99", "CHECK_QT_DRY_RUN": "1", "CHECK_QT_DIR": str(qt)})
    assert proc.returncode == 0 and proc.stdout == ""
