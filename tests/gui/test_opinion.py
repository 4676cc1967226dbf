"""View → Public opinion: the chart and the list, opened as a user would, following the timeline's date."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from tests.gui.conftest import close_window, open_window

pytestmark = pytest.mark.gui


def _coloured(image, colour: str) -> int:
    want = QColor(colour)
    n = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if abs(c.red() - want.red()) < 30 and abs(c.green() - want.green()) < 30 and abs(c.blue() - want.blue()) < 30:
                n += 1
    return n


def test_opinion_chart_opens_lists_every_point_and_follows_the_date(qtbot, geodata_dir):
    window = open_window(qtbot, geodata_dir)
    try:
        window.action("opinion").trigger()
        dock = window.opinion
        qtbot.waitUntil(dock.isVisible, timeout=5000)
        text = dock.text.toPlainText()
        for s in dock.series:
            for p in s.points:
                assert f"{p.value:g}% ({p.when})" in text
        assert "Cabinet Office" in text and "not joined" in text
        image = dock.chart.grab().toImage()
        for s in dock.series:  # each series is drawn in its own colour
            assert _coloured(image, dock.colours[s.key]) > 5, s.key
        window.session.update(as_of="2018")
        assert dock.chart.year == 2018
        red = _coloured(dock.chart.grab().toImage(), "#c0392b")
        window.session.update(as_of=None)
        assert dock.chart.year is None and _coloured(dock.chart.grab().toImage(), "#c0392b") < red
    finally:
        close_window(window)
