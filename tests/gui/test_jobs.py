"""Writing a file from a dialog: the replace question and what a finished file leaves behind."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from explorer.gui.jobs import may_write, written
from explorer.gui.settings import settings
import pytest

pytestmark = pytest.mark.gui


def test_a_new_file_is_written_without_asking(qtbot, tmp_path):
    assert may_write(None, tmp_path / "new.png") is False


def test_an_existing_file_is_replaced_only_when_the_user_says_yes(qtbot, tmp_path, monkeypatch):
    out = tmp_path / "old.png"
    out.write_bytes(b"x")
    for answer, expected in ((QMessageBox.StandardButton.Yes, True), (QMessageBox.StandardButton.No, None)):
        monkeypatch.setattr(QMessageBox, "question", lambda *a, _answer=answer, **k: _answer)
        assert may_write(None, out) is expected
    assert out.read_bytes() == b"x"


def test_a_written_file_sets_the_next_folder_and_says_so(qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    path = tmp_path / "sub" / "map.pdf"
    assert written(window, str(path), f"Saved {path}") == path
    assert settings().value("export/folder") == str(path.parent)
    assert window.statusBar().currentMessage() == f"Saved {path}"


def test_a_progress_report_that_arrives_after_cancel_is_dropped(qtbot):
    """A report queued by the worker before Cancel reached the window after its dialog was deleted."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QMainWindow

    from explorer.gui.worker import BusyWork, Worker

    window = QMainWindow()
    qtbot.addWidget(window)
    cancelled, reported = threading.Event(), threading.Event()

    def work(progress, is_cancelled):
        cancelled.wait(10)
        progress(50, "after cancel")  # queued to the window's thread after its dialog is gone
        reported.set()
        return None

    busy = BusyWork(window)
    worker = Worker(work)
    finished: list[int] = []
    worker.finished.connect(lambda: finished.append(1))
    busy.run(worker, "Reading", lambda result: None, lambda exc: None)
    busy.cancel()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the dialog is deleted now
    cancelled.set()
    qtbot.waitUntil(reported.is_set, timeout=10000)
    qtbot.waitUntil(lambda: bool(finished), timeout=10000)
    qtbot.wait(50)  # the queued report is delivered: it must not touch the deleted dialog
    assert busy.progress is None and busy.worker is None
