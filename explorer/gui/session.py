"""The one owner of the map's state in the window, beside the workspace it is a state of.

Every part of the window that shows or changes the map goes through a
``Session``: the map view, the panel, the toolbar and the settings subscribe
to ``changed``, and the bridge's messages, the menus and the panel's links
call ``update``. No widget keeps a copy of the state of its own. The session
also holds the :class:`~explorer.workspace.Workspace` (what is open) and
turns its changes into ``layersChanged``, so a feature that opens a layer
never has to tell the toolbar, the panel or search about it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from explorer.mapping.state import MapState
from explorer.workspace import Workspace


class Session(QObject):
    """Holds the workspace and the current :class:`MapState`.

    Signals:
        changed(object, object): the new and the previous state, after a real change.
        layersChanged(): the workspace's open layers changed (opened, removed, restyled, reordered).
    """

    changed = Signal(object, object)
    layersChanged = Signal()

    def __init__(self, workspace: Workspace, state: MapState | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._state = state or MapState()
        self._listener = self.layersChanged.emit
        workspace.subscribe(self._listener)

    def detach(self) -> None:
        """Stop following the workspace (its window is going; another window's session follows it now)."""
        self.workspace.unsubscribe(self._listener)

    @property
    def state(self) -> MapState:
        return self._state

    @property
    def catalog(self):
        """The workspace's catalog now (atlas plus open user layers)."""
        return self.workspace.catalog

    def update(self, **changes: Any) -> bool:
        """Change some fields; emits ``changed`` and returns True only if the state differs."""
        return self.replace(self._state.with_(**changes))

    def replace(self, state: MapState) -> bool:
        """Make ``state`` current (a restored bookmark, project or setting)."""
        old = self._state
        if state == old:
            return False
        self._state = state
        self.changed.emit(state, old)
        return True
