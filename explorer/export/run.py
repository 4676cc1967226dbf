"""Exports of a (Workspace, MapState, ExportOptions): check everything, then pick a pipeline.

Everything a user can get wrong (format, view, layers, id, size, an existing
or unwritable target) is checked before any work starts, so a failed export
costs nothing and leaves nothing behind. Nothing here knows argparse: the CLI
(``explorer.cli``) and the window build the workspace, state and options, and
a batch file (``[[snapshot]]`` tables) is read here into the same three, so
each snapshot of a batch is exactly its single export.

Pipelines: HTML, GeoJSON and KML need no Qt; every PNG is a ``Snapshotter``
picture, all of a run's PNGs from one page load; every PDF is a paged
document (``export.print_run.sheet_job``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer import log
from explorer.errors import ExportError, ViewError
from explorer.export.files import check_target, fsize_problem, resolve_format
from explorer.interrupts import Interrupted
from explorer.mapping.state import Camera, ExportOptions, MapState, parse_date, parse_layers, parse_view, parse_where
from explorer.workspace import Workspace

MAX_PIXELS = 8000
SNAPSHOT_FORMATS = ("png", "pdf")
PAPERS = ("a4", "letter", "a3")


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


def build_state(workspace: Workspace, view: str = "japan", layers: Any = None, select: str = "",
                as_of: str = "", where: Any = None, share_chart: bool = False) -> MapState:
    """The map state an export's options describe, checked against the workspace (its layers included)."""
    camera: Camera = parse_view(view)
    state = MapState(camera=camera, selected=select, as_of=parse_date(as_of, "as-of date"),
                     filter=parse_where(where), share_chart=share_chart)
    if layers:
        state = state.with_(layers=parse_layers(layers, workspace.registry))
    else:
        state = state.with_(layers=workspace.registry.ids())
    return state


def build_options(fmt: str | None, size: str = "1600x1000", scale: float = 1.0, title: str = "",
                  subtitle: str = "", legend: bool = True, source_line: bool = True, dossier: bool = False,
                  paper: str | None = None, landscape: bool = False) -> ExportOptions:
    w, h = parse_size(size)
    if paper is not None and paper not in PAPERS:
        raise ViewError(f"paper {paper!r}: use {', '.join(PAPERS)}")
    return ExportOptions(fmt=fmt or "", width=w, height=h, scale=float(scale), title=title, subtitle=subtitle,
                         legend=legend, source_line=source_line, dossier=dossier, paper=paper or "a4",
                         landscape=landscape)


def plan(workspace: Workspace, out: Path, state: MapState, options: ExportOptions, force: bool = False) -> ExportJob:
    """Check everything about an export before doing any of it."""
    options = options.with_(fmt=resolve_format(out, options.fmt))
    if state.selected and state.selected not in workspace.features:
        raise ExportError(f"unknown feature id {state.selected!r}; try 'alliance-explorer list'")
    missing = workspace.missing_layers(state)
    if missing:
        raise ExportError(f"layer(s) not open: {', '.join(missing)}")
    if options.scale not in (1.0, 2.0):
        raise ExportError(f"scale {options.scale:g}: use 1 or 2")
    w, h = options.width * options.scale, options.height * options.scale
    if w > MAX_PIXELS or h > MAX_PIXELS:
        raise ExportError(f"{options.width}x{options.height} at scale {options.scale:g} exceeds {MAX_PIXELS} pixels a side")
    return ExportJob(check_target(out, force), state, options)


def run_data_export(workspace: Workspace, job: ExportJob, cache: Path | None = None) -> Path:
    """HTML, GeoJSON and KML: no Qt needed."""
    if job.options.fmt == "html":
        from explorer.export.html import export_html

        return export_html(workspace, job.state, job.out, cache)
    from explorer.export.geo import export_geo

    return export_geo(workspace, job.state, job.out, job.options.fmt)


def run_snapshots_blocking(workspace: Workspace, jobs: list[ExportJob], cache: Path | None) -> list[Path]:
    """PNGs and PDFs from a script: one offscreen Qt app; every PNG from one page load, in turn.

    Raises ``ExportError`` for the first job that failed, after the others ran;
    SIGINT/SIGTERM stop rendering, write nothing more, and raise ``Interrupted``.
    """
    for job in jobs:
        problem = fsize_problem(job.out, job.options.fmt)
        if problem:
            raise ExportError(problem)
    from explorer.web import qtenv

    qtenv.prepare(headless=True)
    qtenv.application()
    pngs = [j for j in jobs if j.options.fmt == "png"]
    written: list[Path] = []
    errors: list[str] = []
    if pngs:
        _run_pngs(workspace, pngs, cache, written, errors)
    for job in (j for j in jobs if j.options.fmt == "pdf"):
        from explorer.export.print_run import paper_of, sheet_job
        from explorer.export.printer import run_blocking

        try:
            written.append(run_blocking(sheet_job(workspace, job.state, paper_of(job.options), job.out,
                                                  job.options.title, cache)))
        except Interrupted:
            raise  # a signal stops the whole run, with its own exit code
        except ExportError as exc:
            errors.append(str(exc))
    if errors:
        raise ExportError(errors[0] + (f" (and {len(errors) - 1} more failed)" if len(errors) > 1 else ""))
    return written


def _run_pngs(workspace: Workspace, jobs: list[ExportJob], cache: Path | None, written: list[Path],
              errors: list[str]) -> None:
    from PySide6.QtCore import QEventLoop

    from explorer.export.loop import run_until
    from explorer.export.snapshot import SnapshotRequest, Snapshotter
    from explorer.web import qtenv

    app = qtenv.application()
    snap = Snapshotter(workspace, cache=cache)
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


def run_jobs(workspace: Workspace, jobs: list[ExportJob], cache: Path | None) -> list[Path]:
    """Data exports first (no Qt), then every PNG in one renderer, then every PDF."""
    out = [run_data_export(workspace, j, cache) for j in jobs if j.options.fmt not in SNAPSHOT_FORMATS]
    snaps = [j for j in jobs if j.options.fmt in SNAPSHOT_FORMATS]
    if snaps:
        out += run_snapshots_blocking(workspace, snaps, cache)
    order = {j.out: i for i, j in enumerate(jobs)}
    return sorted(out, key=lambda p: order.get(p, len(order)))


# -- batch files -------------------------------------------------------------------------------

BATCH_KEYS = {"out", "format", "view", "layers", "select", "size", "scale", "title", "subtitle", "legend",
              "source_line", "dossier", "as_of", "where", "share_chart", "paper", "landscape"}


def _inside(folder: Path, out: Path) -> bool:
    try:
        out.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def batch_jobs(workspace: Workspace, path: Path, force: bool, out_dir: Path | None = None) -> list[ExportJob]:
    """``[[snapshot]]`` entries whose keys mirror the export options; each ``out`` relative to the file.

    Each entry becomes the state and options its single export would have
    (:func:`build_state`, :func:`build_options`), so a batch image is its single export.

    A batch file may come from someone else (a shared ``slides.toml``), so it
    writes only inside its own folder (or ``out_dir``, which the user names on
    the command line), never over itself, only files whose extension is their
    format, and replaces an existing file only if the user passed ``--force``:
    a ``force`` key in the file is refused.
    """
    from explorer.inputs import InputFileError, read_input_text

    try:
        text = read_input_text(path, "batch file")
    except InputFileError as exc:
        raise ExportError(str(exc)) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExportError(f"{path}: cannot read the batch file: {exc}") from None
    entries = raw.get("snapshot")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ExportError(f"{path}: expected one or more [[snapshot]] tables")
    folder = Path(out_dir) if out_dir is not None else path.parent
    jobs: list[ExportJob] = []
    targets: set[Path] = set()
    for i, e in enumerate(entries, 1):
        where = f"{path}: snapshot {i}"
        if "force" in e:
            raise ExportError(f"{where}: 'force' cannot be set in a batch file; pass --force on the command line")
        unknown = set(e) - BATCH_KEYS
        if unknown:
            raise ExportError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if not isinstance(e.get("out"), str) or not e["out"]:
            raise ExportError(f"{where}: 'out' is required")
        out = folder / e["out"]
        if Path(e["out"]).is_absolute() or e["out"].startswith("~") or not _inside(folder, out):
            raise ExportError(f"{where}: 'out' must name a file inside {folder} (use --out-dir for another folder)")
        if out.resolve() == path.resolve():
            raise ExportError(f"{where}: 'out' is the batch file itself")
        fmt = e.get("format")
        if fmt is not None and out.suffix.lower().lstrip(".") != fmt:
            raise ExportError(f"{where}: 'out' must end in .{fmt} for format {fmt!r}")
        try:
            state = build_state(workspace, str(e.get("view", "japan")), e.get("layers"), str(e.get("select", "")),
                                str(e.get("as_of", "")), e.get("where"), e.get("share_chart", False) is True)
            options = build_options(fmt, str(e.get("size", "1600x1000")), e.get("scale", 1.0),
                                    str(e.get("title", "")), str(e.get("subtitle", "")), bool(e.get("legend", True)),
                                    bool(e.get("source_line", True)), bool(e.get("dossier", bool(e.get("select")))),
                                    e.get("paper"), bool(e.get("landscape", False)))
            job = plan(workspace, out, state, options, force)
        except (ViewError, ExportError, TypeError, ValueError) as exc:
            raise ExportError(f"{where}: {exc}") from None
        if job.out in targets:
            raise ExportError(f"{where}: {job.out} is written twice")
        targets.add(job.out)
        jobs.append(job)
    return jobs


__all__ = ["ExportJob", "plan", "build_state", "build_options", "parse_size", "run_jobs", "batch_jobs",
           "fsize_problem", "SNAPSHOT_FORMATS"]
