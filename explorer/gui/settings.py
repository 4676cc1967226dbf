"""The app's settings file, in one place, and the language the window starts in."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from explorer import i18n

#: Where the language chosen in View ▸ Language is remembered.
LANGUAGE_KEY = "app/language"


def settings() -> QSettings:
    """The app's settings; ``ALLIANCE_EXPLORER_SETTINGS`` points tests at a scratch file."""
    path = os.environ.get("ALLIANCE_EXPLORER_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("AllianceExplorer", "Alliance Explorer")


def saved_language() -> str | None:
    """The language chosen in View ▸ Language last time, if any (and if the app still speaks it)."""
    return i18n.parse_language(str(settings().value(LANGUAGE_KEY, "") or ""))


def save_language(lang: str) -> None:
    s = settings()
    s.setValue(LANGUAGE_KEY, lang)
    s.sync()


def start_language(cli_lang: str | None = None) -> str:
    """The language the window starts in: ``--lang`` if given, else the saved choice, else the locale.

    Sets it as the app's language (``i18n.set_language``) and returns it.
    """
    lang = i18n.parse_language(cli_lang) or saved_language() or i18n.from_environment()
    i18n.set_language(lang)
    return lang
