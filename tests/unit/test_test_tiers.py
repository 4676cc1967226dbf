"""The fast tier is honest: every test file that needs the window or the web engine says so.

``make test-fast`` runs ``-m "not gui"``; a GUI test file without the mark would
slip into it and make it slow (or fail without QtWebEngine).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _marks_gui(path: Path) -> bool:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets):
            return "gui" in ast.unparse(node.value)
    return False


def test_every_gui_test_file_is_marked():
    unmarked = [p.name for p in sorted((TESTS / "gui").glob("test_*.py")) if not _marks_gui(p)]
    assert not unmarked, f"add `pytestmark = pytest.mark.gui` to: {unmarked}"


def test_no_unit_test_drives_qt_widgets():
    """Unit tests need no display: qtbot (a QApplication) belongs under tests/gui."""
    offenders = [p.relative_to(TESTS).as_posix() for p in sorted((TESTS / "unit").rglob("test_*.py"))
                 if p.name != Path(__file__).name and "qtbot" in p.read_text(encoding="utf-8")]
    assert not offenders, offenders
