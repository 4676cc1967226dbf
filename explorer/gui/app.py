"""Start the window: Qt set-up, the catalog and page (from the store), the excepthook."""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from explorer import log, paths, store
from explorer.errors import ExplorerError
from explorer.i18n import tr
from explorer.web import qtenv


def _install_excepthook(show_dialogs: bool) -> None:
    """Unexpected errors reach one place: logged, and shown unless told not to."""

    def hook(exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.gui.error("unexpected error:\n%s", text)
        if show_dialogs:
            from PySide6.QtWidgets import QApplication, QMessageBox

            if QApplication.instance() is not None:
                box = QMessageBox(QMessageBox.Icon.Critical, tr("Unexpected error"),
                                  f"{exc_type.__name__}: {exc}\n\n" + tr("The app will keep running."))
                box.setDetailedText(text)
                box.exec()

    sys.excepthook = hook


class _Loader(threading.Thread):
    """Finds the cached page, then reads the catalog and the page, off the main thread.

    The page is found first (``page_found``): the main thread starts loading it as
    soon as Qt exists. On a warm cache the rest is two file reads; on a cold one it
    parses the data and (if the code changed) lets folium build the shell, work that
    would otherwise wait for Qt's own start-up on the same core.
    """

    def __init__(self, root: Path, cache: Path | None) -> None:
        super().__init__(name="atlas-loader", daemon=True)
        self.root, self.cache = root, cache
        self.page: Path | None = None
        self.page_found = threading.Event()
        #: Set once the main thread has started loading the page: until then this thread keeps off
        #: the interpreter, whose lock the main thread needs to get the page going.
        self.go_on = threading.Event()
        self.result: tuple[object, str] | None = None
        self.error: BaseException | None = None
        #: Set once the work is over; ``on_done``, if set by then, is called from this thread.
        self.done = threading.Event()
        self.on_done: Callable[[], object] | None = None

    def run(self) -> None:
        try:
            data = store.data_fingerprint(self.root) if self.root.is_dir() else ""
            try:
                self.page = store.cached_app_page(self.root, self.cache, data)
            finally:
                self.page_found.set()
            if self.page is not None:
                self.go_on.wait(timeout=1.0)
            from explorer.workspace import Workspace

            workspace = Workspace(store.load_catalog(self.root, self.cache, data))
            # A held start's view is loading the page already: it is not read a second time.
            self.result = (workspace, store.app_page(workspace, self.cache) if self.page is None else "")
            if self.page is not None:
                from explorer.gui import features

                features.import_all()  # code only, while the page loads: no widget exists yet
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which reports it
            self.error = exc
        finally:
            self.page_found.set()
            self.done.set()
            notify = self.on_done
            if notify is not None:
                notify()


def new_map_view():
    """The window's map view, made as soon as Qt exists: making the first one starts Chromium.

    That takes ~50 ms of this thread, while the loader finds the cached page; the
    view is bound to the workspace by the window (``MainWindow(view=...)``).
    """
    from explorer.web.view import MapView

    return MapView(lambda _layer: False, lambda _layer, _fid: False)


def start_map(view, page: Path) -> bool:
    """Start loading the cached ``page`` into ``view`` now, held until its window is shown.

    The page is a file that carries its own data: the renderer loads and parses it
    and builds its layers while the catalog is read and the window is built around
    the view; it frames and draws once released at the map's final size. False if
    the file cannot be read (the window then loads the page it is given).
    """
    try:
        html = page.read_bytes()
    except OSError as exc:
        log.mapping.warning("cannot read the cached page %s: %s", page, exc)
        return False
    view.show_page(html, hold=True)
    # The state it opens at goes with the release: reading it imports the model (~25-45 ms),
    # which is better done while the renderer parses the page.
    from explorer.gui.window_layout import start_state

    view.open_at(start_state())
    return True


def _page_afresh(workspace, cache: Path | None) -> str:
    """The app page when the cached one was found but could not be read: from the store, else built."""
    try:
        return store.app_page(workspace, cache)
    except OSError as exc:
        log.mapping.warning("cannot read the cached page (%s): building it", exc)
        return store.app_page(workspace, None)


def _wait(thread: _Loader) -> None:
    """Wait for ``thread`` in Qt's event loop, so that the page's loading goes on meanwhile.

    Chromium's browser side runs on this thread: a plain ``join`` would stall the
    navigation, the page's delivery through the scheme handler and its commit. The
    loop runs no Python of its own (the thread ends it with a queued ``quit``): a
    Python timer polling the thread would wait for the interpreter lock while the
    thread holds it (unpickling the catalog is one long call), and Qt's work with it.
    """
    from PySide6.QtCore import QEventLoop, QMetaObject, Qt

    loop = QEventLoop()
    thread.on_done = lambda: QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)
    if not thread.done.is_set():  # else it ended before on_done was set, and calls nothing
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    thread.on_done = None
    thread.join()


def run(data_dir: Path | None = None, show_dialogs: bool = True, quit_after_drawn: bool = False,
        screenshot: Path | None = None, no_cache: bool = False, reset_settings: bool = False,
        after=None, lang: str | None = None) -> int:
    """Open the main window; returns the process exit code.

    ``lang`` is ``--lang``; without it the window speaks the language chosen last
    in View ▸ Language, else the locale's (:func:`explorer.gui.settings.start_language`).

    The order is the floor's plus the least: Qt, then (when a cache has the page) the
    map view loading it, held, while the catalog is read and the window is built
    around the view; the page frames and draws once the window is shown. With no
    cached page the window is built first and loads the page it was given.
    """
    qtenv.quicken_imports()  # before the first module that imports PySide6 (the settings)
    with store.gc_paused():
        from explorer.gui.settings import start_language

        if reset_settings:
            from explorer.gui.settings import settings

            settings().clear()
            log.gui.warning("settings reset to their defaults")
        lang = start_language(lang)  # before the loader builds the page in that language
        root = Path(data_dir or paths.geodata_dir()).resolve()
        cache = None if no_cache else paths.cache_dir()
        loader = _Loader(root, cache)
        loader.start()
        qtenv.prepare()
        app = qtenv.application(sys.argv[:1])
        _install_excepthook(show_dialogs)
        from PySide6.QtWidgets import QMessageBox

        from explorer.gui import language

        language.apply(app, lang)  # Qt's own buttons and dialogs, and the Japanese font
        view = new_map_view()
        loader.page_found.wait()
        held = loader.page is not None and start_map(view, loader.page)
        loader.go_on.set()
        if held:
            _wait(loader)
        else:
            loader.join()
        if loader.error is not None or loader.result is None:
            exc = loader.error
            view.dispose()
            if not isinstance(exc, ExplorerError):
                raise exc if exc is not None else RuntimeError("the atlas did not load")
            log.data.error("%s", exc)
            if show_dialogs:
                QMessageBox.critical(None, tr("Alliance Explorer cannot start"), str(exc))
            else:
                print(f"alliance-explorer: {exc}", file=sys.stderr)
            return 2
        workspace, html = loader.result
        if loader.page is not None and not held:  # found, but it could not be read
            html = _page_afresh(workspace, cache)
        from explorer.gui.window import MainWindow

        window = MainWindow(workspace, html, view=view)  # type: ignore[arg-type]
        switcher = language.Switcher(app, MainWindow, lambda ws: store.app_page(ws, cache))
        switcher.adopt(window)  # View ▸ Language rebuilds the window through it
        window.show()
        if after is not None:  # e.g. open a project (``alliance-explorer open FILE.aeproj``)
            after(window)
        # Inside the pause: enabled first, the collector would walk every object the start made
        # (~30 ms on the critical path) at the next allocation, and find nothing to free.
        store.freeze_startup()
    if quit_after_drawn or screenshot:
        def done() -> None:
            shown = switcher.window
            if screenshot:
                shown.grab().save(str(screenshot))
            shown.close()
            app.quit()

        window.map.drawn.connect(done)
    return app.exec()
