"""Writing a file from a dialog: asking before replacing, progress with Cancel, one message on
failure, and what a finished file leaves behind (the remembered folder, a status line)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from explorer import log
from explorer.gui.settings import settings
from explorer.i18n import tr


def may_write(parent: QWidget, out: Path) -> bool | None:
    """Whether ``out`` may be overwritten: False if it is new, True if the user agreed, None to stop."""
    if not out.exists():
        return False
    answer = QMessageBox.question(parent, tr("Replace file?"), tr("{path} exists. Replace it?", path=out))
    return True if answer == QMessageBox.StandardButton.Yes else None


def written(window: QObject | None, path: str, message: str) -> Path:
    """A file is finished: its folder becomes the next default, and the window's status bar says ``message``."""
    out = Path(path)
    settings().setValue("export/folder", str(out.parent))
    log.export.info("wrote %s", path)
    if window is not None and hasattr(window, "statusBar"):
        window.statusBar().showMessage(message, 8000)
    return out


def run_with_progress(parent: QWidget, job: QObject, label: str, failure_title: str,
                      done: Callable[[str], None], ended: Callable[[], None]) -> None:
    """Start ``job`` (signals progress(int, str), finished(str), failed(str); slots start, cancel).

    A modal progress dialog follows it and its Cancel cancels it. ``done(path)``
    runs on success; a failure other than a cancel is shown once, titled
    ``failure_title``; ``ended()`` runs either way.
    """
    progress = QProgressDialog(label, tr("Cancel"), 0, 100, parent)
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
