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
