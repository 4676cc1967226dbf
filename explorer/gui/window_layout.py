"""Where the main window stands between runs: its geometry, docks, splitter and map, saved and restored.

Settings are a user-writable file, so everything read back is checked: a
geometry from a larger screen is fitted to this one, and a map state that does
not parse gives the default view with one line in the status bar. Kept apart
from the window so the window holds its doors and its wiring only.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QGuiApplication

from explorer import log
from explorer.errors import ViewError
from explorer.gui.settings import settings
from explorer.i18n import tr
from explorer.mapping.state import MapState


def restored_state(raw: object) -> tuple[MapState, str]:
    """The map state saved in settings (or the default one) and, if it was unusable, why.

    Settings are user-writable files: a NaN or 1e308 view, a date that is not
    a date, a list where text belongs or plain garbage must not stop the map
    drawing at every start. The reason is shown once in the status bar.
    """
    if not raw:
        return MapState(), ""
    try:
        return MapState.from_json(json.loads(str(raw))), ""
    except (TypeError, ValueError, ViewError, RecursionError) as exc:
        log.gui.warning("ignoring saved map state (%s); starting from the default view", exc)
        return MapState(), tr("The saved map could not be restored ({why}); showing the default view.",
                              why=str(exc)[:120])


def start_state() -> MapState:
    """The map state the window will open at, read from the settings before the catalog exists.

    What :func:`restore` resolves against the workspace, as far as the settings alone
    tell: the atlas's layers only (a user layer is opened later); a selection the data
    no longer has is ignored by the page, and dropped once the window resolves the state.
    """
    from explorer.mapping.layers import ATLAS_LAYER_IDS

    raw = settings().value("map/state", "")
    state, note = restored_state(raw)
    if not raw or note:
        state = MapState(layers=tuple(ATLAS_LAYER_IDS))
    return state.with_(layers=tuple(x for x in state.layers if x in ATLAS_LAYER_IDS))


def restore(window: Any) -> None:
    """Geometry, docks, splitter and the map state of the last run, or sensible defaults."""
    s = settings()
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(1400, 900)
    fit_to_screen(window)
    window._restored_size = window.size()
    state = s.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    splitter = s.value("window/splitter")
    if isinstance(splitter, QByteArray) and not splitter.isEmpty():
        window.splitter.restoreState(splitter)
    else:
        QTimer.singleShot(0, lambda: window.splitter.setSizes([window.width() * 3 // 4, window.width() // 4]))
    raw = s.value("map/state", "")
    state, note = restored_state(raw)
    if not raw or note:
        state = window.workspace.default_state()
    window.session.replace(window.workspace.resolve(state))
    if note:
        window.notify(note)


def fit_to_screen(window: Any) -> None:
    """Within the screen's available area, whatever was saved or the default asked for.

    A size saved on a larger screen, or 1400×900 at a scale factor of 2 on a small one,
    would put the panel and menus off-screen.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    avail = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), avail.width() - extra_w)
    height = min(window.height(), avail.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
    frame = window.frameGeometry()
    x = min(max(frame.x(), avail.left()), avail.right() + 1 - frame.width())
    y = min(max(frame.y(), avail.top()), avail.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, avail.left()), max(y, avail.top()))


def save(window: Any) -> None:
    """What :func:`restore` reads at the next start (the measure line is not kept)."""
    s = settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("window/splitter", window.splitter.saveState())
    s.setValue("map/state", json.dumps(window.session.state.with_(measure=()).to_json()))
    s.sync()


__all__ = ["restored_state", "start_state", "restore", "fit_to_screen", "save"]
