"""``export``: every option becomes a (Workspace, MapState, ExportOptions) before a pipeline is picked.

``--project``, ``--bookmark`` and ``--add-layer`` open layers in the workspace;
``--view``, ``--layers``, ``--select``, ``--as-of`` and ``--where`` make the
state; the rest make the options. Only then is the format's pipeline chosen,
so a PDF, a PNG, HTML, GeoJSON and KML all see the same layers, date and
filter, and a bad value of any of them fails before anything is drawn.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from explorer import paths, store
from explorer.errors import ExportError, ViewError
from explorer.i18n import tr
from explorer.workspace import Workspace

FORMAT_CHOICES = ["png", "pdf", "html", "geojson", "kml"]


def add_parser(sub, layer_ids: tuple[str, ...]) -> argparse.ArgumentParser:
    from explorer.cli.examples import help_kwargs

    sp = sub.add_parser("export", help="export the map: png, pdf, html, geojson or kml", **help_kwargs("export"))
    sp.add_argument("--out", metavar="FILE", help="output file; its extension (.png, .pdf, .html, .geojson, .kml) "
                    "picks the format (required, unless --batch)")
    sp.add_argument("--batch", metavar="FILE.toml",
                    help="render every [[snapshot]] of FILE.toml (keys as these options) in one process "
                         "(default: one export)")
    sp.add_argument("--out-dir", metavar="DIR",
                    help="with --batch: the folder its files are written to (default: the batch file's own folder)")
    sp.add_argument("--format", choices=FORMAT_CHOICES,
                    help=f"{', '.join(FORMAT_CHOICES)} (default: from the extension of --out)")
    sp.add_argument("--view", default="japan", metavar="VIEW",
                    help="okinawa|japan|region|korea|senkaku or LAT,LON,ZOOM (default: japan)")
    sp.add_argument("--layers", default="", metavar="LAYER,...", help=f"comma-separated, of {','.join(layer_ids)} (default: all)")
    sp.add_argument("--select", default="", metavar="ID",
                    help="id of the feature to select, e.g. base:futenma; a picture then carries its summary "
                         "(default: none)")
    sp.add_argument("--size", default="1600x1000", metavar="WIDTHxHEIGHT",
                    help="picture size in CSS pixels (default: 1600x1000)")
    sp.add_argument("--scale", type=float, default=1.0, choices=[1.0, 2.0], help="pixel ratio: 1 or 2 (default: 1)")
    sp.add_argument("--title", default="", metavar="TEXT", help="a title block on the picture (default: none)")
    sp.add_argument("--no-legend", action="store_true", help="leave the legend out (default: drawn)")
    sp.add_argument("--no-source-line", action="store_true",
                    help="leave the line of sources out of a picture (default: drawn)")
    sp.add_argument("--share-chart", action="store_true",
                    help="draw the chart of Okinawa's share of the US exclusive-use area (default: off)")
    sp.add_argument("--force", action="store_true", help="overwrite an existing file")
    sp.add_argument("--as-of", metavar="DATE", default="",
                    help="the map as of a date, YYYY, YYYY-MM or YYYY-MM-DD, stated in the title block (default: today)")
    sp.add_argument("--where", metavar="FACET=VALUE", action="append",
                    help="filter, repeatable: OR within a facet, AND across (e.g. service=USMC; default: none)")
    sp.add_argument("--briefing", action="store_true",
                    help="export the guided briefing: a booklet (.pdf) or an interactive page (.html) "
                         "(default: the map)")
    sp.add_argument("--paper", choices=["a4", "letter", "a3"], default=None,
                    help="paper for a PDF: a4 (default), letter or a3; pages are numbered")
    sp.add_argument("--landscape", action="store_true", help="print the PDF in landscape (default: portrait)")
    sp.add_argument("--project", metavar="FILE.aeproj",
                    help="export a project's map: its state, user layers and styles (default: none)")
    sp.add_argument("--bookmark", metavar="NAME",
                    help="with --project: export this bookmark's view (default: the project's own view)")
    sp.add_argument("--add-layer", action="append", metavar="FILE", default=[],
                    help="draw your own layer file too (GeoJSON, GeoPackage, KML/KMZ, Shapefile, FlatGeobuf, "
                         "GPX, CSV); repeatable (default: none)")
    sp.set_defaults(func=cmd_export)
    return sp


def open_workspace(args: argparse.Namespace) -> Workspace:
    """The atlas of ``--data`` (from the cache unless ``--no-cache``), with nothing else open yet."""
    cache = None if args.no_cache else paths.cache_dir()
    data = Path(args.data) if args.data else paths.geodata_dir()
    return Workspace(store.load_catalog(data, cache))


def _add_layers(workspace: Workspace, files: list[str]) -> list[str]:
    from explorer.atlas.userlayers import LayerFileError, LoadRequest, NeedsChoice, read_layer

    ids = []
    for name in files:
        path = Path(name)
        req = LoadRequest(path, layer_id=workspace.new_layer_id(path))
        try:
            loaded = read_layer(req)
        except NeedsChoice as exc:
            raise ExportError(tr("--add-layer {name}: {reason} ({options}); open it in the app and save a project "
                                 "to record the choice", name=name, reason=exc,
                                 options=", ".join(exc.options[:10]))) from None
        except LayerFileError as exc:
            raise ExportError(tr("--add-layer: {reason}", reason=exc)) from None
        ids.append(workspace.add_layer(loaded).id)
    return ids


def state_and_options(args: argparse.Namespace, workspace: Workspace, fmt: str):
    """The map state and export options every export option describes, with the workspace's layers opened."""
    from explorer.export.run import build_options, build_state
    from explorer.mapping import project as proj

    try:
        if args.project:
            path = Path(args.project)
            project = proj.load(path)
            state, problems = workspace.from_project(project, path, args.bookmark or "")
            if problems:
                raise ExportError(tr("the project's layers did not all open: {problems}",
                                     problems="; ".join(problems)))
        elif args.bookmark:
            raise ExportError(tr("--bookmark needs --project FILE.aeproj"))
        added = _add_layers(workspace, list(args.add_layer or []))
        if not args.project:
            state = build_state(workspace, args.view, args.layers, args.select, args.as_of, args.where,
                                bool(args.share_chart))
        state = state.with_(layers=(*state.layers, *(x for x in added if x not in state.layers)))
        options = build_options(fmt, args.size, args.scale, args.title, "", not args.no_legend,
                                not args.no_source_line, bool(state.selected), args.paper, bool(args.landscape))
    except (ViewError, proj.ProjectError) as exc:
        raise ExportError(str(exc)) from None
    return state, options


def cmd_export(args: argparse.Namespace) -> int:
    from explorer.cli.text import safe
    from explorer.export.files import resolve_format
    from explorer.export.run import batch_jobs, plan, run_jobs

    # SIGINT/SIGTERM anywhere in here: main() exits 130/143 and no temp file is left
    cache = None if args.no_cache else paths.cache_dir()
    if args.batch:
        workspace = open_workspace(args)
        _add_layers(workspace, list(args.add_layer or []))
        out_dir = Path(args.out_dir) if args.out_dir else None
        written = run_jobs(workspace, batch_jobs(workspace, Path(args.batch), args.force, out_dir), cache)
    else:
        if not args.out:
            raise ExportError(tr("--out FILE is required (or --batch FILE.toml)"))
        out = Path(args.out)
        fmt = resolve_format(out, args.format)  # before loading anything: a typo fails fast
        workspace = open_workspace(args)
        state, options = state_and_options(args, workspace, fmt)
        if args.briefing:
            from explorer.export.print_run import export_briefing

            written = [export_briefing(workspace, out, fmt, options, args.force, cache)]
        else:
            written = run_jobs(workspace, [plan(workspace, out, state, options, args.force)], cache)
    for out in written:
        print(safe(out))
    return 0


__all__ = ["add_parser", "cmd_export", "open_workspace", "state_and_options"]
