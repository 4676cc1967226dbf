"""Long work off the GUI thread, with progress and cancel.

A :class:`Worker` runs one function ``fn(progress, cancelled)`` in a
``QThread``. The function reports ``progress(percent, text)`` and checks
``cancelled()`` between steps; its result or its exception comes back to the
GUI thread as a signal. Cancel answers at once: the GUI stops waiting, and
whatever the function returns after that is dropped, never applied.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QThread, Signal

from explorer import log
from explorer.i18n import tr


class Worker(QThread):
    """Runs ``fn(progress, cancelled)`` off the GUI thread.

    Signals:
        progressed(int, str): percent done and what is happening.
        succeeded(object): the function's result (not emitted after cancel).
        raised(object): the exception it raised (not emitted after cancel).
    """

    progressed = Signal(int, str)
    succeeded = Signal(object)
    raised = Signal(object)

    def __init__(self, fn: Callable[[Callable[[int, str], None], Callable[[], bool]], Any], parent=None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        #: Set when ``fn`` has returned or raised (a plain event: it outlives the QThread object).
        self.ended = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # the worker thread
        try:
            self._run()
        finally:
            self.ended.set()

    def _run(self) -> None:
        try:
            result = self._fn(lambda pct, what: self.progressed.emit(int(pct), str(what)), self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which reports it
            if not self._cancel.is_set():
                if not isinstance(exc, Exception):
                    log.gui.error("worker stopped: %r", exc)
                self.raised.emit(exc)
            return
        if not self._cancel.is_set():
            self.succeeded.emit(result)


class BusyWork:
    """One long read at a time for a window, behind a progress dialog with Cancel.

    Opening a layer and opening a project share one (a project reads layers):
    while it runs, ``worker`` is set and a second read is refused by the caller.
    A result that arrives after Cancel is dropped, never applied.
    """

    def __init__(self, window) -> None:
        self.window = window
        self.worker: Worker | None = None
        self.progress = None

    def run(self, worker: Worker, title: str, ok: Callable[[Any], None], fail: Callable[[BaseException], None]) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        self.worker = worker
        dlg = QProgressDialog(title, tr("Cancel"), 0, 100, self.window)
        dlg.setWindowTitle("Alliance Explorer")
        dlg.setWindowModality(Qt.WindowModality.NonModal)
        dlg.setMinimumDuration(400)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(self.cancel)
        self.progress = dlg
        def show(pct: int, what: str) -> None:
            if self.progress is dlg:  # a report queued before Cancel may arrive after the dialog is gone
                dlg.setValue(pct)
                dlg.setLabelText(what)

        worker.progressed.connect(show)
        worker.succeeded.connect(lambda result: None if worker.is_cancelled else (self._end(), ok(result)))
        worker.raised.connect(lambda exc: None if worker.is_cancelled else (self._end(), fail(exc)))
        worker.finished.connect(worker.deleteLater)
        worker.start()

    def cancel(self) -> None:
        """Stop waiting for the work under way; its result, if any, is dropped."""
        if self.worker is not None:
            self.worker.cancel()
            self._end()
            self.window.statusBar().showMessage(tr("Cancelled; nothing was added."), 5000)

    def _end(self) -> None:
        self.worker = None
        if self.progress is not None:
            dlg, self.progress = self.progress, None
            dlg.canceled.disconnect(self.cancel)
            dlg.close()
            dlg.deleteLater()
