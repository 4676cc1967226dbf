"""One export, from the command line or the window: validate, then dispatch by format.

Everything a user can get wrong (format, view, layers, id, size, an existing
or unwritable target) is checked before any work starts, so a failed export
costs nothing and leaves nothing behind.
"""

from __future__ import annotations

import argparse
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from explorer import log, paths
from explorer.atlas.catalog import Catalog, load_cached
from explorer.errors import ExportError, ViewError
from explorer.export.files import check_target, resolve_format
from explorer.mapping.views import ViewState, parse_layers, parse_view

MAX_PIXELS = 8000


@dataclass(frozen=True)
class ExportJob:
    """A validated export: where, what format, which view, how big."""

    out: Path
    fmt: str
    state: ViewState
    width: int = 1600
    height: int = 1000
    scale: float = 1.0


def parse_size(spec: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", spec or "")
    if not m:
        raise ViewError(f"size {spec!r}: use WIDTHxHEIGHT, e.g. 1600x1000")
    w, h = int(m[1]), int(m[2])
    if not (100 <= w <= MAX_PIXELS and 100 <= h <= MAX_PIXELS):
        raise ViewError(f"size {spec!r}: each side must be 100 to {MAX_PIXELS} pixels")
    return w, h


def plan(catalog: Catalog, out: Path, fmt: str | None, state: ViewState, size: tuple[int, int] = (1600, 1000),
         scale: float = 1.0, force: bool = False) -> ExportJob:
    """Check everything about an export before doing any of it."""
    fmt = resolve_format(out, fmt)
    if state.selected and state.selected not in catalog.features:
        raise ExportError(f"unknown feature id {state.selected!r}; try 'alliance-explorer list'")
    if scale not in (1.0, 2.0):
        raise ExportError(f"scale {scale:g}: use 1 or 2")
    if size[0] * scale > MAX_PIXELS or size[1] * scale > MAX_PIXELS:
        raise ExportError(f"{size[0]}x{size[1]} at scale {scale:g} exceeds {MAX_PIXELS} pixels a side")
    out = check_target(out, force)
    return ExportJob(out, fmt, state, size[0], size[1], scale)


def run_data_export(catalog: Catalog, job: ExportJob) -> Path:
    """HTML, GeoJSON and KML: no Qt needed."""
    if job.fmt == "html":
        from explorer.export.html import export_html

        return export_html(catalog, job.state, job.out)
    from explorer.export.geo import export_geo

    return export_geo(catalog, job.state, job.out, job.fmt)


class _DropErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


#: QtWebEngine writes shared-memory files of a few hundred KB while it renders;
#: under a smaller file size limit (``ulimit -f``) Chromium aborts the process.
MIN_FSIZE_FOR_RENDERING = 1 << 20


def _fsize_problem(job: ExportJob) -> str | None:
    """Why the file size limit would kill the renderer before any file is written, or None."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    except (ImportError, AttributeError, OSError, ValueError):
        return None
    if soft == resource.RLIM_INFINITY or soft >= MIN_FSIZE_FOR_RENDERING:
        return None
    return (f"{job.out}: the file size limit (ulimit -f) of {soft // 1024} KB is too small to render a "
            f"{job.fmt.upper()}: QtWebEngine needs at least {MIN_FSIZE_FOR_RENDERING // 2**20} MB; nothing was written")


def run_snapshot_blocking(catalog: Catalog, job: ExportJob) -> Path:
    """PNG or PDF from a script: an offscreen Qt app, an event loop, one job."""
    problem = _fsize_problem(job)
    if problem:
        raise ExportError(problem)
    from explorer.web import qtenv

    qtenv.prepare(headless=True)
    app = qtenv.application()
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

    from explorer.export.files import check_interrupted, deferred_signals, pending_signal
    from explorer.export.snapshot import SnapshotJob, SnapshotRequest

    request = SnapshotRequest(job.fmt, job.state, job.width, job.height, job.scale)
    snap = SnapshotJob(catalog, request, job.out)
    result: dict[str, str] = {}
    loop = QEventLoop()
    snap.finished.connect(lambda path: (result.setdefault("ok", path), loop.quit()))
    snap.failed.connect(lambda msg: (result.setdefault("error", msg), loop.quit()))
    snap.progress.connect(lambda pct, what: log.export.info("%3d%% %s", pct, what))
    # Python runs signal handlers only between bytecodes: while Qt waits in C++
    # a timer gives it a chance every 100 ms. The handler only sets a flag and
    # quits the loop (raising inside a Qt callback would abort the process).
    poll = QTimer()
    poll.timeout.connect(lambda: None)
    poll.start(100)
    # The failure is raised below and printed once by the caller; the job's own
    # error log line would say it twice (kept with -v).
    quiet = None if log.export.isEnabledFor(logging.DEBUG) else _DropErrors()
    if quiet:
        log.export.addFilter(quiet)
    try:
        with deferred_signals(loop.quit):
            check_interrupted()
            snap.start()
            if not result and pending_signal() is None:
                loop.exec()
            poll.stop()
            if "ok" not in result and "error" not in result:
                snap.cancel()  # woken by a signal: stop rendering, write nothing
            snap.deleteLater()
            app.processEvents()
            # Delete the view and its page now, not at interpreter exit (a page
            # torn down mid-load then crashes QtWebEngine).
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
    finally:
        if quiet:
            log.export.removeFilter(quiet)
    if "ok" in result:  # complete and in place, even if a signal came after
        return Path(result["ok"])
    check_interrupted()
    if "error" in result:
        raise ExportError(result["error"])
    return Path(result["ok"])


def export_from_args(args: argparse.Namespace) -> Path:
    """The ``export`` sub-command."""
    out = Path(args.out)
    fmt = resolve_format(out, args.format)  # before loading anything: a typo fails fast
    state = parse_view(args.view).with_(
        layers=parse_layers(args.layers), selected=args.select, title=args.title,
        legend=not args.no_legend, source_line=not args.no_source_line, dossier=bool(args.select))
    data = Path(args.data) if args.data else paths.geodata_dir()
    catalog = load_cached(data, None if args.no_cache else paths.cache_dir())
    job = plan(catalog, out, fmt, state, parse_size(args.size), args.scale, args.force)
    if job.fmt in ("png", "pdf"):
        return run_snapshot_blocking(catalog, job)
    return run_data_export(catalog, job)
