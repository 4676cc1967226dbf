"""PNG and PDF snapshots of a fully drawn map: the only Qt code in export/.

A job renders an export-mode page in its own hidden ``MapView`` at exactly
the requested CSS size, waits for the page to say every layer has drawn and
for a painted frame (signals, never sleeps), then grabs pixels or prints to
PDF. Scale 2 renders at twice the pixels through the page zoom factor, so
the map shows the same extent, only sharper. Every Qt failure value is
checked: a null grab, a failed save, a failed print, a blank frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QObject, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize

from explorer import log
from explorer.atlas.catalog import Catalog
from explorer.errors import ExportError
from explorer.export.files import atomic_path, verifier
from explorer.mapping.page import build_page
from explorer.mapping.views import ViewState
from explorer.web.view import MapView, PaintWatcher

#: A4 width and margins for the PDF; its height grows to keep one page.
PDF_WIDTH_MM = 210.0
PDF_MARGIN_MM = 10.0
CSS_PX_PER_MM = 96.0 / 25.4
#: A render taking longer than this is reported as failed, not waited on forever.
TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class SnapshotRequest:
    """What to render: format, view state, CSS size and pixel ratio."""

    fmt: str  # png | pdf
    state: ViewState
    width: int = 1600
    height: int = 1000
    scale: float = 1.0


def is_blank(image: QImage) -> bool:
    """True if a sample grid of pixels is all one colour (nothing drawn yet)."""
    if image.isNull() or image.width() < 2 or image.height() < 2:
        return True
    first = image.pixel(0, 0)
    step_x, step_y = max(image.width() // 17, 1), max(image.height() // 13, 1)
    return all(image.pixel(x, y) == first
               for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y))


class SnapshotJob(QObject):
    """Renders one PNG or PDF.

    Signals:
        progress(int, str): percent done and what is happening.
        finished(str): the written path.
        failed(str): a message a user can act on (the target is untouched).
    """

    progress = Signal(int, str)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, catalog: Catalog, request: SnapshotRequest, out: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.request = request
        self.out = out
        self.view: MapView | None = None
        self._done = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._fail("the map did not finish drawing in time"))

    # -- lifecycle ----------------------------------------------------------
    def start(self) -> None:
        req = self.request
        self.progress.emit(5, "Building the map page…")
        try:
            html = build_page(self.catalog, "export", req.state, print_layout=(req.fmt == "pdf"))
        except Exception as exc:  # a page that cannot be built is reported, not raised into Qt
            log.export.exception("page build failed")
            self._fail(f"could not build the map page: {exc}")
            return
        view = MapView(self.catalog.is_feature, None)
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        if req.fmt == "pdf":
            width_px = round((PDF_WIDTH_MM - 2 * PDF_MARGIN_MM) * CSS_PX_PER_MM)
            view.resize(width_px, round(width_px * 0.75))
        else:
            # Device pixels = CSS size x scale, whatever the screen's own pixel ratio.
            dpr = view.devicePixelRatioF() or 1.0
            view.resize(round(req.width * req.scale / dpr), round(req.height * req.scale / dpr))
            view.setZoomFactor(req.scale / dpr)
        view.show()
        self.view = view
        view.loadProgress.connect(lambda p: self.progress.emit(10 + p * 6 // 10, "Loading the map…"))
        view.loadFailed.connect(self._fail)
        view.drawn.connect(self._on_drawn)
        self._timer.start(TIMEOUT_MS)
        view.show_page(html, req.state)

    def cancel(self) -> None:
        """Stop now; nothing is written."""
        self._fail("cancelled")

    def _on_drawn(self) -> None:
        if self._done:
            return
        self.progress.emit(80, "Capturing…")
        if self.request.fmt == "png":
            self._capture_png()
        else:
            self._print_pdf()

    # -- PNG ----------------------------------------------------------------
    def _capture_png(self, attempt: int = 0) -> None:
        assert self.view is not None
        req = self.request
        pixmap = self.view.grab()
        if pixmap.isNull():
            self._fail("the map view could not be captured (null pixmap)")
            return
        image = pixmap.toImage()
        want = (round(req.width * req.scale), round(req.height * req.scale))
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
        try:
            with atomic_path(self.out, verifier(self.request.fmt)) as tmp:
                encoded = QByteArray()
                buffer = QBuffer(encoded)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                if not image.save(buffer, "PNG"):
                    raise ExportError(f"{self.out}: Qt could not encode the PNG")
                buffer.close()
                tmp.write_bytes(bytes(encoded.data()))  # an OSError (ENOSPC, EFBIG) keeps its reason
        except ExportError as exc:
            self._fail(str(exc))
            return
        self._succeed()

    def _repaint_then(self, fn) -> None:
        assert self.view is not None
        PaintWatcher(self.view.focusProxy() or self.view, fn)

    # -- PDF ----------------------------------------------------------------
    def _print_pdf(self) -> None:
        assert self.view is not None
        self.view.page().runJavaScript("document.documentElement.scrollHeight", 0, self._print_with_height)

    def _print_with_height(self, height) -> None:
        if self._done or self.view is None:
            return
        try:
            css_height = float(height)
        except (TypeError, ValueError):
            css_height = 1100.0
        content_mm = css_height / CSS_PX_PER_MM + 2 * PDF_MARGIN_MM + 4
        page_height = max(297.0, content_mm)  # one page, however long the dossier
        layout = QPageLayout(QPageSize(QSizeF(PDF_WIDTH_MM, page_height), QPageSize.Unit.Millimeter,
                                       "Alliance Explorer", QPageSize.SizeMatchPolicy.ExactMatch),
                             QPageLayout.Orientation.Portrait,
                             QMarginsF(PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM),
                             QPageLayout.Unit.Millimeter)
        self.progress.emit(85, "Printing the PDF…")
        self.view.page().printToPdf(self._on_pdf, layout)

    def _on_pdf(self, data) -> None:
        if self._done:
            return
        raw = bytes(data.data()) if hasattr(data, "data") else bytes(data)
        if not raw.startswith(b"%PDF"):
            self._fail("printing the map to PDF failed")
            return
        try:
            with atomic_path(self.out, verifier(self.request.fmt)) as tmp:
                tmp.write_bytes(raw)
        except (ExportError, OSError) as exc:
            self._fail(str(exc))
            return
        self._succeed()

    # -- ending -------------------------------------------------------------
    def _cleanup(self) -> None:
        self._timer.stop()
        if self.view is not None:
            view, self.view = self.view, None
            view.dispose()

    def _succeed(self) -> None:
        self._done = True
        self._cleanup()
        self.progress.emit(100, "Done")
        self.finished.emit(str(self.out))

    def _fail(self, message: str) -> None:
        if self._done:
            return
        self._done = True
        self._cleanup()
        msg = message if str(self.out) in message else f"{self.out}: {message}"
        log.export.error("%s", msg)
        self.failed.emit(msg)
