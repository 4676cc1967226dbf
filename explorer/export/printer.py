"""Paginated PDFs on real paper: feature sheets and the briefing booklet.

A :class:`PrintJob` first renders every map it needs with one
:class:`~explorer.export.snapshot.Snapshotter` (one page load, a queue of
PNGs), then composes the HTML document (``explorer.export.booklet``), serves
it through the app's URL scheme (no 2 MB ``setHtml`` cap, however many maps),
loads it in a hidden page, lets each step's type shrink to fit its page, and
prints it with a ``QPageLayout`` of the chosen paper. Failures are signalled
with a message a user can act on; nothing is written unless all went well.
"""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QPageLayout, QPageSize

from explorer import interrupts, log
from explorer.errors import ExportError
from explorer.i18n import tr
from explorer.export.booklet import FIT_JS, MARGINS, Paper
from explorer.export.files import atomic_path, verifier
from explorer.export.snapshot import SnapshotRequest, Snapshotter
from explorer.mapping.state import ExportOptions, MapState
from explorer.web.page import AtlasPage
from explorer.web.scheme import handler, page_url, shared_profile
from explorer.workspace import Workspace

TIMEOUT_MS = 120_000
_PAGE_IDS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter, "a3": QPageSize.PageSizeId.A3}
_names = itertools.count(1)


def page_layout(paper: Paper) -> QPageLayout:
    """The paper as Qt describes it: size, orientation and the booklet's margins, in millimetres."""
    top, right, bottom, left = MARGINS
    return QPageLayout(QPageSize(_PAGE_IDS[paper.name]),
                       QPageLayout.Orientation.Landscape if paper.landscape else QPageLayout.Orientation.Portrait,
                       QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter)


@dataclass(frozen=True)
class MapShot:
    """One map a print layout needs: a key to find its PNG by, a state and the snapshot options."""

    key: str
    state: MapState
    options: ExportOptions


class PrintJob(QObject):
    """Maps first, then one HTML document, printed to a paginated PDF.

    Signals:
        progress(int, str): percent done and what is happening.
        finished(str): the PDF was written to this path.
        failed(str): a message a user can act on (the target is untouched).
    """

    progress = Signal(int, str)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, workspace: Workspace, shots: list[MapShot], compose: Callable[[dict[str, bytes]], str],
                 paper: Paper, out: Path, cache: Path | None | str = "default", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.shots, self.compose, self.paper, self.out = workspace, shots, compose, paper, out
        self._tmp = tempfile.TemporaryDirectory(prefix="alliance-print-")
        interrupts.scratch(self._tmp.name)
        self._snap = Snapshotter(workspace, self, cache)
        self._snap.finished.connect(self._shot_done)
        self._snap.failed.connect(self._shot_failed)
        self._snap.idle.connect(self._maps_done)
        self._errors: list[str] = []
        self._done = 0
        self._page: AtlasPage | None = None
        self._name = f"print-{next(_names)}"
        self._over = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._fail("printing did not finish in time"))

    def _png(self, i: int) -> Path:
        return Path(self._tmp.name) / f"map-{i}.png"

    def start(self) -> None:
        self._timer.start(TIMEOUT_MS)
        self.progress.emit(1, tr("Drawing {n} maps…", n=len(self.shots)) if len(self.shots) != 1
                           else tr("Drawing the map…"))
        for i, shot in enumerate(self.shots):
            self._snap.add(SnapshotRequest(shot.state, shot.options.with_(fmt="png")), self._png(i))

    def cancel(self) -> None:
        self._snap.cancel()
        self._fail("cancelled")

    # -- maps ------------------------------------------------------------------------------
    def _shot_done(self, _path: str) -> None:
        self._done += 1
        self.progress.emit(5 + 75 * self._done // max(len(self.shots), 1),
                           tr("Drew map {n} of {total}", n=self._done, total=len(self.shots)))

    def _shot_failed(self, message: str) -> None:
        self._errors.append(message)

    def _maps_done(self) -> None:
        if self._over:
            return
        self._snap.close()
        if self._errors:
            self._fail(self._errors[0].replace(str(self._png(0).parent), "a map"))
            return
        try:
            maps = {shot.key: self._png(i).read_bytes() for i, shot in enumerate(self.shots)}
            html = self.compose(maps)
        except (OSError, ValueError, KeyError) as exc:
            self._fail(f"could not lay out the document: {exc}")
            return
        self.progress.emit(82, tr("Laying out the pages…"))
        handler().set_page(self._name, html)
        page = AtlasPage(shared_profile(), self)
        page.loadFinished.connect(self._loaded)
        self._page = page
        page.load(QUrl(page_url(self._name)))

    # -- printing --------------------------------------------------------------------------
    def _loaded(self, ok: bool) -> None:
        if self._over or self._page is None:
            return
        if not ok:
            self._fail("the print layout could not be loaded")
            return
        self._page.runJavaScript(FIT_JS, 0, self._print)

    def _print(self, _changed=None) -> None:
        if self._over or self._page is None:
            return
        self.progress.emit(90, tr("Printing on {paper}…", paper=self.paper.label))
        self._page.printToPdf(self._written, page_layout(self.paper))

    def _written(self, data) -> None:
        if self._over:
            return
        raw = bytes(data.data()) if hasattr(data, "data") else bytes(data)
        if not raw.startswith(b"%PDF"):
            self._fail("printing to PDF failed" + _limit_hint())
            return
        try:
            with atomic_path(self.out, verifier("pdf")) as tmp:
                tmp.write_bytes(raw)
        except (ExportError, OSError) as exc:
            self._fail(str(exc))
            return
        self._end()
        self.progress.emit(100, tr("Done"))
        self.finished.emit(str(self.out))

    # -- ending ----------------------------------------------------------------------------
    def _end(self) -> None:
        self._over = True
        self._timer.stop()
        handler().drop_page(self._name)
        if self._page is not None:
            page, self._page = self._page, None
            page.deleteLater()
        self._snap.close()
        self._tmp.cleanup()

    def _fail(self, message: str) -> None:
        if self._over:
            return
        self._end()
        msg = message if str(self.out) in message else f"{self.out}: {message}"
        log.export.error("%s", msg)
        self.failed.emit(msg)


def _limit_hint() -> str:
    """Chromium prints through temporary files: under a file size limit it returns nothing. Say so."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    except (ImportError, AttributeError, OSError, ValueError):
        return ""
    if soft == resource.RLIM_INFINITY:
        return ""
    return f": file too large for the file size limit (ulimit -f) of {soft // 1024} KB"


def run_blocking(job: PrintJob) -> Path:
    """Run a print job to its end in a local event loop (the CLI); ``ExportError`` if it failed.

    SIGINT/SIGTERM stop it, write nothing and raise ``Interrupted`` (as snapshot exports do).
    """
    from PySide6.QtCore import QEventLoop

    from explorer.export.loop import run_until

    loop = QEventLoop()
    result: dict[str, str] = {}
    job.finished.connect(lambda path: (result.__setitem__("ok", path), loop.quit()))
    job.failed.connect(lambda msg: (result.__setitem__("error", msg), loop.quit()))
    job.progress.connect(lambda pct, what: log.export.info("%3d%% %s", pct, what))

    def start() -> None:
        QTimer.singleShot(0, job.start)

    try:
        run_until(loop, start, job.cancel, lambda: bool(result))
    finally:
        job.deleteLater()
    if "ok" in result:
        return Path(result["ok"])
    raise ExportError(result.get("error") or f"{job.out}: the PDF was not written")


__all__ = ["PrintJob", "MapShot", "page_layout", "run_blocking"]
