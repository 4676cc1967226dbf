"""Page policy: the map page cannot go anywhere, open anything, or fetch remotely.

Every navigation away from our own page (a script setting ``location``, a
form, a hostile ``<a>``, even a real link) is refused and logged. Nothing is
handed to the system browser from here: Chromium reports script-initiated
navigations as link clicks, so a hostile string could otherwise open
browsers. External links live in the Qt panel, which opens them itself. The
page's console goes to the ``explorer.js`` logger.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings

from explorer import log
from explorer.web.scheme import HOST, handler

_LEVELS = {
    QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.INFO,
    QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.WARNING,
    QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR,
}


class AtlasPage(QWebEnginePage):
    """A QWebEnginePage that stays on the map.

    Signals:
        navigationRefused(str): a navigation away was refused (the URL).
    """

    navigationRefused = Signal(str)

    def __init__(self, profile: QWebEngineProfile, parent=None) -> None:
        super().__init__(profile, parent)
        s = self.settings()
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.PdfViewerEnabled, False)
        self.refused: list[str] = []

    def javaScriptConsoleMessage(self, level, message: str, line: int, source: str) -> None:  # noqa: N802
        log.js.log(_LEVELS.get(level, logging.INFO), "%s:%d: %s", source.rsplit("/", 1)[-1], line, message)

    def acceptNavigationRequest(self, url: QUrl, nav_type, is_main_frame: bool) -> bool:  # noqa: N802
        if url.scheme() == "explorer" and url.host() == HOST and url.path().lstrip("/") in handler().pages \
                and nav_type != QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            return True
        self.refused.append(url.toString())
        log.mapping.warning("refused navigation to %s", url.toString()[:200])
        self.navigationRefused.emit(url.toString())
        return False

    def createWindow(self, _type):  # noqa: N802 - no pop-ups, ever
        return None
