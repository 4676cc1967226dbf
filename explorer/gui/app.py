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
    """Loads the catalog and the page while the main thread starts Qt.

    On a warm cache this is two file reads; on a cold one it parses the data
    and (if the code changed) lets folium build the shell, work that would
    otherwise wait for Qt's own start-up on the same core.
    """

    def __init__(self, root: Path, cache: Path | None) -> None:
        super().__init__(name="atlas-loader", daemon=True)
        self.root, self.cache = root, cache
        self.result: tuple[object, str] | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            from explorer.workspace import Workspace

            workspace = Workspace(store.load_catalog(self.root, self.cache))
            self.result = (workspace, store.app_page(workspace, self.cache))
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which reports it
            self.error = exc


def run(data_dir: Path | None = None, show_dialogs: bool = True, quit_after_drawn: bool = False,
        screenshot: Path | None = None, no_cache: bool = False, reset_settings: bool = False,
        after=None, lang: str | None = None) -> int:
    """Open the main window; returns the process exit code.

    ``lang`` is ``--lang``; without it the window speaks the language chosen last
    in View ▸ Language, else the locale's (:func:`explorer.gui.settings.start_language`).
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
        loader.join()
        if loader.error is not None or loader.result is None:
            exc = loader.error
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

        window = MainWindow(workspace, html)  # type: ignore[arg-type]
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
