"""A corpus of broken data directories: never a traceback, a hang or a silent load.

Each case in ``tests/data/bad/cases.py`` breaks a copy of the fixture atlas
one way. ``validate`` must list problems and exit 1; ``list`` and
``export --format geojson`` must refuse with exactly one line and exit 2,
writing nothing, each within a few seconds (an alarm turns a hang into a
failure rather than a stuck test run).
"""

from __future__ import annotations

import importlib.util
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from explorer.cli import main

_spec = importlib.util.spec_from_file_location("bad_cases", Path(__file__).parents[2] / "data" / "bad" / "cases.py")
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)

SECONDS = 10


class Hung(Exception):
    pass


@contextmanager
def deadline(seconds: int):
    def on_alarm(signum, frame):
        raise Hung(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_corpus_is_large_enough():
    names = [name for name, _ in cases.CASES]
    assert len(names) >= 50
    assert len(set(names)) == len(names)


@pytest.fixture(params=cases.CASES, ids=[name for name, _ in cases.CASES])
def bad_dir(request, tmp_path, fixture_dir) -> Path:
    root = tmp_path / "atlas"
    shutil.copytree(fixture_dir, root)
    request.param[1](root)
    return root


def _run(capsys, argv) -> tuple[int, str, str]:
    with deadline(SECONDS):
        code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_bad_data_is_refused_cleanly(bad_dir, tmp_path, capsys):
    code, out, err = _run(capsys, ["--no-cache", "validate", str(bad_dir)])
    assert code == 1, (out, err)
    assert out.strip(), "validate listed no problem"
    assert "Traceback" not in out + err
    assert "problem(s)" in err

    code, out, err = _run(capsys, ["--no-cache", "--data", str(bad_dir), "list"])
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alliance-explorer: error:"), err

    target = tmp_path / "out.geojson"
    code, out, err = _run(capsys, ["--no-cache", "--data", str(bad_dir), "export", "--format", "geojson",
                                   "--out", str(target)])
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alliance-explorer: error:"), err
    assert not target.exists()
    assert not list(tmp_path.glob(".out.geojson.*"))


def test_valid_fixture_still_loads(fixture_dir, capsys):
    # The corpus is only meaningful if the unbroken copy is clean.
    code, out, err = _run(capsys, ["--no-cache", "validate", str(fixture_dir)])
    assert code == 0, out


@pytest.mark.parametrize("name", ["file-fifo-in-bases", "file-symlink-dev-zero"])
def test_special_files_do_not_hang_a_fresh_process(name, tmp_path, fixture_dir):
    """The same through a real process with the cache on: no hang in the fingerprint or the loader."""
    import subprocess
    import sys

    root = tmp_path / "atlas"
    shutil.copytree(fixture_dir, root)
    dict(cases.CASES)[name](root)
    proc = subprocess.run([sys.executable, "-m", "explorer.cli", "--data", str(root), "list"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_a_fifo_added_to_a_cached_atlas_is_not_ignored(tmp_path, fixture_dir, capsys, monkeypatch):
    """A warm cache must not hide a data file that became unreadable."""
    root = tmp_path / "atlas"
    shutil.copytree(fixture_dir, root)
    monkeypatch.setenv("ALLIANCE_EXPLORER_CACHE", str(tmp_path / "cache"))
    assert _run(capsys, ["--data", str(root), "list"])[0] == 0
    assert list((tmp_path / "cache").glob("catalog-*.pickle"))
    dict(cases.CASES)["file-fifo-in-bases"](root)
    code, out, err = _run(capsys, ["--data", str(root), "list"])
    assert code == 2 and "FIFO" in err
