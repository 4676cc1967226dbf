"""The one owner of the map's state in the window.

Every part of the window that shows or changes the map goes through a
``Session``: the map view, the panel, the toolbar and the settings subscribe
to ``changed``, and the bridge's messages, the menus and the panel's links
call ``update``. No widget keeps a copy of the state of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from explorer.mapping.state import MapState


class Session(QObject):
    """Holds the current :class:`MapState`.

    Signals:
        changed(object, object): the new and the previous state, after a real change.
    """

    changed = Signal(object, object)

    def __init__(self, state: MapState | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state or MapState()

    @property
    def state(self) -> MapState:
        return self._state

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
