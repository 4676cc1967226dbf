"""The page's user layers follow the workspace's: added, removed, restyled and reordered.

One listener on the session's ``layersChanged`` compares what the page was
sent with what the workspace holds and sends only the difference, so no
feature ever calls ``AtlasExplorer.addLayer`` itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from explorer.mapping.derive import page_state

#: From this many points, the page stamps circles instead of drawing each as a path.
STAMP_MIN_POINTS = 2000


class PageLayers(QObject):
    """Keeps a map view's user layers equal to its session's workspace."""

    def __init__(self, session, mapview, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.map = session, mapview
        self._sent: dict[str, tuple[object, object]] = {}  # layer id -> (spec, loaded) as sent
        session.layersChanged.connect(self.sync)

    def sync(self) -> None:
        ws = self.session.workspace
        now = ws.user_layers()
        ids = {u.id for u in now}
        for lid in [x for x in self._sent if x not in ids]:
            self.map.call("AtlasExplorer.removeLayer", lid)
            del self._sent[lid]
        order_was = [x for x in self._sent]
        order_now = [u.id for u in now if u.id in self._sent]
        redraw_all = order_was != order_now  # the page orders by z as layers arrive: re-add bottom first
        for u in now:
            sent = self._sent.get(u.id)
            if sent is None or redraw_all or sent[1] is not u.loaded:
                if len(u.features) >= STAMP_MIN_POINTS:
                    self.map.call("AtlasExplorer.stampCircles", True)
                self.map.call("AtlasExplorer.addLayer", ws.layer_payload(u.id))
            elif sent[0] != u.spec:
                self.map.call("AtlasExplorer.setLayerStyle", u.id, u.spec.symbols[0].to_json())
            self._sent[u.id] = (u.spec, u.loaded)
        self._sent = {u.id: self._sent[u.id] for u in now}
        # A filter or date also applies to features that just arrived: forget the page's last key.
        state = self.session.state
        if state.filter or state.as_of:
            self.map.call("AtlasExplorer.apply", {"visible": None})
        self.map.apply(page_state(ws.catalog, state))


__all__ = ["PageLayers", "STAMP_MIN_POINTS"]
