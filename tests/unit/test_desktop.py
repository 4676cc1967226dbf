"""The desktop entry, icons and ``.aeproj`` file type, installed and removed per user."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explorer.cli import build_parser, project_shorthand
from explorer.cli import desktop


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    data = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_writes_the_entry_file_type_and_icons_under_xdg_data_home(home: Path) -> None:
    written = desktop.install()
    entry = _entry(home / "applications" / "alliance-explorer.desktop")
    assert entry["Type"] == "Application" and entry["Icon"] == "alliance-explorer"
    assert entry["MimeType"] == "application/x-alliance-explorer-project;"
    assert entry["Exec"].endswith(" %f") and "@EXEC@" not in entry["Exec"]
    mime = ET.parse(home / "mime" / "packages" / "alliance-explorer.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    (kind,) = mime.findall("m:mime-type", ns)
    assert kind.get("type") == desktop.MIME_TYPE
    assert kind.find("m:glob", ns).get("pattern") == "*.aeproj"
    icons = home / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "alliance-explorer.svg").is_file()
    for size in (16, 32, 48, 256):
        png = icons / f"{size}x{size}" / "apps" / "alliance-explorer.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png.read_bytes()[16:20], "big") == size  # IHDR width
    assert all(p.is_relative_to(home) for p in written)


def test_uninstall_removes_what_install_wrote_and_nothing_else(home: Path) -> None:
    keep = home / "applications" / "someone-else.desktop"
    keep.parent.mkdir(parents=True)
    keep.write_text("[Desktop Entry]\n")
    written = desktop.install()
    removed = desktop.uninstall()
    assert sorted(removed) == sorted(written)
    assert not any(p.exists() for p in written)
    assert keep.is_file()
    assert desktop.uninstall() == []  # twice is harmless


def test_install_succeeds_without_the_desktop_database_tools(home: Path, monkeypatch, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert desktop._refresh(home) == []
    assert desktop.install()


def test_an_unset_or_relative_xdg_data_home_means_the_default(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert desktop.data_home() == tmp_path / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop.data_home() == tmp_path / ".local" / "share"


@pytest.mark.parametrize(("argv", "line"), [
    (["/opt/alliance-explorer/alliance-explorer"], "/opt/alliance-explorer/alliance-explorer"),
    (["/home/a b/bin/alliance-explorer"], '"/home/a b/bin/alliance-explorer"'),
    (["/p/$x\"y`"], '"/p/\\\\$x\\\\"y\\\\`"'),
    (["/usr/bin/python3", "-m", "explorer"], "/usr/bin/python3 -m explorer"),
    (["/p/100%"], "/p/100%%"),
])
def test_exec_line_quotes_as_the_desktop_entry_specification_says(argv, line) -> None:
    assert desktop.exec_line(argv) == line


def test_the_entry_starts_this_installation(home: Path, monkeypatch) -> None:
    script = Path(sys.executable).parent / "alliance-explorer"
    monkeypatch.setattr(sys, "argv", [str(script)])
    if script.is_file():
        assert desktop.launch_command() == [str(script.absolute())]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop.launch_command() == [str(Path(sys.executable).absolute())]


@pytest.mark.parametrize(("argv", "expected"), [
    (["x.aeproj"], ["open", "x.aeproj"]),
    (["--data", "d", "/tmp/My Map.AEPROJ"], ["--data", "d", "open", "/tmp/My Map.AEPROJ"]),
    (["-v", "x.aeproj"], ["-v", "open", "x.aeproj"]),
    (["open", "x.aeproj"], ["open", "x.aeproj"]),
    (["export", "--project", "x.aeproj"], ["export", "--project", "x.aeproj"]),
    (["--data", "x.aeproj"], ["--data", "x.aeproj"]),
    ([], []),
])
def test_a_project_path_alone_opens_the_project(argv, expected) -> None:
    assert project_shorthand(argv) == expected


def test_the_shorthand_reaches_the_open_command() -> None:
    from explorer.cli.project import cmd_open

    args = build_parser().parse_args(project_shorthand(["/tmp/x.aeproj"]))
    assert args.func is cmd_open and args.project == "/tmp/x.aeproj"


def test_the_command_line_installs_and_removes_the_entry(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()} | {"XDG_DATA_HOME": str(tmp_path / "share")}
    entry = tmp_path / "share" / "applications" / "alliance-explorer.desktop"
    proc = subprocess.run([sys.executable, "-m", "explorer", "--install-desktop"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert entry.is_file() and "Installed" in proc.stdout
    beside = Path(sys.executable).parent / "alliance-explorer"  # the venv's script, when there is one
    starts = [str(beside.absolute())] if beside.is_file() else [str(Path(sys.executable).absolute()), "-m", "explorer"]
    assert f"Exec={desktop.exec_line(starts)} %f" in entry.read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "explorer", "--uninstall-desktop"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not entry.exists()
