"""Running a long export job from a dialog: progress, Cancel, and one message on failure."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget


def run_with_progress(parent: QWidget, job: QObject, label: str, failure_title: str,
                      done: Callable[[str], None], ended: Callable[[], None]) -> None:
    """Start ``job`` (signals progress(int, str), finished(str), failed(str); slots start, cancel).

    A modal progress dialog follows it and its Cancel cancels it. ``done(path)``
    runs on success; a failure other than a cancel is shown once, titled
    ``failure_title``; ``ended()`` runs either way.
    """
    progress = QProgressDialog(label, "Cancel", 0, 100, parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    job.progress.connect(lambda pct, what: (progress.setValue(pct), progress.setLabelText(what)))
    progress.canceled.connect(job.cancel)

    def finished(path: str) -> None:
        progress.reset()
        ended()
        done(path)

    def failed(message: str) -> None:
        progress.reset()
        ended()
        if not message.endswith("cancelled"):
            QMessageBox.warning(parent, failure_title, message)

    job.finished.connect(finished)
    job.failed.connect(failed)
    job.start()
