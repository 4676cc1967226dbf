"""``open FILE.aeproj``: the window, with a project opened once it is up.

A bad project file fails here, in one line, before any window opens. The
export options for projects and user layers live with the export command
(``explorer.cli.export``).
"""

from __future__ import annotations

from pathlib import Path


def cmd_open(args) -> int:
    from explorer.gui.app import run
    from explorer.mapping.project import load

    path = Path(args.project)
    load(path)  # a missing, special or bad file fails here, in one line, before any window opens
    return run(Path(args.data) if args.data else None, show_dialogs=not args.no_err_windows, no_cache=args.no_cache,
               quit_after_drawn=args.quit_after_drawn, after=lambda window: window.projects.open(path),
               screenshot=Path(args.screenshot) if args.screenshot else None, lang=args.lang)


def add_parsers(sub) -> None:
    """The ``open`` command."""
    from explorer.cli.examples import help_kwargs

    sp = sub.add_parser("open", help="open a project file (.aeproj) in the window", **help_kwargs("open"))
    sp.add_argument("project", metavar="FILE.aeproj", help="a project saved with File → Save project")
    sp.set_defaults(func=cmd_open, opens_window=True)


__all__ = ["add_parsers", "cmd_open"]
