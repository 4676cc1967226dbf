"""The window's features, installed in one place, each through the window's extension points.

Order matters only for where menu entries land; no feature calls another's
private members, and each subscribes to the window's ``Session`` itself.
"""

from __future__ import annotations


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


__all__ = ["install_all"]
