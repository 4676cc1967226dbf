"""The one narrow channel from the page to Python.

The page may say three things: it is ``ready``, it has ``drawn`` (every layer
on the map and a frame painted), and ``post`` a JSON message. Messages are
parsed and validated here, and only typed signals leave: an unknown layer, an
unknown id or malformed JSON is logged and dropped, never raised into Qt.
Anything on the page, including hostile data, can call these slots, so they
trust nothing.
"""

from __future__ import annotations

import json
from typing import Callable

from PySide6.QtCore import QObject, Signal, Slot

from explorer import log
from explorer.atlas.records import LAYERS

MAX_MESSAGE = 4096


class Bridge(QObject):
    """Receives the page's calls.

    Signals:
        pageReady(): the channel is connected; queued JS may run.
        drawn(): layers are on the map and a frame has been painted.
        featureClicked(str, str): layer and id of a feature the user clicked.
        layersChanged(list): the layers now visible (the user used the layer control).
        viewChanged(float, float, float): the map's centre lat, lon and zoom after a move.
    """

    pageReady = Signal()
    drawnSignal = Signal()
    featureClicked = Signal(str, str)
    layersChanged = Signal(list)
    viewChanged = Signal(float, float, float)

    def __init__(self, is_feature: Callable[[str, str], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_feature = is_feature

    @Slot()
    def ready(self) -> None:
        self.pageReady.emit()

    @Slot()
    def drawn(self) -> None:
        self.drawnSignal.emit()

    @Slot(str)
    def post(self, message: str) -> None:
        try:
            self._dispatch(message)
        except Exception:  # a message must never take the app down
            log.bridge.exception("bad message from page: %.200r", message)

    def _dispatch(self, message: str) -> None:
        if not isinstance(message, str) or len(message) > MAX_MESSAGE:
            log.bridge.warning("dropped oversized or non-text message")
            return
        try:
            msg = json.loads(message)
        except json.JSONDecodeError:
            log.bridge.warning("dropped malformed JSON: %.200r", message)
            return
        if not isinstance(msg, dict):
            log.bridge.warning("dropped non-object message: %.200r", message)
            return
        kind = msg.get("type", "click")
        if kind == "click":
            layer, fid = msg.get("layer"), msg.get("id")
            if not (isinstance(layer, str) and isinstance(fid, str) and layer in LAYERS and self._is_feature(layer, fid)):
                log.bridge.warning("dropped click on unknown feature: %.200r", message)
                return
            self.featureClicked.emit(layer, fid)
        elif kind == "layers":
            names = msg.get("layers")
            if isinstance(names, list) and all(n in LAYERS for n in names):
                self.layersChanged.emit(list(names))
        elif kind == "view":
            center, zoom = msg.get("center"), msg.get("zoom")
            if (isinstance(center, list) and len(center) == 2 and all(isinstance(v, (int, float)) for v in center)
                    and isinstance(zoom, (int, float))):
                self.viewChanged.emit(float(center[0]), float(center[1]), float(zoom))
        else:
            log.bridge.warning("dropped message of unknown type %.50r", kind)
