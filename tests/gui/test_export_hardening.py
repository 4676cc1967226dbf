"""PNG and PDF exports in a real process: full disk, size limit, SIGINT and SIGTERM.

Each failure must be one ``alliance-explorer:`` line (QtWebEngine prints its own
chatter on stderr too), the documented exit status, and no file or temp file.
"""

from __future__ import annotations

import resource

import pytest

from tests.export_proc import (
    SIGNALS,
    act_when,
    error_lines,
    leftovers,
    run_export,
    signal_when,
    small_tmpfs,
)

pytestmark = pytest.mark.gui

QT_FORMATS = ["png", "pdf"]


def _assert_clean_failure(code: int, stderr: str, directory, name: str, reason: str, want: int = 2) -> None:
    assert code == want, stderr[-2000:]
    assert "Traceback" not in stderr and "Fatal Python error" not in stderr
    lines = error_lines(stderr)
    assert len(lines) == 1, stderr[-2000:]
    assert reason in lines[0]
    assert leftovers(directory, name) == []


@pytest.mark.parametrize("fmt", QT_FORMATS)
def test_full_disk(tmp_path, fmt):
    with small_tmpfs(tmp_path) as mnt:
        if mnt is None:
            pytest.skip("cannot mount a tmpfs here (the ulimit test covers the same path)")
        proc = run_export(mnt / f"m.{fmt}")
        _assert_clean_failure(proc.returncode, proc.stderr, mnt, f"m.{fmt}", "no space left on device")


@pytest.mark.parametrize("fmt, marker", [("png", "Capturing"), ("pdf", "Printing on")])
def test_file_size_limit(tmp_path, fmt, marker):
    """``ulimit -f`` on the exporting process once the page has drawn.

    QtWebEngine's own processes need shared-memory files far larger than any
    useful limit, so the limit is set on the main process (prlimit) when it
    starts capturing, after they were started. A large PNG takes long enough
    to encode that the limit is in force before the write.
    """
    out = tmp_path / f"m.{fmt}"
    code, stderr = act_when(out, marker, lambda proc: resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (100_000, 100_000)),
                            "--size", "3000x2000")
    _assert_clean_failure(code, stderr, tmp_path, f"m.{fmt}", "file too large")


@pytest.mark.parametrize("fmt", QT_FORMATS)
def test_small_file_size_limit_on_the_whole_process(tmp_path, fmt):
    """Under ``ulimit -f 100`` QtWebEngine itself could not run: refused up front, in one line."""
    proc = run_export(tmp_path / f"m.{fmt}", fsize=100 * 1024)
    _assert_clean_failure(proc.returncode, proc.stderr, tmp_path, f"m.{fmt}", "file size limit (ulimit -f) of 100 KB")


@pytest.mark.parametrize("signame", sorted(SIGNALS))
@pytest.mark.parametrize("fmt, marker", [("png", "Loading the map"), ("png", "Drawing the map"),
                                         ("pdf", "Printing on")])
def test_signal_during_export(tmp_path, fmt, marker, signame):
    sig, want = SIGNALS[signame]
    out = tmp_path / f"m.{fmt}"
    code, stderr = signal_when(out, sig, marker)
    _assert_clean_failure(code, stderr, tmp_path, f"m.{fmt}", f"interrupted by {signame}", want)
