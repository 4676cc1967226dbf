"""PNG snapshots of a fully drawn map: what every picture, and every map in a PDF, is made of.

A :class:`Snapshotter` loads the one cached, state-free app page into a hidden
``MapView`` once, then for each request resizes the view to exactly the
requested CSS size, calls ``apply(state, chrome)`` and waits for the page to
say that state is drawn and for a painted frame (signals, never sleeps)
before it grabs pixels. Nothing is baked into a page, so a batch of
snapshots costs one page load. Scale 2 renders at twice the pixels through
the page zoom factor: the same extent, only sharper. Every Qt failure value
is checked: a null grab, a failed save, a blank frame. PDFs are paged
documents made of these PNGs (``explorer.export.printer``): one pipeline.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from explorer import log, paths, store
from explorer.errors import ExportError
from explorer.export.files import atomic_path, verifier
from explorer.i18n import tr
from explorer.mapping.derive import page_state
from explorer.mapping.page import chrome
from explorer.mapping.state import ExportOptions, MapState
from explorer.web.view import MapView, PaintWatcher
from explorer.workspace import Workspace

#: A render taking longer than this is reported as failed, not waited on forever.
TIMEOUT_MS = 60_000
#: Qt's PNG "quality" is its zlib effort: 80 encodes about 1.5x faster than the default for ~6% more bytes.
PNG_QUALITY = 80
#: How many painted frames a capture waits for its frame token before it gives up.
TOKEN_TRIES = 60


def token_colour(n: int) -> tuple[int, int, int]:
    """The colour of snapshot ``n``'s frame token: 64 neighbours apart by 32 levels a channel."""
    return ((n % 8) * 32 + 16, ((n // 8) % 8) * 32 + 16, 200)


def has_token(image: QImage, y: int, n: int) -> bool:
    """Whether row ``y`` of ``image`` carries snapshot ``n``'s token (a few levels of tolerance)."""
    if y >= image.height():
        return False
    want = token_colour(n)
    for x in (0, image.width() // 2, image.width() - 1):
        c = image.pixelColor(x, y)
        if max(abs(c.red() - want[0]), abs(c.green() - want[1]), abs(c.blue() - want[2])) > 8:
            return False
    return True


@dataclass(frozen=True)
class SnapshotRequest:
    """What to render: a map state and the options of its picture (format png)."""

    state: MapState
    options: ExportOptions


def is_blank(image: QImage) -> bool:
    """True if a sample grid of pixels is all one colour (nothing drawn yet)."""
    if image.isNull() or image.width() < 2 or image.height() < 2:
        return True
    first = image.pixel(0, 0)
    step_x, step_y = max(image.width() // 17, 1), max(image.height() // 13, 1)
    return all(image.pixel(x, y) == first
               for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y))


class Snapshotter(QObject):
    """Renders a queue of snapshots from one hidden map view and one page load.

    Signals:
        progress(int, str): percent done of the current snapshot and what is happening.
        finished(str): a snapshot was written to this path.
        failed(str): a snapshot failed, with a message a user can act on (its target is untouched).
        idle(): the queue is empty.
    """

    progress = Signal(int, str)
    finished = Signal(str)
    failed = Signal(str)
    idle = Signal()
    _written = Signal(str, str)  # from the writer thread: path, error ("" when written)

    def __init__(self, workspace: Workspace, parent: QObject | None = None, cache: Path | None | str = "default") -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="png-writer")
        self._writing = 0
        self._written.connect(self._on_written, Qt.ConnectionType.QueuedConnection)
        self.workspace = workspace
        self._cache = paths.cache_dir() if cache == "default" else cache
        self.view: MapView | None = None
        self._queue: list[tuple[SnapshotRequest, Path]] = []
        self._current: tuple[SnapshotRequest, Path] | None = None
        self._seq = -1
        self._token = 0
        self._loaded = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._fail("the map did not finish drawing in time"))

    # -- queue ------------------------------------------------------------------
    def add(self, request: SnapshotRequest, out: Path) -> None:
        """Queue one snapshot; rendering starts at once if nothing else is running."""
        if request.options.fmt != "png":
            raise ExportError(f"{out}: a snapshot is a PNG; PDFs are printed as paged documents")
        self._queue.append((request, out))
        if self._current is None:
            QTimer.singleShot(0, self, self._next)

    def cancel(self) -> None:
        """Stop now: the current snapshot and every queued one fail as cancelled; nothing is written."""
        pending, self._queue = self._queue, []
        if self._current is not None:
            self._fail("cancelled")
        for _, out in pending:
            self.failed.emit(f"{out}: cancelled")

    def close(self) -> None:
        self._pool.shutdown(wait=True)  # a PNG being written is finished, never cut off
        QCoreApplication.sendPostedEvents(self, 0)  # and reported
        self._timer.stop()
        if self.view is not None:
            view, self.view = self.view, None
            view.dispose()

    def _next(self) -> None:
        if self._current is not None:
            return
        if not self._queue:
            if not self._writing:
                self.idle.emit()
            return
        self._current = self._queue.pop(0)
        request, _ = self._current
        self._timer.start(TIMEOUT_MS)
        try:
            view = self._ensure_view()
        except Exception as exc:  # noqa: BLE001 - a page that cannot be built is reported, not raised into Qt
            log.export.exception("page build failed")
            self._fail(f"could not build the map page: {exc}")
            return
        self._size(view, request.options)
        if self._loaded:
            self._apply()

    def _ensure_view(self) -> MapView:
        if self.view is not None:
            return self.view
        self.progress.emit(5, tr("Loading the map page…"))
        html = store.app_page(self.workspace, self._cache)
        view = MapView(self.workspace.has_layer, self.workspace.is_feature, None)
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.loadProgress.connect(lambda p: self.progress.emit(10 + p * 6 // 10, tr("Loading the map…")))
        view.loadFailed.connect(self._fail)
        view.drawn.connect(self._on_loaded)
        view.applied.connect(self._on_applied)
        self.view = view
        view.show()
        view.show_page(html, self._current[0].state if self._current else None, export=True)
        return view

    def _size(self, view: MapView, options: ExportOptions) -> None:
        # Device pixels = CSS size x scale, whatever the screen's own pixel ratio; one CSS row more
        # below the map holds the frame token (cropped off).
        dpr = view.devicePixelRatioF() or 1.0
        view.setZoomFactor(options.scale / dpr)
        view.resize(round(options.width * options.scale / dpr), round((options.height + 1) * options.scale / dpr))

    def _on_loaded(self) -> None:
        self._loaded = True
        if self._current is not None:
            self._apply()

    def _apply(self) -> None:
        assert self.view is not None and self._current is not None
        request, _ = self._current
        self.progress.emit(75, tr("Drawing the map…"))
        catalog = self.workspace.catalog
        self._token += 1
        r, g, b = token_colour(self._token)
        options = {**chrome(catalog, request.state, request.options), "token": f"rgb({r}, {g}, {b})"}
        self._seq = self.view.apply(page_state(catalog, request.state), options)

    def _on_applied(self, seq: int) -> None:
        if self._current is None or seq != self._seq:
            return
        self.progress.emit(80, tr("Capturing…"))
        self._repaint_then(self._capture_png)

    def _repaint_then(self, fn) -> None:
        assert self.view is not None
        PaintWatcher(self.view.focusProxy() or self.view, fn)

    # -- PNG ----------------------------------------------------------------------
    def _capture_png(self, attempt: int = 0) -> None:
        if self._current is None or self.view is None:
            return
        options, out = self._current[0].options, self._current[1]
        pixmap = self.view.grab()
        if pixmap.isNull():
            self._fail("the map view could not be captured (null pixmap)")
            return
        image = pixmap.toImage()
        want = (round(options.width * options.scale), round(options.height * options.scale))
        if not has_token(image, image.height() - 1, self._token):
            # The compositor has not delivered the frame of this state yet (a busy machine): wait for it.
            if attempt < TOKEN_TRIES:
                self._repaint_then(lambda: self._capture_png(attempt + 1))
                return
            self._fail("the map's frame for this state did not arrive")
            return
        image = image.copy(0, 0, image.width(), image.height() - round(options.scale))  # the token row off
        got = (image.width(), image.height())
        if got != want:
            if abs(got[0] - want[0]) > 2 or abs(got[1] - want[1]) > 2:
                self._fail(f"the capture is {got[0]}x{got[1]} pixels, not the requested {want[0]}x{want[1]}")
                return
            # Off by a pixel from a fractional screen ratio: crop or pad, never resample.
            image = image.copy(0, 0, want[0], want[1])
        if is_blank(image):
            if attempt < 20:  # the compositor lags the DOM: wait for the next painted frame
                self._repaint_then(lambda: self._capture_png(attempt + 1))
                return
            self._fail("the captured map was blank")
            return
        # Encoding and writing run on a worker thread while the next snapshot renders;
        # the result (written, or the error) comes back to this thread as a signal.
        self._writing += 1
        self._pool.submit(self._write_png, image, out)
        self._current = None
        self._timer.stop()
        self._next()

    def _write_png(self, image: QImage, out: Path) -> None:
        """Worker thread: encode and write atomically; report through a queued signal."""
        try:
            with atomic_path(out, verifier("png")) as tmp:
                # Encoded in memory, then written by Python: a full disk or a file size
                # limit then reports its own reason (ENOSPC, EFBIG), not "Qt could not encode".
                encoded = QByteArray()
                buffer = QBuffer(encoded)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                if not image.save(buffer, "PNG", PNG_QUALITY):
                    raise ExportError(f"{out}: Qt could not encode the PNG")
                buffer.close()
                tmp.write_bytes(bytes(encoded.data()))
        except (ExportError, OSError) as exc:
            self._written.emit(str(out), str(exc) if str(out) in str(exc) else f"{out}: {exc}")
            return
        self._written.emit(str(out), "")

    def _on_written(self, out: str, error: str) -> None:
        self._writing -= 1
        if error:
            log.export.error("%s", error)
            self.failed.emit(error)
        else:
            self.progress.emit(100, tr("Done"))
            self.finished.emit(out)
        if self._current is None and not self._queue and not self._writing:
            self.idle.emit()

    # -- ending -------------------------------------------------------------------
    def _fail(self, message: str) -> None:
        if self._current is None:
            return
        out = self._current[1]
        self._current = None
        self._timer.stop()
        msg = message if str(out) in message else f"{out}: {message}"
        log.export.error("%s", msg)
        self.failed.emit(msg)
        if message == "cancelled" or not self._loaded:
            self.close()  # a cancelled or never-drawn page is not reused
            self._loaded = False
        QTimer.singleShot(0, self, self._next)


class SnapshotJob(QObject):
    """One PNG, for the export dialog: a :class:`Snapshotter` with a queue of one.

    Signals:
        progress(int, str): percent done and what is happening.
        finished(str): the written path.
        failed(str): a message a user can act on (the target is untouched).
    """

    progress = Signal(int, str)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, workspace: Workspace, request: SnapshotRequest, out: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request, self.out = request, out
        self._snap = Snapshotter(workspace, self)
        self._snap.progress.connect(self.progress)
        self._snap.finished.connect(self._finished)
        self._snap.failed.connect(self._failed)

    def start(self) -> None:
        self._snap.add(self.request, self.out)

    def cancel(self) -> None:
        self._snap.cancel()

    def _finished(self, path: str) -> None:
        self._snap.close()
        self.finished.emit(path)

    def _failed(self, message: str) -> None:
        self._snap.close()
        self.failed.emit(message)
