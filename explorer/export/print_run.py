"""Paged PDFs: the feature sheet (every PDF of a map) and the briefing booklet.

There is one PDF pipeline: a sheet is a PNG of the map (``Snapshotter``)
followed by the selected feature's whole dossier as real text, on real paper,
for the export dialog, the print dialog, ``--batch`` and the CLI alike. The
dossier is the presenter's, seen from the state's date. No argparse here:
the CLI builds a workspace, a state and options, then calls these.
"""

from __future__ import annotations

from pathlib import Path

from explorer.atlas import briefing as briefing_mod
from explorer.errors import ExportError, ViewError
from explorer.export.booklet import Paper, booklet_html, sheet_html
from explorer.export.briefing_text import localized_dict
from explorer.export.files import check_target, fsize_problem
from explorer.mapping.page import data_as_of
from explorer.mapping.state import ExportOptions, MapState
from explorer.present.briefing import all_sources
from explorer.present.dossier import dossier_dict
from explorer.workspace import Workspace

PAPER_CHOICES = ("a4", "letter", "a3")


def data_date(workspace: Workspace) -> str:
    """The newest dated fact in the atlas: what the data is compiled to."""
    return data_as_of(workspace.atlas)


def sheet_job(workspace: Workspace, state: MapState, paper: Paper, out: Path, title: str = "",
              cache: Path | None | str = "default", parent=None):
    """A feature sheet: the map on page 1 and the selected feature's whole dossier after it."""
    from explorer.export.printer import MapShot, PrintJob

    w, h = paper.map_px(1.0)
    shot = MapShot("map", state, ExportOptions("png", width=w, height=h, legend=True, source_line=False))
    catalog = workspace.catalog
    dd = dossier_dict(catalog, state.selected, state.when) if state.selected in catalog.features else None
    compiled, map_date = data_date(workspace), str(state.as_of) if state.as_of else ""
    return PrintJob(workspace, [shot], lambda maps: sheet_html(dd, maps["map"], paper, title, compiled,
                                                               map_date=map_date), paper, out, cache, parent)


def paper_of(options: ExportOptions) -> Paper:
    return Paper(options.paper or "a4", options.landscape)


def booklet_job(workspace: Workspace, briefing: briefing_mod.Briefing, paper: Paper, out: Path,
                cache: Path | None | str = "default", parent=None):
    """The booklet: cover, contents, a page per step (map, text, sources), then every source."""
    from explorer.export.printer import MapShot, PrintJob

    w, h = paper.map_px(0.57 if paper.landscape else 1.0)
    shots = [MapShot(s.id, MapState.from_json(s.state_json()),
                     ExportOptions("png", width=w, height=h, legend=True, source_line=False))
             for s in briefing.steps]
    catalog = workspace.catalog
    bd, sources, when = localized_dict(catalog, briefing), all_sources(catalog, briefing), data_date(workspace)
    return PrintJob(workspace, shots, lambda maps: booklet_html(bd, maps, sources, paper, when), paper, out,
                    cache, parent)


def read_briefing(workspace: Workspace) -> briefing_mod.Briefing:
    """The briefing, every step's state checked before any drawing."""
    briefing = briefing_mod.read(workspace.atlas.root)
    for s in briefing.steps:  # a broken step fails here, before any drawing
        try:
            MapState.from_json(s.state_json())
        except ViewError as exc:
            raise ExportError(f"briefing step {s.id!r}: {exc}") from None
    return briefing


def export_briefing(workspace: Workspace, out: Path, fmt: str, options: ExportOptions, force: bool,
                    cache: Path | None) -> Path:
    """The briefing as a booklet (.pdf) or an interactive page (.html)."""
    if fmt not in ("pdf", "html"):
        raise ExportError("--briefing exports a PDF booklet or an HTML page: use --out FILE.pdf or FILE.html")
    target = check_target(out, force)
    briefing = read_briefing(workspace)
    if fmt == "html":
        from explorer.export.briefing_html import export_briefing_html

        return export_briefing_html(workspace, briefing, target, cache)
    problem = fsize_problem(target, "pdf")
    if problem:
        raise ExportError(problem)
    from explorer.web import qtenv

    qtenv.prepare(headless=True)
    qtenv.application()
    from explorer.export.printer import run_blocking

    return run_blocking(booklet_job(workspace, briefing, paper_of(options), target, cache))


__all__ = ["sheet_job", "booklet_job", "export_briefing", "read_briefing", "paper_of", "PAPER_CHOICES"]
