"""Exports from the command line or the window: validate, then dispatch by format.

Everything a user can get wrong (format, view, layers, id, size, an existing
or unwritable target) is checked before any work starts, so a failed export
costs nothing and leaves nothing behind. ``--batch FILE.toml`` renders many
snapshots in one process and one page load.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer import log, paths, store
from explorer.atlas.catalog import Catalog
from explorer.errors import ExportError, ViewError
from explorer.export.files import check_target, resolve_format
from explorer.mapping.state import Camera, ExportOptions, MapState, parse_layers, parse_view

MAX_PIXELS = 8000
#: ``hook(args, catalog, state) -> state``: what other modules add to a command-line export
#: (``explorer.project_cli``: projects, bookmarks, user layers). Run once the catalog is loaded.
EXPORT_HOOKS: list = []
SNAPSHOT_FORMATS = ("png", "pdf")


@dataclass(frozen=True)
class ExportJob:
    """A validated export: where, which state, with which options."""

    out: Path
    state: MapState
    options: ExportOptions


def parse_size(spec: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", spec or "")
    if not m:
        raise ViewError(f"size {spec!r}: use WIDTHxHEIGHT, e.g. 1600x1000")
    w, h = int(m[1]), int(m[2])
    if not (100 <= w <= MAX_PIXELS and 100 <= h <= MAX_PIXELS):
        raise ViewError(f"size {spec!r}: each side must be 100 to {MAX_PIXELS} pixels")
    return w, h


def plan(catalog: Catalog, out: Path, state: MapState, options: ExportOptions, force: bool = False) -> ExportJob:
    """Check everything about an export before doing any of it."""
    options = options.with_(fmt=resolve_format(out, options.fmt))
    if state.selected and state.selected not in catalog.features:
        raise ExportError(f"unknown feature id {state.selected!r}; try 'alliance-explorer list'")
    if options.scale not in (1.0, 2.0):
        raise ExportError(f"scale {options.scale:g}: use 1 or 2")
    w, h = options.width * options.scale, options.height * options.scale
    if w > MAX_PIXELS or h > MAX_PIXELS:
        raise ExportError(f"{options.width}x{options.height} at scale {options.scale:g} exceeds {MAX_PIXELS} pixels a side")
    return ExportJob(check_target(out, force), state, options)


def run_data_export(catalog: Catalog, job: ExportJob, cache: Path | None = None) -> Path:
    """HTML, GeoJSON and KML: no Qt needed."""
    if job.options.fmt == "html":
        from explorer.export.html import export_html

        return export_html(catalog, job.state, job.out, cache)
    from explorer.export.geo import export_geo

    return export_geo(catalog, job.state, job.out, job.options.fmt)


#: QtWebEngine writes shared-memory files of a few hundred KB while it renders;
#: under a smaller file size limit (``ulimit -f``) Chromium aborts the process.
MIN_FSIZE_FOR_RENDERING = 1 << 20


def _fsize_problem(job: ExportJob) -> str | None:
    return fsize_problem(job.out, job.options.fmt)


def fsize_problem(out: Path, fmt: str) -> str | None:
    """Why the file size limit would kill the renderer before any file is written, or None."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    except (ImportError, AttributeError, OSError, ValueError):
        return None
    if soft == resource.RLIM_INFINITY or soft >= MIN_FSIZE_FOR_RENDERING:
        return None
    return (f"{out}: the file size limit (ulimit -f) of {soft // 1024} KB is too small to render a "
            f"{fmt.upper()}: QtWebEngine needs at least {MIN_FSIZE_FOR_RENDERING // 2**20} MB; "
            "nothing was written")


def run_snapshots_blocking(catalog: Catalog, jobs: list[ExportJob], cache: Path | None) -> list[Path]:
    """PNG and PDF from a script: one offscreen Qt app, one page load, every job in turn.

    Raises ``ExportError`` for the first job that failed, after the others ran;
    SIGINT/SIGTERM stop rendering, write nothing more, and raise ``Interrupted``.
    """
    for job in jobs:
        problem = _fsize_problem(job)
        if problem:
            raise ExportError(problem)
    from explorer.web import qtenv

    qtenv.prepare(headless=True)
    app = qtenv.application()
    from PySide6.QtCore import QEventLoop

    from explorer.export.loop import run_until
    from explorer.export.snapshot import SnapshotRequest, Snapshotter

    written: list[Path] = []
    errors: list[str] = []
    snap = Snapshotter(catalog, cache=cache)
    loop = QEventLoop()
    snap.finished.connect(lambda path: written.append(Path(path)))
    snap.failed.connect(errors.append)
    snap.idle.connect(loop.quit)
    snap.progress.connect(lambda pct, what: log.export.info("%3d%% %s", pct, what))

    def start() -> None:
        for job in jobs:
            snap.add(SnapshotRequest(job.state, job.options), job.out)

    try:
        run_until(loop, start, snap.cancel, lambda: False)
    finally:
        snap.close()
        snap.deleteLater()
        # Delete the view and its page now, before the web profile goes at exit.
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    if errors:
        raise ExportError(errors[0] + (f" (and {len(errors) - 1} more failed)" if len(errors) > 1 else ""))
    return written


def run_jobs(catalog: Catalog, jobs: list[ExportJob], cache: Path | None) -> list[Path]:
    """Data exports first (no Qt), then every snapshot in one renderer."""
    out = [run_data_export(catalog, j, cache) for j in jobs if j.options.fmt not in SNAPSHOT_FORMATS]
    snaps = [j for j in jobs if j.options.fmt in SNAPSHOT_FORMATS]
    if snaps:
        out += run_snapshots_blocking(catalog, snaps, cache)
    return out


# -- from the command line ------------------------------------------------------------------

def _state(view: str, layers: Any, select: str) -> MapState:
    camera: Camera = parse_view(view)
    state = MapState(camera=camera, selected=select)
    return state.with_(layers=parse_layers(layers)) if layers else state


def _options(fmt: str | None, size: str, scale: float, title: str, subtitle: str, legend: bool,
             source_line: bool, dossier: bool) -> ExportOptions:
    w, h = parse_size(size)
    return ExportOptions(fmt=fmt or "", width=w, height=h, scale=float(scale), title=title, subtitle=subtitle,
                         legend=legend, source_line=source_line, dossier=dossier)


BATCH_KEYS = {"out", "format", "view", "layers", "select", "size", "scale", "title", "subtitle", "legend",
              "source_line", "dossier", "force", "as_of", "where", "share_chart"}


def _batch_jobs(catalog: Catalog, path: Path, force: bool) -> list[ExportJob]:
    """``[[snapshot]]`` entries whose keys mirror the export options; paths relative to the file."""
    from explorer import timeline_cli  # as_of = "1971", where = ["service=USMC"] (issue 10)

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ExportError(f"{path}: cannot read the batch file: {exc}") from None
    entries = raw.get("snapshot")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ExportError(f"{path}: expected one or more [[snapshot]] tables")
    jobs: list[ExportJob] = []
    targets: set[Path] = set()
    for i, e in enumerate(entries, 1):
        where = f"{path}: snapshot {i}"
        unknown = set(e) - BATCH_KEYS
        if unknown:
            raise ExportError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if not isinstance(e.get("out"), str) or not e["out"]:
            raise ExportError(f"{where}: 'out' is required")
        try:
            layers = e.get("layers")
            state = _state(str(e.get("view", "japan")), layers, str(e.get("select", "")))
            state = state.with_(as_of=timeline_cli.as_of_text(str(e.get("as_of", ""))),
                                filter=timeline_cli.where_filter([str(w) for w in e.get("where") or ()]),
                                share_chart=e.get("share_chart", False) is True)
            options = _options(e.get("format"), str(e.get("size", "1600x1000")), e.get("scale", 1.0),
                               str(e.get("title", "")), str(e.get("subtitle", "")), bool(e.get("legend", True)),
                               bool(e.get("source_line", True)), bool(e.get("dossier", bool(e.get("select")))))
            out = (path.parent / e["out"]).expanduser()
            job = plan(catalog, out, state, options, force or bool(e.get("force", False)))
        except (ViewError, ExportError, TypeError, ValueError, timeline_cli.OptionError) as exc:
            raise ExportError(f"{where}: {exc}") from None
        if job.out in targets:
            raise ExportError(f"{where}: {job.out} is written twice")
        targets.add(job.out)
        jobs.append(job)
    return jobs


def export_from_args(args: argparse.Namespace) -> list[Path]:
    """The ``export`` sub-command: one file, or every ``[[snapshot]]`` of ``--batch``."""
    cache = None if args.no_cache else paths.cache_dir()
    data = Path(args.data) if args.data else paths.geodata_dir()
    if args.batch:
        catalog = store.load_catalog(data, cache)
        return run_jobs(catalog, _batch_jobs(catalog, Path(args.batch), args.force), cache)
    if not args.out:
        raise ExportError("--out FILE is required (or --batch FILE.toml)")
    out = Path(args.out)
    fmt = resolve_format(out, args.format)  # before loading anything: a typo fails fast
    state = _state(args.view, args.layers, args.select)
    from explorer import timeline_cli  # --as-of and --where (issue 10)

    state = state.with_(as_of=timeline_cli.as_of_text(getattr(args, "as_of", "")),
                        filter=timeline_cli.where_filter(getattr(args, "where", None)),
                        share_chart=bool(getattr(args, "share_chart", False)))
    from explorer.export import print_run

    if print_run.wants_layout(args, fmt):  # paper PDFs (A4 by default) and the briefing
        return print_run.export_layout(args, out, fmt, state, store.load_catalog(data, cache), cache)
    options = _options(fmt, args.size, args.scale, args.title, "", not args.no_legend, not args.no_source_line,
                       bool(args.select))
    catalog = store.load_catalog(data, cache)
    for hook in EXPORT_HOOKS:
        state = hook(args, catalog, state)
    return run_jobs(catalog, [plan(catalog, out, state, options, args.force)], cache)
