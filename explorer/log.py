"""Named loggers, so a user can turn up one area (``-v``) without the rest.

data: loading and validating geodata; mapping: page building and cache;
bridge: messages from the page; js: the page's console; export: snapshots;
qt: Qt's own messages (qDebug, qWarning...), routed here by ``qtenv``.
"""

from __future__ import annotations

import logging

data = logging.getLogger("explorer.data")
mapping = logging.getLogger("explorer.mapping")
bridge = logging.getLogger("explorer.bridge")
js = logging.getLogger("explorer.js")
export = logging.getLogger("explorer.export")
gui = logging.getLogger("explorer.gui")
qt = logging.getLogger("explorer.qt")


def setup(verbose: bool = False) -> None:
    """One handler on the root logger, with the logger name in every line."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    # Qt and Chromium warn about much a user cannot act on (offscreen size hints, GPU info).
    qt.setLevel(logging.DEBUG if verbose else logging.ERROR)
