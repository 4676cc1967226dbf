"""A page that floods the bridge (1,000 forged click messages) cannot block the window.

Clicks, clears, layer and view changes are coalesced: the latest of each kind is acted
on once per turn of the event loop, so the panel is rendered a handful of times, not
a thousand, and the window answers within a second.
"""

from __future__ import annotations

import json
import time

from tests.gui.conftest import Page
import pytest

pytestmark = pytest.mark.gui

FLOOD = 1000


def test_a_thousand_forged_clicks_do_not_block_the_window(qtbot, window, page: Page) -> None:
    ids = [f.id for f in window.catalog.layer("bases")][:20]
    renders: list[str] = []
    window.session.changed.connect(lambda new, old: renders.append(new.selected))
    script = ("(function(ids, n){ for (var i = 0; i < n; i++) { window.explorerBridge.post(JSON.stringify("
              "{type: 'click', layer: 'bases', id: ids[i % ids.length]})); } return n; })("
              + json.dumps(ids) + f", {FLOOD})")
    started = time.monotonic()
    assert page.js(script, timeout=60000) == FLOOD
    last = ids[(FLOOD - 1) % len(ids)]
    qtbot.waitUntil(lambda: window.session.state.selected == last, timeout=60000)
    # The window answers at once: a timer due now fires within the second.
    fired: list[float] = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: fired.append(time.monotonic()))
    qtbot.waitUntil(lambda: bool(fired), timeout=60000)
    elapsed = fired[0] - started
    print(f"{FLOOD} forged clicks: window answered after {elapsed:.2f} s, {len(renders)} selections acted on")
    assert elapsed < 3.0, f"the window was blocked for {elapsed:.1f} s"
    assert len(renders) < 50, f"{len(renders)} selections acted on for {FLOOD} messages"
    assert last in window.panel.text() or window.catalog.feature(last).name in window.panel.text()
