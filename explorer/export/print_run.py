"""``export --briefing`` and paper PDFs from the command line.

``--out x.pdf`` (with ``--paper a4|letter|a3`` and ``--landscape``; A4 portrait
by default) prints a feature sheet of the selected feature, or of the map
alone; ``--briefing`` prints the briefing booklet to a PDF, or writes the
self-contained HTML briefing to ``.html``. Everything is checked before any
work starts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from explorer import store
from explorer.atlas import briefing as briefing_mod
from explorer.atlas.catalog import Catalog
from explorer.errors import ExportError, ViewError
from explorer.export.booklet import Paper, booklet_html, sheet_html
from explorer.export.files import check_target
from explorer.mapping.page import data_as_of
from explorer.mapping.state import ExportOptions, MapState
from explorer.present.briefing import all_sources, briefing_dict
from explorer.present.dossier import dossier_dict

PAPER_CHOICES = ("a4", "letter", "a3")


def add_arguments(sp: argparse.ArgumentParser) -> None:
    """The print options of ``export`` (one call from ``cli.build_parser``)."""
    sp.add_argument("--briefing", action="store_true",
                    help="export the guided briefing: a booklet (.pdf) or an interactive page (.html)")
    sp.add_argument("--paper", choices=PAPER_CHOICES, default=None,
                    help="paper for a PDF: a4 (default), letter or a3; pages are numbered")
    sp.add_argument("--landscape", action="store_true", help="print the PDF in landscape")


def wants_layout(args: argparse.Namespace, fmt: str) -> bool:
    """A paper PDF (every single ``.pdf`` from the CLI) or any briefing export."""
    return bool(getattr(args, "briefing", False)) or fmt == "pdf"


def as_of(catalog: Catalog, state: MapState | None = None) -> str:
    return (state.as_of if state is not None and state.as_of else "") or data_as_of(catalog)


def sheet_job(catalog: Catalog, state: MapState, paper: Paper, out: Path, title: str = "",
              cache: Path | None | str = "default", parent=None):
    """A feature sheet: the map on page 1 and the selected feature's whole dossier after it."""
    from explorer.export.printer import MapShot, PrintJob

    w, h = paper.map_px(1.0)
    shot = MapShot("map", state, ExportOptions("png", width=w, height=h, legend=True, source_line=False))
    dd = dossier_dict(catalog, state.selected) if state.selected in catalog.features else None
    when = as_of(catalog, state)
    return PrintJob(catalog, [shot], lambda maps: sheet_html(dd, maps["map"], paper, title, when), paper, out,
                    cache, parent)


def booklet_job(catalog: Catalog, briefing: briefing_mod.Briefing, paper: Paper, out: Path,
                cache: Path | None | str = "default", parent=None):
    """The booklet: cover, contents, a page per step (map, text, sources), then every source."""
    from explorer.export.printer import MapShot, PrintJob

    w, h = paper.map_px(0.57 if paper.landscape else 1.0)
    shots = [MapShot(s.id, MapState.from_json(s.state_json()),
                     ExportOptions("png", width=w, height=h, legend=True, source_line=False))
             for s in briefing.steps]
    bd, sources, when = briefing_dict(catalog, briefing), all_sources(catalog, briefing), as_of(catalog)
    return PrintJob(catalog, shots, lambda maps: booklet_html(bd, maps, sources, paper, when), paper, out,
                    cache, parent)


def export_layout(args: argparse.Namespace, out: Path, fmt: str, state: MapState, catalog: Catalog,
                  cache: Path | None) -> list[Path]:
    """The ``export`` hook for paper PDFs and the briefing (see :func:`wants_layout`)."""
    if fmt not in ("pdf", "html"):
        raise ExportError("--briefing exports a PDF booklet or an HTML page: use --out FILE.pdf or FILE.html")
    target = check_target(out, args.force)
    if state.selected and state.selected not in catalog.features:
        raise ExportError(f"unknown feature id {state.selected!r}; try 'alliance-explorer list'")
    briefing = None
    if args.briefing:
        briefing = briefing_mod.read(catalog.root)
        for s in briefing.steps:  # a broken step fails here, before any drawing
            try:
                MapState.from_json(s.state_json())
            except ViewError as exc:
                raise ExportError(f"briefing step {s.id!r}: {exc}") from None
    if fmt == "html":
        from explorer.export.briefing_html import export_briefing_html

        return [export_briefing_html(catalog, briefing, target, cache)]
    paper = Paper(args.paper or "a4", bool(args.landscape))
    from explorer.export.run import fsize_problem

    problem = fsize_problem(target, "pdf")
    if problem:
        raise ExportError(problem)
    from explorer.web import qtenv

    qtenv.prepare(headless=True)
    qtenv.application()
    from explorer.export.printer import run_blocking

    if briefing is not None:
        job = booklet_job(catalog, briefing, paper, target, cache)
    else:
        job = sheet_job(catalog, state, paper, target, args.title, cache)
    return [run_blocking(job)]


__all__ = ["add_arguments", "wants_layout", "export_layout", "sheet_job", "booklet_job", "PAPER_CHOICES"]
