"""GUI tests: QtWebEngine offscreen, set up before any QApplication exists."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from explorer.web import qtenv
from tests.helpers import CLICK_AT, click_js


def pytest_configure(config) -> None:
    # Offscreen when there is no display, no sandbox as root, --disable-gpu,
    # QtWebEngine imported and our URL scheme registered: all before qapp.
    qtenv.prepare()


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A modal box would block the test run forever: fail loudly instead."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):
        text = " | ".join(str(a) for a in args[1:] if isinstance(a, str))
        raise AssertionError(f"unexpected modal dialog: {text}")

    for name in ("warning", "critical", "question", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def js_console_is_clean(request):
    """A JS console warning or error from our pages fails the test that caused it.

    A test that provokes one on purpose marks itself ``js_errors_expected``.
    """
    handler = _Collect()
    logger = logging.getLogger("explorer.js")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
    if handler.records and not request.node.get_closest_marker("js_errors_expected"):
        lines = "\n".join(r.getMessage() for r in handler.records[:5])
        pytest.fail(f"the page logged {len(handler.records)} console warning(s)/error(s):\n{lines}")


@pytest.fixture(autouse=True)
def scratch_settings(tmp_path, monkeypatch):
    """Each test starts with no remembered window state."""
    monkeypatch.setenv("ALLIANCE_EXPLORER_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture(scope="session")
def qapp_args():
    return ["alliance-explorer-tests", "--disable-gpu"]


class Page:
    """Drives a MapView like qutebrowser's JSTester: run JS, wait, click features."""

    def __init__(self, qtbot, view) -> None:
        self.qtbot = qtbot
        self.view = view

    def js(self, code: str, timeout: int = 10000):
        """Evaluate ``code`` in the page and return its (JSON-able) value."""
        box: dict = {}
        with self.qtbot.waitCallback(timeout=timeout) as cb:
            self.view.page().runJavaScript(f"JSON.stringify({code})", 0, cb)
        raw = cb.args[0]
        return None if raw in (None, "undefined") else json.loads(raw)

    def click_feature(self, fid: str) -> None:
        """A real DOM click on the feature's pixel, dispatched in the page."""
        assert self.js(click_js(fid)), f"no element at {fid}'s position"

    def click_at(self, x: float, y: float) -> None:
        """A real DOM click at client pixel (x, y)."""
        assert self.js("(%s)(%r, %r)" % (CLICK_AT, x, y)), f"no element at {x},{y}"


def open_window(qtbot, data: "Path | object", size: tuple[int, int] | None = (1300, 850)):
    """A main window on a data directory (or a catalog, or a workspace), shown and drawn.

    A directory's catalog and page come through the store, as the app's own start gets
    them: parsed and built once per data version, language and code, then each window
    unpickles a catalog of its own (nothing is shared between tests) and reads the page.
    """
    from explorer import paths, store
    from explorer.gui.window import MainWindow
    from explorer.workspace import Workspace

    if isinstance(data, Workspace):
        workspace = data
    elif isinstance(data, Path):
        workspace = Workspace(store.load_catalog(data, paths.cache_dir()))
    else:
        workspace = Workspace(data)
    window = MainWindow(workspace, store.app_page(workspace, paths.cache_dir()))
    if size:
        window.resize(*size)
    with qtbot.waitSignal(window.map.drawn, timeout=60000):
        window.show()
    return window


def open_layer(qtbot, window, path, **choices) -> str:
    """Open a layer file in the window as a user would (read off the GUI thread); its layer id."""
    ctl = window.user_layers
    before = set(ctl.open)
    ctl.open_path(path, **choices)
    qtbot.waitUntil(lambda: bool(set(ctl.open) - before), timeout=30000)
    (lid,) = set(ctl.open) - before
    return lid


def close_window(win) -> None:
    """Tear a window down explicitly: QtWebEngine dislikes garbage-collection order."""
    from PySide6.QtCore import QCoreApplication, QEvent

    win.close()
    win.map.dispose()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(qtbot, geodata_dir):
    win = open_window(qtbot, geodata_dir)
    yield win
    close_window(win)


@pytest.fixture
def hostile_window(qtbot, fixture_dir):
    win = open_window(qtbot, fixture_dir)
    yield win
    close_window(win)


@pytest.fixture
def page(qtbot, window) -> Page:
    return Page(qtbot, window.map)


class OfflineView:
    """An exported HTML file in a QWebEngineView of its own profile, every network request blocked.

    Use as a context manager; ``requests`` lists what the page tried to fetch (nothing, we hope).
    """

    def __init__(self, qtbot, path: Path, size: tuple[int, int] = (900, 700), show: bool = False) -> None:
        self.qtbot, self.path, self.size, self.show = qtbot, path, size, show
        self.requests: list[str] = []

    def __enter__(self) -> "OfflineView":
        from PySide6.QtCore import QUrl
        from PySide6.QtWebEngineCore import (QWebEnginePage, QWebEngineProfile, QWebEngineSettings,
                                             QWebEngineUrlRequestInterceptor)
        from PySide6.QtWebEngineWidgets import QWebEngineView

        requests = self.requests

        class NoNetwork(QWebEngineUrlRequestInterceptor):
            def interceptRequest(self, info):  # noqa: N802
                url = info.requestUrl().toString()
                if not url.startswith(("file:", "data:")):
                    requests.append(url)
                    info.block(True)

        self.interceptor = NoNetwork()
        self.profile = QWebEngineProfile()
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.web = QWebEnginePage(self.profile)
        self.web.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        self.view = QWebEngineView()
        self.view.setPage(self.web)
        self.view.resize(*self.size)
        if self.show:
            self.view.show()
        with self.qtbot.waitSignal(self.view.loadFinished, timeout=30000) as sig:
            self.view.load(QUrl.fromLocalFile(str(self.path)))
        self.loaded = sig.args == [True]
        self.page = Page(self.qtbot, self.view)
        return self

    def __exit__(self, *exc) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        self.view.close()
        self.view.setPage(None)
        self.web.deleteLater()
        self.view.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.profile.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
