"""Process-level Qt set-up that must happen before the QApplication exists.

Shared by the window, the headless exporter and the tests, so that each gets
the same order: platform chosen, QtWebEngine imported, our URL scheme
registered, and only then the application object.
"""

from __future__ import annotations

import os
import sys


_prepared = False


#: PySide6 releases whose ``Signal.emit`` leaks a reference to ``True``, and whose void methods
#: (``QImage.setPixel``, ``QColor.setRed``, ...) leak one to ``None`` (tests/gui/test_qtenv.py shows both).
LEAKY_PYSIDE = ((6, 12),)


def pyside_leaks_bools(version: tuple[int, ...] | None = None) -> bool:
    """Whether this PySide6 has the ``Signal.emit`` refcount leak (by major.minor release)."""
    if version is None:
        import PySide6

        version = tuple(PySide6.__version_info__[:2])
    return tuple(version[:2]) in LEAKY_PYSIDE


def _pin_bools() -> None:
    """Work around PySide6 6.12 reference leaks that would abort the app.

    ``SignalInstance.emit()`` returns ``True`` without a new reference, so
    every emit from Python code (bridge clicks, each map move, export
    progress) takes one reference from ``True``; every call of a method that
    returns nothing (``QImage.setPixel``, ``QPainter.drawLine``, ...) takes one
    from ``None`` in the same way. On CPython 3.11, whose singletons are not
    immortal, a long session (or a test run) ends in "Fatal Python error:
    bool_dealloc" or "none_dealloc" and SIGABRT. CPython 3.12 made them
    immortal; this gives 3.11 the same guarantee by adding 2**32 to their
    refcounts (ob_refcnt is the first field of every object in a release build).
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "getobjects"):
        return
    if os.environ.get("ALLIANCE_EXPLORER_NO_BOOL_PIN") or not pyside_leaks_bools():
        return
    import ctypes

    for obj in (True, False, None):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 32


def _route_qt_messages() -> None:
    """Qt's own messages go to the ``explorer.qt`` logger, not straight to stderr."""
    import logging

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from explorer import log

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind, _context, message: str) -> None:
        log.qt.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def display_problem() -> str | None:
    """Why the window cannot open here, or None.

    On Linux with neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` there is nothing
    to show a window on: Qt would fall back to an invisible offscreen window
    that never exits. An explicit ``QT_QPA_PLATFORM`` (``offscreen`` for tests
    and screenshots, ``vnc``...) is the user's choice and is respected.
    """
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open; "
            "for headless use run 'alliance-explorer export --out map.png' (see --help), "
            "or set QT_QPA_PLATFORM=offscreen to run the window invisibly")


def quicken_imports() -> None:
    """Answer PySide6's "does this module use PySide6?" from the module file's bytes.

    Since PySide6 6.4 (PYSIDE-2029, for its opt-in ``__feature__`` switches) every
    module imported after PySide6 is searched for the string "PySide6" through
    ``inspect.getsource``: linecache, encoding detection and decoding of the whole
    file. The window's start imports ~160 modules after PySide6; importing the
    window's modules took 15-27 ms less CPU with the scan reading bytes. A source file's text holds
    "PySide6" exactly when its bytes do (UTF-8 and every ASCII-compatible
    encoding spell it alike), so the answer is the same; a module that is not a
    readable ``.py`` file is left to PySide6's own check, and a PySide6 without
    that function is left alone. Called first thing by the window's start, and
    by :func:`prepare` for every other Qt process (idempotent).
    """
    from explorer.interrupts import check_interrupted, held

    with held() as was:
        import PySide6  # noqa: F401 - installs the import hook this answers for

        feature = sys.modules.get("shibokensupport.feature")
        scan = getattr(feature, "_mod_uses_pyside", None)
        if callable(scan) and not getattr(scan, "reads_bytes", False):
            feature._mod_uses_pyside = _bytes_scan(scan)  # type: ignore[union-attr]
    if not was:
        check_interrupted()


def _bytes_scan(fallback):
    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return fallback(module)

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    return uses_pyside


def prepare(headless: bool = False) -> None:
    """Choose a platform and sandbox setting; import QtWebEngine; register the scheme.

    Idempotent: the exporter calls it again inside a process whose window (or
    test session) already did. A SIGINT/SIGTERM meanwhile is acted on only once
    PySide6 is imported: an exception inside its start-up code aborts the process.
    """
    from explorer.interrupts import check_interrupted, held

    with held() as was:
        _prepare(headless)
    if not was:
        check_interrupted()


def _prepare(headless: bool) -> None:
    global _prepared
    if _prepared:
        return
    _prepared = True
    quicken_imports()
    _pin_bools()
    if headless or (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
                    and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium's sandbox cannot run as root; say so rather than crash.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--disable-gpu" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --disable-gpu").strip()
    os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false")
    import PySide6.QtWebEngineWidgets  # noqa: F401  (must precede QApplication)
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    _route_qt_messages()
    from explorer.web.scheme import register_scheme

    register_scheme()


def application(argv: list[str] | None = None):
    """The QApplication, created once after :func:`prepare` (a signal meanwhile is acted on after)."""
    from explorer.interrupts import check_interrupted, held

    with held() as was:
        app = _application(argv)
    if not was:
        check_interrupted()
    return app


def _application(argv: list[str] | None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
        app.setOrganizationName("AllianceExplorer")
        app.setApplicationName("Alliance Explorer")
        _identify(app)
    return app


def _identify(app) -> None:
    """The icon and desktop entry name the window manager shows (the entry of ``--install-desktop``)."""
    from PySide6.QtGui import QIcon

    from explorer import __version__, paths

    app.setApplicationVersion(__version__)
    app.setDesktopFileName("alliance-explorer")
    icon = paths.resources_dir() / "desktop" / "alliance-explorer.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
