"""``open FILE.aeproj`` and the export options for your own data: ``--project``, ``--bookmark``, ``--add-layer``.

The export command is not rewritten: :func:`add_parsers` adds options to its
parser and registers :func:`export_hook` in ``explorer.export.run.EXPORT_HOOKS``,
which turns them into registered user layers and a map state before any
export (PNG, PDF, HTML, GeoJSON, KML) is planned.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from explorer.errors import ExportError


def _add_layers(catalog, files: list[str]) -> list[str]:
    from explorer.atlas.userlayers import LayerFileError, LoadRequest, NeedsChoice, layer_id_for, read_layer
    from explorer.mapping import userlayer
    from explorer.mapping.layers import REGISTRY
    from explorer.mapping.userlayer import PALETTE, UserStyle

    ids = []
    for i, name in enumerate(files):
        path = Path(name)
        req = LoadRequest(path, layer_id=layer_id_for(path, lambda x: x in REGISTRY))
        try:
            loaded = read_layer(req)
        except NeedsChoice as exc:
            raise ExportError(f"--add-layer {name}: {exc} ({', '.join(exc.options[:10])}); "
                              "open it in the app and save a project to record the choice") from None
        except LayerFileError as exc:
            raise ExportError(f"--add-layer: {exc}") from None
        userlayer.add(catalog, loaded, UserStyle(color=PALETTE[i % len(PALETTE)]))
        ids.append(loaded.layer_id)
    return ids


def export_hook(args: argparse.Namespace, catalog, state):
    """``--project`` (and ``--bookmark``) replace the state; ``--add-layer`` adds layers to it."""
    from explorer.mapping import project as proj

    if getattr(args, "project", None):
        path = Path(args.project)
        try:
            project = proj.load(path)
            state, problems = proj.open_layers(catalog, project, path)
            if args.bookmark:
                b = proj.bookmark_named(project, args.bookmark)
                state = proj.state_of(proj.Project(b.state), catalog)
        except proj.ProjectError as exc:
            raise ExportError(str(exc)) from None
        if problems:
            raise ExportError("the project's layers did not all open: " + "; ".join(problems))
    elif getattr(args, "bookmark", None):
        raise ExportError("--bookmark needs --project FILE.aeproj")
    added = _add_layers(catalog, list(getattr(args, "add_layer", None) or []))
    if added:
        state = state.with_(layers=(*state.layers, *(x for x in added if x not in state.layers)))
    return state


def cmd_open(args) -> int:
    from explorer.gui.app import run

    from explorer.mapping.project import ProjectError, load

    path = Path(args.project)
    if not path.is_file():
        raise ProjectError(f"{path}: no such project file")
    load(path)  # a bad file fails here, in one line, before any window opens
    return run(Path(args.data) if args.data else None, show_dialogs=not args.no_err_windows, no_cache=args.no_cache,
               quit_after_drawn=args.quit_after_drawn, after=lambda window: window.projects.open(path),
               screenshot=Path(args.screenshot) if args.screenshot else None)


def add_parsers(sub) -> None:
    """The ``open`` command, and the export options, registered with the export command's hook."""
    from explorer.export import run

    sp = sub.add_parser("open", help="open a project file (.aeproj) in the window")
    sp.add_argument("project", metavar="FILE.aeproj")
    sp.set_defaults(func=cmd_open)
    export = sub.choices["export"]
    export.add_argument("--project", metavar="FILE.aeproj",
                        help="export a project's map: its state, user layers and styles")
    export.add_argument("--bookmark", metavar="NAME", help="with --project: export this bookmark's view")
    export.add_argument("--add-layer", action="append", metavar="FILE", default=[],
                        help="draw your own layer file too (GeoJSON, GeoPackage, KML/KMZ, Shapefile, FlatGeobuf, "
                             "GPX, CSV); repeatable")
    if export_hook not in run.EXPORT_HOOKS:
        run.EXPORT_HOOKS.append(export_hook)


__all__ = ["add_parsers", "export_hook", "cmd_open"]
