"""``--install-desktop`` / ``--uninstall-desktop``: the menu entry, the icon and the ``.aeproj`` file type.

Installed per user under ``$XDG_DATA_HOME`` (default ``~/.local/share``), as
the freedesktop specifications describe: ``applications/`` for the entry,
``mime/packages/`` for the file type, ``icons/hicolor/`` for the icons. The
entry runs this very program (the bundle's executable, the ``pipx`` or venv
script) with the file as its argument, which opens the project. The
databases are refreshed with ``update-desktop-database`` and
``update-mime-database`` when they are installed; a desktop without them
rescans on its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from explorer import paths
from explorer.cli.text import safe

APP_ID = "alliance-explorer"
MIME_TYPE = "application/x-alliance-explorer-project"
MIME_ICON = MIME_TYPE.replace("/", "-")
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset, empty or not absolute (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


@dataclass(frozen=True)
class Placement:
    """One installed file: where it goes, and the bundled file it comes from (or its text)."""

    target: Path
    source: Path | None = None
    text: str | None = None


def launch_command() -> list[str]:
    """The command that starts this installation of the app, as absolute paths."""
    if getattr(sys, "frozen", False):  # the one-folder bundle
        return [str(Path(sys.executable).absolute())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == APP_ID and script.is_file():
        return [str(script.absolute())]
    beside = Path(sys.executable).parent / APP_ID
    if beside.is_file():
        return [str(beside.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "explorer"]


def exec_line(argv: list[str]) -> str:
    """``argv`` as the value of a desktop entry's ``Exec`` key.

    An argument with a reserved character is quoted, and ``"`` `` ` `` ``$``
    ``\\`` inside quotes are escaped; the key's value is then escaped once more
    as a string (backslashes doubled), per the Desktop Entry specification.
    """
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    out = []
    for arg in argv:
        if any(c in reserved for c in arg):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        out.append(arg.replace("%", "%%"))
    return " ".join(out).replace("\\", "\\\\")


def placements(home: Path | None = None) -> list[Placement]:
    """Every file ``--install-desktop`` writes."""
    home = home or data_home()
    src = paths.resources_dir() / "desktop"
    entry = (src / f"{APP_ID}.desktop").read_text(encoding="utf-8").replace("@EXEC@", exec_line(launch_command()))
    icons = home / "icons" / "hicolor"
    out = [Placement(home / "applications" / f"{APP_ID}.desktop", text=entry),
           Placement(home / "mime" / "packages" / f"{APP_ID}.xml", src / f"{APP_ID}-mime.xml"),
           Placement(icons / "scalable" / "apps" / f"{APP_ID}.svg", src / f"{APP_ID}.svg"),
           Placement(icons / "scalable" / "mimetypes" / f"{MIME_ICON}.svg", src / f"{APP_ID}.svg")]
    for size in PNG_SIZES:
        png = src / "icons" / f"{size}.png"
        out.append(Placement(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png", png))
        out.append(Placement(icons / f"{size}x{size}" / "mimetypes" / f"{MIME_ICON}.png", png))
    return out


def _refresh(home: Path) -> list[str]:
    """Run the desktop's database tools that are installed; return what ran. Failures are not fatal."""
    ran = []
    for argv in (["update-desktop-database", "-q", str(home / "applications")],
                 ["update-mime-database", str(home / "mime")],
                 ["gtk-update-icon-cache", "-q", "-t", "-f", str(home / "icons" / "hicolor")]):
        if shutil.which(argv[0]) and Path(argv[-1]).is_dir():
            try:
                subprocess.run(argv, check=False, timeout=60, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                ran.append(argv[0])
            except (OSError, subprocess.SubprocessError):
                pass
    return ran


def install(home: Path | None = None) -> list[Path]:
    """Write the entry, the file type and the icons; refresh the databases. Returns the files written."""
    home = home or data_home()
    written = []
    for p in placements(home):
        p.target.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.target.with_name(p.target.name + ".tmp")
        if p.text is not None:
            tmp.write_text(p.text, encoding="utf-8")
        else:
            shutil.copyfile(p.source, tmp)
        os.replace(tmp, p.target)
        written.append(p.target)
    _refresh(home)
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what ``install`` wrote (and nothing else); refresh the databases. Returns the files removed."""
    home = home or data_home()
    removed = []
    for p in placements(home):
        if p.target.is_file() or p.target.is_symlink():
            p.target.unlink()
            removed.append(p.target)
    _refresh(home)
    return removed


def cmd_desktop(args) -> int:
    """The ``--install-desktop`` / ``--uninstall-desktop`` options."""
    from explorer.errors import ExplorerError

    home = data_home()
    try:
        if args.uninstall_desktop:
            removed = uninstall(home)
            print(safe(f"Removed Alliance Explorer's menu entry, icons and file type from {home} "
                       f"({len(removed)} files)."))
        else:
            written = install(home)
            print(safe(f"Installed Alliance Explorer's menu entry, icons and the .aeproj file type in {home} "
                       f"({len(written)} files); it starts {' '.join(launch_command())}."))
    except OSError as exc:
        raise ExplorerError(f"cannot {'remove' if args.uninstall_desktop else 'install'} the desktop entry: "
                            f"{exc.strerror or exc}: {exc.filename or home}") from exc
    return 0


__all__ = ["APP_ID", "MIME_TYPE", "cmd_desktop", "data_home", "exec_line", "install", "launch_command",
           "placements", "uninstall"]
