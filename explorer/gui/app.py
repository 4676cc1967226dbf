"""Start the window: Qt set-up, the catalog and page (cached), the excepthook."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from explorer import log, paths
from explorer.errors import ExplorerError
from explorer.web import qtenv


def _install_excepthook(show_dialogs: bool) -> None:
    """Unexpected errors reach one place: logged, and shown unless told not to."""

    def hook(exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.gui.error("unexpected error:\n%s", text)
        if show_dialogs:
            from PySide6.QtWidgets import QApplication, QMessageBox

            if QApplication.instance() is not None:
                box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                                  f"{exc_type.__name__}: {exc}\n\nThe app will keep running.")
                box.setDetailedText(text)
                box.exec()

    sys.excepthook = hook


def run(data_dir: Path | None = None, show_dialogs: bool = True, quit_after_drawn: bool = False,
        screenshot: Path | None = None) -> int:
    """Open the main window; returns the process exit code."""
    qtenv.prepare()
    app = qtenv.application(sys.argv[:1])
    _install_excepthook(show_dialogs)
    from PySide6.QtWidgets import QMessageBox

    from explorer.atlas.catalog import load_cached
    from explorer.mapping.cache import cached_page

    try:
        cache = paths.cache_dir()
        catalog = load_cached(Path(data_dir or paths.geodata_dir()), cache)
        html = cached_page(catalog, cache)
    except ExplorerError as exc:
        log.data.error("%s", exc)
        if show_dialogs:
            QMessageBox.critical(None, "Alliance Explorer cannot start", str(exc))
        else:
            print(f"alliance-explorer: {exc}", file=sys.stderr)
        return 2
    from explorer.gui.window import MainWindow

    window = MainWindow(catalog, html)
    window.show()
    if quit_after_drawn or screenshot:
        def done() -> None:
            if screenshot:
                window.grab().save(str(screenshot))
            window.close()
            app.quit()

        window.map.drawn.connect(done)
    return app.exec()
