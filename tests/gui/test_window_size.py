"""The window opens within the screen's available area: first start, and a size saved on a larger screen.

The offscreen platform's screen (800×800 here) is smaller than the default 1400×900,
as a 1600×1000 screen is at ``QT_SCALE_FACTOR=2``.
"""

from __future__ import annotations

from explorer.gui.settings import settings
from tests.gui.conftest import close_window, open_window
import pytest

pytestmark = pytest.mark.gui


def _fits(qtbot, window) -> None:
    avail = window.screen().availableGeometry()
    assert avail.width() < 1400 or avail.height() < 900, "the test needs a screen smaller than the default size"
    qtbot.waitUntil(lambda: avail.contains(window.frameGeometry()), timeout=3000)


def test_the_first_window_fits_a_small_screen(qtbot, geodata_dir) -> None:
    s = settings()
    for key in ("window/geometry", "window/state", "window/splitter"):
        s.remove(key)
    s.sync()
    window = open_window(qtbot, geodata_dir, size=None)
    try:
        _fits(qtbot, window)
        assert window.width() > 400 and window.height() > 300
    finally:
        close_window(window)


def test_a_size_saved_on_a_larger_screen_is_brought_within_this_one(qtbot, geodata_dir) -> None:
    first = open_window(qtbot, geodata_dir, size=None)
    first.setGeometry(300, 250, 2600, 1700)
    close_window(first)  # saves that geometry
    second = open_window(qtbot, geodata_dir, size=None)
    try:
        _fits(qtbot, second)
    finally:
        close_window(second)
