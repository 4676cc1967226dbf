"""Start the window: Qt set-up, the catalog and page (cached), the excepthook."""

from __future__ import annotations

import gc
import subprocess
import sys
import traceback
from pathlib import Path

from explorer import log, paths
from explorer.errors import ExplorerError
from explorer.web import qtenv


#: A cold start's helper that takes longer than this is stopped, and the window process builds.
HELPER_TIMEOUT_S = 300


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
    # Start-up allocates a few hundred thousand long-lived objects (Qt wrappers,
    # the catalog, the page) and no garbage: the cyclic collector is paused
    # until the window exists, then everything alive is frozen out of its
    # reach, so later collections (during clicks) never rescan the catalog.
    gc.disable()
    try:
        return _run(data_dir, show_dialogs, quit_after_drawn, screenshot)
    finally:
        gc.enable()


def _started() -> None:
    """The window is built: what exists now lives as long as the app."""
    gc.freeze()
    gc.enable()


def _start_filling(root: Path, cache: Path) -> subprocess.Popen | None:
    """On a cold start, build the catalog and page in a helper process (see mapping/cache.py).

    Returns None when the cache is warm or the helper cannot be started; the
    window process then does whatever is left itself, as it always could.
    """
    from explorer.mapping.cache import is_warm

    try:
        if is_warm(root, cache):
            return None
        return subprocess.Popen([sys.executable, "-m", "explorer.mapping.cache", str(root), str(cache)],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        log.data.debug("building in-process: %s", exc)
        return None


def _run(data_dir: Path | None, show_dialogs: bool, quit_after_drawn: bool, screenshot: Path | None) -> int:
    root = Path(data_dir or paths.geodata_dir()).resolve()
    cache = paths.cache_dir()
    helper = _start_filling(root, cache)  # runs on the other core while Qt starts here
    qtenv.prepare()
    app = qtenv.application(sys.argv[:1])
    _install_excepthook(show_dialogs)
    from PySide6.QtWidgets import QMessageBox

    from explorer.atlas.catalog import load_cached
    from explorer.mapping.cache import cached_page

    if helper is not None:  # whatever it did not manage (bad data...), load_cached below redoes and reports
        try:
            helper.wait(timeout=HELPER_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
    try:
        catalog = load_cached(root, cache)
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
    _started()
    if quit_after_drawn or screenshot:
        def done() -> None:
            if screenshot:
                window.grab().save(str(screenshot))
            window.close()
            app.quit()

        window.map.drawn.connect(done)
    return app.exec()
