"""Starting the app on bad data: one clear line, a non-zero exit, no crash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import pytest

pytestmark = pytest.mark.gui


def test_broken_data_directory_gives_a_clear_error(tmp_path, fixture_dir):
    data = tmp_path / "atlas"
    shutil.copytree(fixture_dir, data)
    (data / "threats.geojson").write_text("{ not json", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ALLIANCE_EXPLORER_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "explorer", "--data", str(data), "--no-err-windows"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.startswith("alliance-explorer:")]
    assert len(lines) == 1
    assert "threats.geojson" in lines[0] and "not valid JSON" in lines[0]
    assert "Traceback" not in proc.stderr
