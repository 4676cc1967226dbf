"""The signal machinery of command-line runs (the end-to-end runs are in tests/gui/test_export_signals.py)."""

from __future__ import annotations

import signal

import pytest

from explorer import interrupts


def test_no_error_handler_swallows_an_interruption():
    with pytest.raises(interrupts.Interrupted):
        try:
            raise interrupts.Interrupted(signal.SIGTERM)
        except Exception:  # noqa: BLE001 - what a loader's guard does
            pytest.fail("caught as an ordinary error")


def test_a_command_line_run_holds_the_handler_but_the_window_does_not(monkeypatch, tmp_path):
    from explorer import cli
    from explorer.cli import project

    seen = {}

    def fake_open(args):
        seen["open"] = signal.getsignal(signal.SIGTERM)
        return 0

    def fake_list(args):
        seen["list"] = signal.getsignal(signal.SIGTERM)
        return 0

    monkeypatch.setattr(project, "cmd_open", fake_open)
    monkeypatch.setattr(cli, "cmd_list", fake_list)
    cli.main(["open", str(tmp_path / "x.aeproj")])
    cli.main(["list"])
    assert seen["list"] is interrupts._on_signal
    assert seen["open"] is not interrupts._on_signal  # Qt's loop: an exception from a handler would abort it
    assert signal.getsignal(signal.SIGTERM) is not interrupts._on_signal  # put back afterwards


def test_the_message_says_what_was_complete_before_the_signal(tmp_path):
    with interrupts.interruptible():
        assert interrupts.message(signal.SIGINT) == "interrupted by SIGINT; nothing was written"
        interrupts.placed(tmp_path / "a.png")
        interrupts.scratch(tmp_path / "scratch")
        interrupts.placed(tmp_path / "scratch" / "map-0.png")  # a print job's own picture: not the user's file
        assert interrupts.message(signal.SIGTERM) == (
            f"interrupted by SIGTERM; only these were written, complete: {tmp_path / 'a.png'}")
    assert interrupts.message(signal.SIGTERM) == "interrupted by SIGTERM; nothing was written"
