"""The ``explorer:`` URL scheme: the page and its assets, from memory and site-packages.

Serving through a scheme handler avoids ``setHtml``'s 2 MB cap (the basemap
alone is over 1 MB) and gives the page a real origin with a CSP, while
serving only an allow-list: the page cannot read arbitrary local files.
"""

from __future__ import annotations

import mimetypes

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from explorer import log
from explorer.mapping import assets

SCHEME = b"explorer"
HOST = "app"
PAGE_PREFIX = "map-"

_registered = False


def register_scheme() -> None:
    """Declare the scheme to Chromium. Must run before the QApplication exists."""
    global _registered
    if _registered:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
    )
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


def page_url(name: str, fragment: str = "") -> str:
    """The URL of a map page, with the view state in the fragment."""
    return f"explorer://{HOST}/{name}" + (f"#{fragment}" if fragment else "")


_handler: "SchemeHandler | None" = None


def shared_profile() -> QWebEngineProfile:
    """The off-the-record profile every map view uses, with our handler installed.

    Qt owns the default profile, which sidesteps the profile-outlives-page
    teardown order that QtWebEngine is strict about.
    """
    global _handler
    profile = QWebEngineProfile.defaultProfile()
    if _handler is None:
        _handler = SchemeHandler(profile)
        profile.installUrlSchemeHandler(SCHEME, _handler)
        if not profile.isOffTheRecord():
            log.mapping.warning("default web profile is not off-the-record")
    return profile


def handler() -> "SchemeHandler":
    shared_profile()
    assert _handler is not None
    return _handler


class SchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``explorer://app/...`` from the pages it holds and the asset allow-list.

    One handler serves the whole process (the window and any offscreen
    exporter), each view under its own page name.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, bytes] = {}

    def set_page(self, name: str, html: str | bytes) -> None:
        self.pages[name] = html.encode("utf-8") if isinstance(html, str) else html

    def drop_page(self, name: str) -> None:
        self.pages.pop(name, None)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt name)
        url = job.requestUrl()
        path = url.path().lstrip("/")
        if url.host() != HOST:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        if path in self.pages:
            body, mime = self.pages[path], "text/html"
        else:
            file = assets.resolve(path)
            if file is None:
                log.mapping.warning("refused request for %s", url.toString())
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            body = file.read_bytes()
            mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        buf = QBuffer(parent=job)
        buf.setData(QByteArray(body))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode(), buf)
