"""SIGINT and SIGTERM at every phase of an export: exit 130 or 143 within a second, one line, nothing left.

The phases: Python still importing, the atlas being read (no cache), the page being
built and loaded, the web engine starting (C++ code where no Python handler runs),
the map drawing, the capture, the PDF printing. A signal used to be swallowed by the
data loader's error handling (the load went on for up to 38 s, then "could not be
read"), or to surface as "internal error: ImportError" from a half-imported module.
"""

from __future__ import annotations

import pytest

from tests.export_proc import SIGNALS, error_lines, leftovers, signal_timed

pytestmark = pytest.mark.gui

#: (format, log line to wait for, seconds after it). Empty marker: seconds after the start.
PHASES = [
    ("png", "reading the atlas", 0.0),
    ("png", "reading the atlas", 0.4),
    ("png", "Loading the map page", 0.0),
    ("png", "Loading the map page", 0.8),
    ("png", "Drawing the map", 0.0),
    ("png", "Capturing", 0.0),
    ("pdf", "Printing on", 0.0),
]


def _check(code: int, stderr: str, seconds: float, tmp_path, name: str, signame: str) -> None:
    from explorer.export.files import verify

    sig, want = SIGNALS[signame]
    assert code in (want, -sig), stderr[-2000:]  # -sig: killed before Python ran a line (the shell says 128+n)
    assert seconds < 1.0, f"{seconds:.2f} s from the signal to the exit"
    assert "internal error" not in stderr and "Fatal Python error" not in stderr, stderr[-2000:]
    left = leftovers(tmp_path, name)
    if left == [name]:  # the signal came as the finished file was put in place: it is complete, and said so
        verify(name.rsplit(".", 1)[1], tmp_path / name)
        assert error_lines(stderr) == [f"alliance-explorer: error: interrupted by {signame}; only these were "
                                       f"written, complete: {tmp_path / name}"]
        return
    assert left == []
    if code == want:
        assert error_lines(stderr) == [f"alliance-explorer: error: interrupted by {signame}; nothing was written"]


@pytest.mark.parametrize("signame", sorted(SIGNALS))
@pytest.mark.parametrize("fmt, marker, delay", PHASES)
def test_a_signal_in_any_phase_ends_the_export_at_once(tmp_path, fmt, marker, delay, signame):
    out = tmp_path / f"m.{fmt}"
    code, stderr, seconds = signal_timed(out, SIGNALS[signame][0], marker, delay, "--size", "1200x800")
    _check(code, stderr, seconds, tmp_path, out.name, signame)


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.6])
def test_sigterm_at_fixed_times_from_the_start(tmp_path, delay):
    out = tmp_path / "m.png"
    code, stderr, seconds = signal_timed(out, SIGNALS["SIGTERM"][0], "", delay)
    _check(code, stderr, seconds, tmp_path, out.name, "SIGTERM")
