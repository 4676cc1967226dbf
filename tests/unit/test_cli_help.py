"""Each sub-command's --help: every option's format and default, then worked examples from the README."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import build_parser
from explorer.cli.examples import EXAMPLES, command

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


SUBS = _subparsers()


def test_every_sub_command_has_examples():
    assert set(EXAMPLES) == set(SUBS)


@pytest.mark.parametrize("name", sorted(SUBS))
def test_help_ends_with_two_or_three_worked_examples(name, capsys):
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args([name, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    head, _, tail = out.rstrip().rpartition("\nexamples:\n")
    assert head, out
    lines = tail.splitlines()
    assert 2 <= len(lines) <= 3 and [ln.strip() for ln in lines] == list(EXAMPLES[name])


@pytest.mark.parametrize("name", sorted(SUBS))
def test_examples_are_the_readmes_and_parse(name):
    for example in EXAMPLES[name]:
        cmd = command(example)
        assert cmd in README, cmd
        argv = shlex.split(cmd)[1:]
        args = build_parser().parse_args(argv)  # a usage error would exit
        assert (getattr(args, "command", None) or "gui") == name, cmd


@pytest.mark.parametrize("name", sorted(SUBS))
def test_every_option_says_its_format_and_default(name):
    for action in SUBS[name]._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, (name, action.dest)
        if action.option_strings and action.nargs != 0:  # an option that takes a value
            assert "default" in action.help or "required" in action.help, (name, action.dest, action.help)
            assert action.metavar or action.choices, (name, action.dest)  # its format, in the usage line
        if not action.option_strings:  # a positional: what it is, and in what form
            assert action.metavar or " or " in action.help or "e.g." in action.help, (name, action.dest)


# -- a start of the window builds only the program's options -------------------------------------------

WINDOW_STARTS = [[], ["--lang", "ja"], ["--data", "somewhere", "--no-cache"], ["--lang=en", "-v"],
                 ["--reset-settings", "--no-err-windows"], ["--screenshot", "x.png", "--quit-after-drawn"]]


@pytest.mark.parametrize("argv", WINDOW_STARTS)
def test_a_window_start_is_parsed_alike_without_the_commands(argv):
    from explorer.cli import names_a_command

    assert not names_a_command(argv)
    full = vars(build_parser().parse_args(argv))
    assert full.pop("command") is None
    assert vars(build_parser(commands=False).parse_args(argv)) == full


@pytest.mark.parametrize("argv", [["export", "--out", "x.png"], ["--lang", "ja", "info", "base:futenma"],
                                  ["--data", "d", "list"], ["-h"], ["--help"], ["open", "x.aeproj"], ["gui"],
                                  ["typo"]])
def test_a_command_or_help_gets_the_whole_parser(argv):
    from explorer.cli import names_a_command

    assert names_a_command(argv)


def test_a_window_start_imports_no_command_module():
    code = ("import sys; from explorer.cli import build_parser; build_parser(commands=False).parse_args([]); "
            "print(sorted(m for m in sys.modules if m.startswith('explorer.cli.') and m != 'explorer.cli.text'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"
