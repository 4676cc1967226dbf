"""SIGINT and SIGTERM in a command-line run: exit 130 or 143 within a second, leaving nothing behind.

Three things make that hold in every phase, loading included:

* :class:`Interrupted` derives from ``BaseException``, like ``KeyboardInterrupt``, so
  none of the many ``except Exception`` that turn a bad file into one message can
  swallow it (a signal during the data load used to become "could not be read" and
  the load went on for seconds).
* The CLI installs the handler first thing and keeps it to the end; the exit code is
  taken from the signal even if it surfaced as another error (a C extension that
  was being imported reports an ``ImportError``).
* A watchdog thread is woken at C level (``signal.set_wakeup_fd``) the moment a
  signal arrives, even while the main thread is inside a long C++ call where no
  Python handler can run. If the process has not ended :data:`GRACE` seconds later,
  it removes the temporary files still registered, prints the one line and ends
  the process with the signal's code.

While a Qt event loop runs, raising from the handler would abort inside a Qt
callback: :func:`deferred_signals` makes the handler only set a flag and wake the
loop, and the caller checks :func:`check_interrupted` when the loop returns.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

#: Seconds the main thread has to finish on its own after a signal before the watchdog ends it.
GRACE = 0.5
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived during a command: nothing was written."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(message(signum))


def message(signum: int) -> str:
    """What the user is told: nothing was written, or which files were complete before the signal."""
    from explorer.i18n import join, tr

    name = signal.Signals(signum).name
    if not _placed:
        return tr("interrupted by {signal}; nothing was written", signal=name)
    shown = join([str(p) for p in _placed[:3]])
    if len(_placed) > 3:
        shown = tr("{files} and {n} more", files=shown, n=len(_placed) - 3)
    return tr("interrupted by {signal}; only these were written, complete: {files}", signal=name, files=shown)


_pending: list[int] = []
_deferred = False
_wakers: list[Callable[[], None]] = []
_temps: set[Path] = set()
_placed: list[Path] = []
_scratch: set[Path] = set()
#: Held while a finished file is put in place, so the watchdog never ends the process in between.
placing = threading.Lock()
_installed = False
_reported = False


def pending_signal() -> int | None:
    """The SIGINT/SIGTERM received during this run, if any."""
    return _pending[0] if _pending else None


def check_interrupted() -> None:
    """Raise :class:`Interrupted` if SIGINT or SIGTERM has arrived."""
    if _pending:
        raise Interrupted(_pending[0])


def _on_signal(signum, frame) -> None:
    if not _pending:
        _pending.append(signum)
    for wake in list(_wakers):
        wake()
    if not _deferred:
        raise Interrupted(signum)


def register_temp(path: Path) -> None:
    """A temporary file the watchdog removes if it has to end the process."""
    _temps.add(Path(path))


def unregister_temp(path: Path) -> None:
    _temps.discard(Path(path))


def placed(path: Path) -> None:
    """A complete file was put in place: an interruption after this says so (not in a scratch folder)."""
    path = Path(path)
    # Only a command line run tells of what it wrote; the window's exports are not kept here.
    if _installed and not any(path.is_relative_to(d) for d in _scratch):
        _placed.append(path)


def scratch(directory: Path | str) -> None:
    """A temporary folder of the run (a print job's map pictures): removed if the watchdog ends the process."""
    _scratch.add(Path(directory))


def _watch(fd: int, done: threading.Event) -> None:
    """Woken by the C-level handler; ends the process if the main thread cannot, unless it is ``done``."""
    while True:
        try:
            data = os.read(fd, 1)
        except OSError:
            return
        if not data:
            return
        signum = data[0]
        if signum in SIGNALS:
            break
    if done.wait(GRACE):
        return
    _exit_now(signum)


def _exit_now(signum: int) -> None:
    """Remove the temp files left, say it once, flush, and end the process with the signal's code."""
    placing.acquire(timeout=5)  # never between a file's check and its placement
    for tmp in list(_temps):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    import shutil

    for directory in list(_scratch):
        shutil.rmtree(directory, ignore_errors=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is sys.stderr and not _reported:
                stream.write(f"alliance-explorer: error: {message(signum)}\n")
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(128 + signum)


def reported() -> None:
    """The interruption was told to the user: the watchdog ends the process without a second line."""
    global _reported
    _reported = True


@contextmanager
def interruptible(exiting: bool = False) -> Iterator[None]:
    """SIGINT and SIGTERM become :class:`Interrupted`, so every ``finally`` (temp-file removal) runs.

    Only in the main thread; elsewhere, or inside another ``interruptible``, it does nothing.
    ``exiting``: the process ends after this block (the command line), so after a signal the
    watchdog may end it :data:`GRACE` seconds after the signal, whatever is still being torn down.
    """
    global _deferred, _installed
    if _installed:
        yield
        return
    try:
        old = {s: signal.signal(s, _on_signal) for s in SIGNALS}
    except ValueError:  # not the main thread
        yield
        return
    rfd, wfd = os.pipe()
    os.set_blocking(wfd, False)
    try:
        old_fd = signal.set_wakeup_fd(wfd, warn_on_full_buffer=False)
    except ValueError:
        old_fd = None
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(rfd, done), name="signal-watchdog", daemon=True)
    watcher.start()
    _installed = True
    _pending.clear()
    _placed.clear()  # a run tells only of the files it wrote itself
    _deferred = False
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        if old_fd is not None:
            signal.set_wakeup_fd(old_fd)
        if _pending and exiting:
            # The run was cut short and the program ends now: tearing down the web engine
            # would take over a second more, and nothing of this run is worth keeping.
            _exit_now(_pending[0])
        done.set()
        os.close(wfd)  # the watchdog reads end-of-file and returns
        watcher.join(timeout=1)
        os.close(rfd)
        _pending.clear()
        _wakers.clear()
        _temps.clear()
        _placed.clear()
        _scratch.clear()
        _deferred = False
        _installed = False


@contextmanager
def deferred_signals(wake: Callable[[], None]) -> Iterator[None]:
    """While an event loop runs: a signal only sets the flag and calls ``wake``.

    An exception raised from a signal handler inside a Qt callback would abort
    the process; instead, the loop is woken and the caller checks
    :func:`check_interrupted` when it returns.
    """
    global _deferred
    was = _deferred
    _deferred = True
    _wakers.append(wake)
    try:
        yield
    finally:
        _deferred = was
        if wake in _wakers:
            _wakers.remove(wake)


@contextmanager
def held() -> Iterator[bool]:
    """A stretch a signal must not cut (a new temp file being recorded); yields whether it was already held."""
    global _deferred
    was, _deferred = _deferred, True
    try:
        yield was
    finally:
        _deferred = was


__all__ = ["Interrupted", "interruptible", "deferred_signals", "check_interrupted", "pending_signal", "held",
           "register_temp", "unregister_temp", "reported", "placed", "placing", "scratch", "GRACE", "SIGNALS"]
