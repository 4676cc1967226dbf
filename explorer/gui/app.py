"""Start the window: Qt set-up, the catalog and page (from the store), the excepthook."""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path

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


def start_map(page: Path):
    """A map view that starts loading the cached ``page`` now, held until its window is shown.

    The page is a file that carries its own data: the renderer loads and parses it
    and builds its layers while the catalog is read and the window is built around
    the view (``MainWindow(view=...)``); it frames and draws once released at the
    map's final size. None if the file cannot be read (the window then loads it itself).
    """
    from explorer.gui.window_layout import start_state
    from explorer.web.view import MapView

    try:
        html = page.read_bytes()
    except OSError as exc:
        log.mapping.warning("cannot read the cached page %s: %s", page, exc)
        return None
    view = MapView(lambda _layer: False, lambda _layer, _fid: False)  # bound to the workspace by the window
    view.show_page(html, start_state(), hold=True)
    return view


def _wait(thread: threading.Thread) -> None:
    """Wait for ``thread`` in Qt's event loop, so that the page's loading goes on meanwhile.

    Chromium's browser side runs on this thread: a plain ``join`` would stall the
    navigation, the page's delivery through the scheme handler and its commit.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    timer.start()
    if thread.is_alive():
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
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
        loader.page_found.wait()
        view = start_map(loader.page) if loader.page is not None else None
        loader.go_on.set()
        if view is not None:
            _wait(loader)
        else:
            loader.join()
        if loader.error is not None or loader.result is None:
            exc = loader.error
            if view is not None:
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
