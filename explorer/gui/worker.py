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
