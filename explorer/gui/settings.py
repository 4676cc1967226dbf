"""The app's settings file, in one place."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings


def settings() -> QSettings:
    """The app's settings; ``ALLIANCE_EXPLORER_SETTINGS`` points tests at a scratch file."""
    path = os.environ.get("ALLIANCE_EXPLORER_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("AllianceExplorer", "Alliance Explorer")
