"""Running a Qt export job to its end from a script, interruptibly: the one blocking loop.

The CLI's PNG/PDF snapshots and its paper PDFs both start a Qt job, wait for
it in a local event loop, and must still honour SIGINT/SIGTERM: Python runs
signal handlers only between bytecodes, so a timer gives it a chance every
100 ms while Qt waits in C++, and the handler only sets a flag and quits the
loop (an exception raised inside a Qt callback would abort the process). A
job's own error log line is kept out of a normal run, since the caller prints
the error once itself (kept with ``-v``).
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

from explorer import log
from explorer.interrupts import check_interrupted, deferred_signals, pending_signal


class DropErrors(logging.Filter):
    """Keeps a job's own error log line out of a CLI run that prints the error once itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


def run_until(loop: QEventLoop, start: Callable[[], None], cancel: Callable[[], None],
              done: Callable[[], bool]) -> None:
    """``start()`` the job, run ``loop`` until it quits, ``cancel()`` it if a signal woke us early.

    Raises ``Interrupted`` (from :mod:`explorer.interrupts`) after a SIGINT/SIGTERM.
    Deferred deletions are flushed before returning, so views and pages are gone
    before the web profile is torn down at exit.
    """
    poll = QTimer()
    poll.timeout.connect(lambda: None)
    poll.start(100)
    quiet = None if log.export.isEnabledFor(logging.DEBUG) else DropErrors()
    if quiet:
        log.export.addFilter(quiet)
    try:
        with deferred_signals(loop.quit):
            check_interrupted()
            start()
            if pending_signal() is None:
                loop.exec()
            poll.stop()
            if pending_signal() is not None and not done():
                cancel()  # woken by a signal: stop, write nothing more
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QCoreApplication.processEvents()
    finally:
        if quiet:
            log.export.removeFilter(quiet)
    check_interrupted()


__all__ = ["run_until", "DropErrors"]
