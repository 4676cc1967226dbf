"""The one narrow channel from the page to Python.

The page may say three things: it is ``ready``, it has ``drawn`` (every layer
on the map and a frame painted), and ``post`` a JSON message. Messages are
parsed and validated by the Qt-free :mod:`explorer.web.protocol`, and only
typed signals leave: anything malformed or naming an unregistered layer or an
unknown feature is logged and dropped, never raised into Qt.

Page script can reach the object the channel exposes, so the channel exposes
this thin facade, never the objects that do the work: if script destroys it
(``explorerBridge.deleteLater()``), the view notices and makes a new one.

What the user does on the page (a click, the empty map, the layer control, a
move) is acted on at once when the bridge is idle; what arrives within
:data:`COALESCE_MS` of the end of the last delivery is coalesced, the latest
message of each kind acted on once, so a page posting a thousand forged clicks
costs a few panel renders, not a thousand. A person clicks far slower than that. A tool's
points all count (a measured line is every click), so they queue instead, at most
:data:`MAX_POINTS` at a time. ``applied`` (the page's receipt for a state) passes at once.
"""

from __future__ import annotations

from collections import deque
from typing import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot

from explorer import log
from explorer.web import protocol


#: The quiet time after a delivery within which the page's next messages are coalesced.
COALESCE_MS = 20
#: Each kind of message and the slot it is coalesced in: a click and a clear are both the selection.
_SLOTS = {protocol.Click: "select", protocol.Clear: "select", protocol.Layers: "layers", protocol.View: "view"}
#: Tool points waiting at most; older ones are dropped beyond it.
MAX_POINTS = 16


class Bridge(QObject):
    """Receives the page's calls.

    Signals:
        pageReady(): the channel is connected; queued JS may run.
        drawnSignal(): layers are on the map and a frame has been painted.
        featureClicked(str, str): layer and id of a feature the user clicked.
        hereClicked(list): ids of every feature under that click, the one chosen first (before featureClicked).
        cleared(): the user clicked the empty map.
        layersChanged(list): the layers now visible (the user used the layer control).
        viewChanged(float, float, float, int): centre lat, lon and zoom after a move, and the apply it came from.
        applied(int): the page has applied the state with this sequence number and painted it.
        pointPicked(float, float): lat and lon the user clicked with a tool on.
    """

    pageReady = Signal()
    drawnSignal = Signal()
    featureClicked = Signal(str, str)
    hereClicked = Signal(list)
    cleared = Signal()
    layersChanged = Signal(list)
    viewChanged = Signal(float, float, float, int)
    applied = Signal(int)
    pointPicked = Signal(float, float)

    def __init__(self, is_layer: Callable[[str], bool], is_feature: Callable[[str, str], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_layer = is_layer
        self._is_feature = is_feature
        self._latest: dict[str, object] = {}
        self._points: deque[protocol.Point] = deque(maxlen=MAX_POINTS)
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.timeout.connect(self._deliver)
        self._since = QElapsedTimer()

    def bind(self, is_layer: Callable[[str], bool], is_feature: Callable[[str, str], bool]) -> None:
        """Check messages against these from now on (a view made before its workspace)."""
        self._is_layer, self._is_feature = is_layer, is_feature

    @Slot()
    def ready(self) -> None:
        self.pageReady.emit()

    @Slot()
    def drawn(self) -> None:
        self.drawnSignal.emit()

    @Slot(str)
    def post(self, message: str) -> None:
        try:
            msg = protocol.parse(message, self._is_layer, self._is_feature)
        except Exception:  # noqa: BLE001 - a message must never take the app down
            log.bridge.exception("bad message from page: %.200r", message)
            return
        if isinstance(msg, protocol.Rejected):
            log.bridge.warning("dropped message (%s): %.200r", msg.reason, message)
        elif isinstance(msg, protocol.Applied):
            self.applied.emit(msg.seq)
        elif type(msg) in _SLOTS or isinstance(msg, protocol.Point):
            if isinstance(msg, protocol.Point):
                self._points.append(msg)
            else:
                slot = _SLOTS[type(msg)]
                self._latest.pop(slot, None)  # re-inserted last: deliveries keep the order of the latest messages
                self._latest[slot] = msg
            if self._flush.isActive():
                return
            waited = self._since.elapsed() if self._since.isValid() else COALESCE_MS
            if waited >= COALESCE_MS:
                self._deliver()  # idle: at once, as a click always was
            else:
                self._flush.start(COALESCE_MS - waited)

    def _deliver(self) -> None:
        """Act on the latest message of each kind received since the last delivery."""
        latest, self._latest = self._latest, {}
        points, self._points = list(self._points), deque(maxlen=MAX_POINTS)
        try:
            self._emit([*latest.values(), *points])
        finally:
            self._since.start()  # from the end: a slow render does not make the next message look idle

    def _emit(self, messages: list) -> None:
        for msg in messages:
            if isinstance(msg, protocol.Click):
                self.hereClicked.emit([msg.id, *(fid for _, fid in msg.also)])  # first: what is under the pointer
                self.featureClicked.emit(msg.layer, msg.id)
            elif isinstance(msg, protocol.Clear):
                self.cleared.emit()
            elif isinstance(msg, protocol.Layers):
                self.layersChanged.emit(list(msg.layers))
            elif isinstance(msg, protocol.View):
                self.viewChanged.emit(msg.lat, msg.lon, msg.zoom, msg.seq)
            elif isinstance(msg, protocol.Point):
                self.pointPicked.emit(msg.lat, msg.lon)
