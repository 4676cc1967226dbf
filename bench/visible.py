"""One definition of "the map is on screen", shared by the floor and the app probe.

QtWebEngine's compositor lags the DOM: the first widget paint after the page
says it has drawn can still show the empty container (the floor's first
paint is plain sea colour on this machine). So neither side trusts a signal
alone: after it, the view is grabbed until a frame shows the map (at least a
tenth of a sample grid is neither the page's white nor the sea colour). The
floor and the app pay the same grabs, so the check costs neither side more.
Only PySide6 is imported here, so the floor stays free of the app's code.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

#: Navigation, resource and user timings of the page, as absolute unix ms.
NAV_TIMING_JS = """JSON.stringify((function(){var n=performance.getEntriesByType("navigation")[0]||{};var o=performance.timeOrigin;var out={origin:o};["responseStart","responseEnd","domInteractive","domContentLoadedEventStart","domContentLoadedEventEnd","loadEventEnd"].forEach(function(k){if(n[k])out[k]=o+n[k];});performance.getEntriesByType("resource").forEach(function(r){out["res:"+r.name.split("/").pop()]=[o+r.startTime,o+r.responseEnd];});performance.getEntriesByType("mark").concat(performance.getEntriesByType("measure")).forEach(function(m){out["mark:"+m.name]=o+m.startTime+(m.duration||0);});return out;})())"""

SEA = QColor("#d4e6f1").rgb()
WHITE = QColor("#ffffff").rgb()
RETRY_MS = 4
GIVE_UP_S = 60.0


def map_fraction(image: QImage) -> float:
    """The share of a 24x16 sample grid that is neither blank white nor sea."""
    if image.isNull() or image.width() < 24 or image.height() < 16:
        return 0.0
    w, h = image.width(), image.height()
    points = [(int((i + 0.5) * w / 24), int((j + 0.5) * h / 16)) for i in range(24) for j in range(16)]
    drawn = sum(1 for x, y in points if image.pixel(x, y) | 0xFF000000 not in (SEA, WHITE))
    return drawn / len(points)


def when_visible(view: QWidget, callback: Callable[[int], None], threshold: float = 0.1) -> None:
    """Call ``callback(grabs)`` once a grab of ``view`` shows the map.

    Polls with a short timer rather than waiting for paint events, because a
    grab does not itself schedule a compositor frame.
    """
    deadline = time.monotonic() + GIVE_UP_S
    state = {"grabs": 0}

    def check() -> None:
        state["grabs"] += 1
        if map_fraction(view.grab().toImage()) >= threshold or time.monotonic() > deadline:
            callback(state["grabs"])
        else:
            QTimer.singleShot(RETRY_MS, check)

    check()
