"""The window's features, installed in one place, each through the window's extension points.

Order matters only for where menu entries land; no feature calls another's
private members, and each subscribes to the window's ``Session`` itself.
"""

from __future__ import annotations


#: The features' modules, in install order.
MODULES = tuple(f"explorer.gui.{name}" for name in ("userlayers", "project_actions", "print_dialog", "filter_dock",
                                                     "opinion_dock", "bookmarks", "briefing", "analysis"))


def import_all() -> None:
    """Import the features' code (and the window's) without building anything: the start does it while the page loads."""
    import importlib

    for name in ("explorer.gui.window", *MODULES):
        importlib.import_module(name)


def install_all(window) -> None:
    from explorer.gui import (analysis, bookmarks, briefing, filter_dock, opinion_dock, print_dialog,
                              project_actions, userlayers)

    userlayers.install(window)
    project_actions.install(window)
    print_dialog.install(window)
    filter_dock.install(window)
    opinion_dock.install(window)
    bookmarks.install(window)
    briefing.install(window)
    analysis.install(window)


__all__ = ["MODULES", "import_all", "install_all"]
