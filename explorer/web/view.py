"""MapView: one facade over QWebEngineView for the window and the exporter.

It loads a built page by URL (never ``setHtml``), injects the channel and
bridge scripts as named ``QWebEngineScript``s so the page HTML stays clean,
queues Python->JS calls until the page says it is ready, and turns the page's
"drawn" call plus a painted frame into one ``drawn`` signal.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.parse
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QEvent, QFile, QIODevice, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from explorer import log, paths
from explorer.mapping.js import js_call
from explorer.web.bridge import Bridge
from explorer.web.page import AtlasPage
from explorer.web.scheme import PAGE_PREFIX, handler, page_url, shared_profile

if TYPE_CHECKING:  # the window's start makes its view before the model is imported
    from explorer.mapping.state import MapState

_counter = itertools.count(1)


def placeholder() -> str:
    """What a held page shows until released: the sea, plain (atlas.js takes it from the payload's style)."""
    from explorer.mapping.style import SEA

    return SEA


def _script(name: str, source: str) -> QWebEngineScript:
    s = QWebEngineScript()
    s.setName(name)
    s.setSourceCode(source)
    s.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    s.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    s.setRunsOnSubFrames(False)
    return s


def _qwebchannel_js() -> str:
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("qwebchannel.js is missing from the Qt resources")
    try:
        return bytes(f.readAll().data()).decode("utf-8")
    finally:
        f.close()


class PaintWatcher(QObject):
    """Fires a callback at the next paint of the web view's render widget.

    A widget that is not on screen (the exporter's) may never get a paint
    event for an unchanged frame, so after ``FALLBACK_MS`` without one the
    callback fires anyway; the snapshot's blank-frame check still guards it.
    """

    FALLBACK_MS = 500

    def __init__(self, target: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(target)
        self._cb: Callable[[], None] | None = callback
        self._target = target
        target.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._fire)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # Paint only: an UpdateRequest is a promise of a frame, not a frame.
        if self._cb is not None and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._fire)  # after this paint has been delivered
        return False

    def _fire(self) -> None:
        if self._cb is None:
            return
        cb, self._cb = self._cb, None
        self._target.removeEventFilter(self)
        self.deleteLater()
        cb()


class RevealWatcher(PaintWatcher):
    """A PaintWatcher for a held page's first frame: fires at the first paint that shows more than the placeholder.

    The held page is a plain sea-coloured area until released; after it says it has
    drawn, the next paint can still carry that plain frame (the compositor lags the
    page), so a capture then would show the placeholder. A grab of the view is checked
    at each paint instead; after ``FALLBACK_MS`` it fires anyway (a view of open sea).
    """

    FALLBACK_MS = 1500

    def __init__(self, target: QWidget, view: QWidget, placeholder: str, callback: Callable[[], None]) -> None:
        super().__init__(target, callback)
        self._view = view
        self._placeholder = QColor(placeholder).rgb() | 0xFF000000
        QTimer.singleShot(0, self, self._check)  # the frame may be on screen already

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # A grab paints the view itself: a check for that paint would only grab the same frame again.
        if self._cb is not None and event.type() == QEvent.Type.Paint and not self._grabbing:
            QTimer.singleShot(0, self, self._check)
        return False

    _grabbing = False

    def _check(self) -> None:
        if self._cb is None:
            return
        self._grabbing = True
        try:
            image = self._view.grab().toImage()
        finally:
            self._grabbing = False
        if _drawn_share(image, self._placeholder) >= 0.1:
            self._fire()


def _drawn_share(image: QImage, placeholder: int) -> float:
    """The share of a 24x16 sample of ``image`` that is painted and neither the placeholder nor blank white.

    Before the compositor's first frame a grab is transparent or white; the held page
    is the placeholder colour until it reveals the map.
    """
    if image.isNull() or image.width() < 24 or image.height() < 16:
        return 0.0
    w, h = image.width(), image.height()
    blank = (placeholder, 0xFFFFFFFF)
    drawn = 0
    for i in range(24):
        for j in range(16):
            pixel = image.pixel(int((i + 0.5) * w / 24), int((j + 0.5) * h / 16))
            drawn += (pixel >> 24) == 0xFF and pixel not in blank
    return drawn / (24 * 16)


class MapView(QWebEngineView):
    """The map page in a web view.

    Signals:
        pageReady(): the bridge is connected and queued calls have run.
        pointPicked(float, float): the user clicked the map with a tool on (measure, ring).
        drawn(): every layer is on the map and a painted frame is on screen.
        featureClicked(str, str): layer and id of the feature the user clicked.
        hereClicked(list): ids of every feature under that click, the one chosen first.
        cleared(): the user clicked the empty map.
        layersChanged(list): the user changed the visible layers in the page.
        viewChanged(float, float, float): the map moved: centre lat, lon and zoom.
        applied(int): the state applied with this sequence number is drawn and painted.
        rendererRestarted(int): the page's renderer died and the page was reloaded (the count).
        rendererLost(str): the renderer died too often; the map is given up, with why.
        loadFailed(str): the page failed to load.
    """

    pageReady = Signal()
    drawn = Signal()
    featureClicked = Signal(str, str)
    hereClicked = Signal(list)
    cleared = Signal()
    layersChanged = Signal(list)
    viewChanged = Signal(float, float, float)
    applied = Signal(int)
    pointPicked = Signal(float, float)
    loadFailed = Signal(str)
    rendererRestarted = Signal(int)
    rendererLost = Signal(str)

    #: More renderer deaths than this within ``CRASH_WINDOW_S`` and the view stops reloading.
    MAX_CRASHES = 3
    CRASH_WINDOW_S = 60.0

    def __init__(self, is_layer: Callable[[str], bool], is_feature: Callable[[str, str], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = f"{PAGE_PREFIX}{next(_counter)}.html"
        self._ready = False
        self._queue: list[tuple[str, Callable | None]] = []
        self._seq = 0
        self.is_drawn = False
        #: Loaded with ``hold``: the page draws nothing until :meth:`release`.
        self.held = False
        self._revealing = False
        page = AtlasPage(shared_profile(), self)
        scripts = page.scripts()
        scripts.insert(_script("qwebchannel", _qwebchannel_js()))
        scripts.insert(_script("explorer-bridge", (paths.web_dir() / "bridge.js").read_text(encoding="utf-8")))
        self._is_layer, self._is_feature = is_layer, is_feature
        self._channel = QWebChannel(page)
        page.setWebChannel(self._channel)
        self.setPage(page)
        self._make_bridge()
        self.loadFinished.connect(self._on_load_finished)
        self._url: QUrl | None = None
        self._open_state: dict | None = None
        self._last_state: dict | None = None
        self._crashes: list[float] = []
        self._camera_seq = 0
        #: The sequence number of the last state the page has drawn and painted.
        self.last_applied = 0
        page.renderProcessTerminated.connect(self._on_renderer_died)

    def bind(self, is_layer: Callable[[str], bool], is_feature: Callable[[str, str], bool]) -> None:
        """Check the page's messages against these: a view made before its workspace existed."""
        self._is_layer, self._is_feature = is_layer, is_feature
        self.bridge.bind(is_layer, is_feature)

    def _make_bridge(self) -> None:
        """Expose a fresh bridge; page script that destroys one only gets a new one."""
        self.bridge = Bridge(self._is_layer, self._is_feature, self)
        self._channel.registerObject("bridge", self.bridge)
        self.bridge.pageReady.connect(self._on_ready)
        self.bridge.drawnSignal.connect(self._on_drawn)
        self.bridge.hereClicked.connect(self.hereClicked)
        self.bridge.featureClicked.connect(self.featureClicked)
        self.bridge.cleared.connect(self.cleared)
        self.bridge.layersChanged.connect(self.layersChanged)
        self.bridge.viewChanged.connect(self._on_view)
        self.bridge.applied.connect(self._on_applied)
        self.bridge.pointPicked.connect(self.pointPicked)
        self.bridge.destroyed.connect(self._on_bridge_destroyed)

    def _on_bridge_destroyed(self) -> None:
        log.bridge.warning("page script destroyed the bridge; reconnecting")
        self._make_bridge()
        self.page().runJavaScript(
            "window.explorerBridge = undefined;" + (paths.web_dir() / "bridge.js").read_text(encoding="utf-8"),
            QWebEngineScript.ScriptWorldId.MainWorld)

    # -- loading ----------------------------------------------------------
    def show_page(self, html: str | bytes, state: MapState | None = None, hold: bool = False,
                  export: bool = False) -> None:
        """Serve ``html`` under this view's page name and load it, opening at ``state``.

        ``hold``: the page loads, parses and builds its layers, but draws nothing until
        :meth:`release` (the window's start loads the page before the window around it
        exists, so before the map has its final size). A held page gets its state with
        the release (:meth:`open_at`), so that the start can begin loading it before the
        model that makes a state is imported.
        ``export``: the page is an exporter's, whose every picture is framed and laid out by
        its own state (``apply``): the first frame nobody sees need not be complete.
        """
        handler().set_page(self._name, html)
        self._ready = False
        self.is_drawn = False
        self.held = hold
        self._open_state = None
        name = f"{self._name}?export" if export else self._name
        self._url = QUrl(page_url(name))  # a reload after a renderer's death is never held
        if state is not None:
            self.open_at(state, name)
        self.load(QUrl(page_url(f"{self._name}?hold")) if hold else self._url)

    @property
    def has_page(self) -> bool:
        """Whether a page was given to this view (:meth:`show_page`), loaded or still loading."""
        return self._url is not None

    def open_at(self, state: MapState, name: str | None = None) -> None:
        """The state the page opens at: in its URL, or sent with :meth:`release` to a held page."""
        self._open_state = state.to_json()
        fragment = urllib.parse.quote(json.dumps(self._open_state))
        self._url = QUrl(page_url(name or self._name, fragment))

    def release(self) -> None:
        """Let a held page frame its view at the map's size now, and draw; what was asked meanwhile follows.

        By ``runJavaScript``, not the web channel: the page may not have connected yet,
        and if its script has not run yet, it finds the size (and its state) when it does.
        """
        if self.held:
            self.held = False
            self._revealing = True
            size = json.dumps([self.width(), self.height()])
            state = json.dumps(self._open_state)  # JSON is a JavaScript literal (ES2019 and on)
            self.page().runJavaScript(
                f"window.__atlasRelease = {size}; window.__atlasState = {state}; "
                f"if (window.AtlasExplorer) AtlasExplorer.release({size}, {state}); void 0;",
                QWebEngineScript.ScriptWorldId.MainWorld)

    def _on_load_finished(self, ok: bool) -> None:
        # A refused navigation also ends in loadFinished(False); only a page
        # that never became ready has failed.
        if not ok and not self._ready:
            log.mapping.error("map page failed to load")
            self.loadFailed.emit("the map page failed to load")

    def _on_ready(self) -> None:
        self._ready = True
        queued, self._queue = self._queue, []
        for js, cb in queued:
            self._run(js, cb)
        self.pageReady.emit()

    def _on_drawn(self) -> None:
        target = self.focusProxy() or self

        def done() -> None:
            self.is_drawn = True
            self.drawn.emit()

        if self._revealing:  # a held page's first frame: until then the view showed a plain placeholder
            self._revealing = False
            RevealWatcher(target, self, placeholder(), done)
        else:
            PaintWatcher(target, done)

    # -- Python -> JS -----------------------------------------------------
    def apply(self, state: dict, options: dict | None = None) -> int:
        """Have the page draw a state (``mapping.derive.page_state``) and an export's ``options``.

        ``applied(seq)`` follows once it is drawn and painted.
        """
        self._seq += 1
        if options is None:
            if self._last_state is None or state.get("camera") != self._last_state.get("camera"):
                self._camera_seq = self._seq  # view reports from before this camera are stale
            self._last_state = state  # what a reloaded page must show again
        self.call("AtlasExplorer.apply", state, options, self._seq)
        return self._seq

    def _on_applied(self, seq: int) -> None:
        self.last_applied = max(self.last_applied, seq)
        self.applied.emit(seq)

    def _on_view(self, lat: float, lon: float, zoom: float, seq: int) -> None:
        """Pass on a map move unless a newer camera has been asked for since it began."""
        if seq >= self._camera_seq:
            self.viewChanged.emit(lat, lon, zoom)

    # -- renderer death ----------------------------------------------------------------
    def _on_renderer_died(self, status, code: int) -> None:
        """Reload the cached page and re-apply the last state; give up after repeated deaths."""
        now = time.monotonic()
        self._crashes = [t for t in self._crashes if now - t < self.CRASH_WINDOW_S] + [now]
        log.mapping.error("the map's renderer ended (%s, code %s)", getattr(status, "name", status), code)
        self._ready = False
        self.is_drawn = False
        if len(self._crashes) > self.MAX_CRASHES or self._url is None:
            self.rendererLost.emit(f"the map's renderer stopped {len(self._crashes)} times in a minute")
            return
        if self._last_state is not None:
            self._seq += 1
            self._camera_seq = self._seq
            self._queue = [(js_call("AtlasExplorer.apply", self._last_state, None, self._seq), None)]
        else:
            self._queue = []
        QTimer.singleShot(0, self, lambda: self.load(self._url))
        self.rendererRestarted.emit(len(self._crashes))

    def call(self, function: str, *args: Any, callback: Callable[[Any], None] | None = None) -> None:
        """Call a page function with escaped arguments; queued until the page is ready."""
        js = js_call(function, *args)
        if self._ready:
            self._run(js, callback)
        else:
            self._queue.append((js, callback))

    def _run(self, js: str, callback: Callable | None) -> None:
        if callback is None:
            self.page().runJavaScript(js, QWebEngineScript.ScriptWorldId.MainWorld)
        else:
            self.page().runJavaScript(js, QWebEngineScript.ScriptWorldId.MainWorld, callback)

    def dispose(self) -> None:
        """Drop this view's page from the shared handler and schedule deletion."""
        handler().drop_page(self._name)
        self.setParent(None)
        self.deleteLater()
