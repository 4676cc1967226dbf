"""``alliance-explorer``: the window, and a scriptable face for the same model.

The sub-commands live beside this module: ``export`` (``cli.export``),
``coverage`` and ``distance`` (``cli.analysis``), ``open`` (``cli.project``, also
``alliance-explorer FILE.aeproj``), ``--install-desktop`` (``cli.desktop``);
``--as-of`` and ``--where`` for ``list`` and ``info`` in ``cli.timeline``.

``list``, ``info`` and ``validate`` never import Qt; ``export`` imports it
only for PNG and PDF. Expected failures print one line and exit non-zero.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from explorer import __version__, i18n, log, paths
from explorer.cli.text import dump_json, one_line, safe
from explorer.errors import ExplorerError
from explorer.i18n import tr

EXIT_ERROR = 2


def _catalog(args):
    from explorer import store

    return store.catalog_for(args.data, args.no_cache)


def _feature_json(f) -> dict:
    return {"id": f.id, "layer": f.layer, "name": f.name, "name_ja": f.name_ja,
            "lat": round(f.lat, 6), "lon": round(f.lon, 6), **f.attributes(),
            "sources": [r.id for r in f.sources]}


def cmd_list(args) -> int:
    catalog = _catalog(args)
    if args.layer == "places":  # towns and cities are a reference layer, kept apart from the features
        feats = list(catalog.places.values())
    else:
        feats = catalog.layer(args.layer) if args.layer else list(catalog.features.values())
    if getattr(args, "as_of", None):
        from explorer.cli import timeline as timeline_cli

        timeline_cli.print_list(catalog, feats, timeline_cli.as_of(args.as_of), args.json, _feature_json)
        return 0
    if args.json:
        dump_json([_feature_json(f) for f in feats])
    else:
        for f in feats:
            print(safe(f"{f.id:40} {names(f)}"))
    return 0


def names(f) -> str:
    """A feature's name in the reader's language, and in the other one after it: ``普天間飛行場  (Marine …)``."""
    from explorer.present import localize

    name = localize.name(f)
    other = next((n for n in (getattr(f, "name_ja", ""), f.name) if n and n != name), "")
    return name + (f"  ({other})" if other and getattr(f, "name_ja", "") else "")


def cmd_info(args) -> int:
    from explorer.cli import timeline as timeline_cli

    catalog = _catalog(args)
    data = timeline_cli.info_data(catalog, args.id, timeline_cli.as_of(getattr(args, "as_of", None)))
    if args.json:
        dump_json(data)
        return 0
    if data.get("kind") in ("provision", "controversy"):
        timeline_cli.print_law_info(data, lambda line: print(safe(line)))
        return 0
    alt = data.get("name_alt", data["name_ja"])
    print(safe(f"{data['name']}" + (f"  {alt}" if alt else "")))
    print(safe(f"  {data['kind']} · {data['id']}"))
    for fact in data["facts"]:
        print(safe("  " + tr("{label}: {value}", label=fact["label"], value=fact["value"])))
    print("\n" + tr("Treaty provisions:"))
    for p in data["provisions"]:
        print(safe(f"  - {p['headline']}" + (f"  [{p['status_text']}]" if p.get("status_text") else "")))
    if data.get("as_of"):
        print("\n" + tr("Controversies: (begun by {date})", date=data.get("as_of_text") or data["as_of"]))
    else:
        print("\n" + tr("Controversies:"))
    for c in data["controversies"]:
        print(safe(f"  - {c['headline']}" + (f"  [{c['status_text']}]" if c.get("status_text") else "")))
    print("\n" + tr("Sources:"))
    for s in data["sources"]:
        print(safe(f"  [{s['n']}] {s['text']}" if s.get("n") else f"  - {s['text']}"))
    return 0


def cmd_validate(args) -> int:
    from explorer.atlas.catalog import Catalog
    from explorer.atlas.figures import data_quality
    from explorer.atlas.validate import validate_catalog
    from explorer.mapping.state import MapState

    root = Path(args.path or paths.geodata_dir())
    catalog = Catalog.load(root, strict=False)
    problems = validate_catalog(catalog, root, check_state=MapState.from_json)
    for p in problems:
        line = f"warning: {root}/{str(p).removeprefix('warning: ')}" if p.severity == "warning" else f"{root}/{p}"
        print(safe(line))
    errors = [p for p in problems if p.severity != "warning"]
    warnings = len(problems) - len(errors)
    if warnings:
        print(safe(tr("{n} warning(s) in {path}", n=warnings, path=root)), file=sys.stderr)
    if errors:
        print(safe(tr("{n} problem(s) in {path}", n=len(errors), path=root)), file=sys.stderr)
        return 1
    print(safe(data_quality(catalog).line()), file=sys.stderr)
    print(safe(tr("{path}: OK", path=root)))
    return 0


def cmd_gui(args) -> int:
    from explorer.web.qtenv import display_problem

    problem = display_problem()
    if problem:
        print(error_line(problem), file=sys.stderr)
        return EXIT_ERROR
    from explorer.gui.app import run

    return run(Path(args.data) if args.data else None, show_dialogs=not args.no_err_windows, no_cache=args.no_cache,
               reset_settings=args.reset_settings,
               quit_after_drawn=args.quit_after_drawn,
               screenshot=Path(args.screenshot) if args.screenshot else None, lang=args.lang)


def error_line(message: object) -> str:
    """``alliance-explorer: error: …`` in the reader's language, on one line."""
    return one_line(tr("alliance-explorer: error: {message}", message=message))


LANG_HELP = "the language of the output and the window: en or ja (default: from the locale, LANG)"


def add_lang(parser: argparse.ArgumentParser, default: object = None) -> None:
    """``--lang`` on the program and on every sub-command, so it may come before or after the command."""
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, type=str.lower, help=LANG_HELP)


#: The program's own options that take a value (the value is not a command's name).
_VALUED = ("--data", "--lang", "--screenshot")


def names_a_command(argv: list[str]) -> bool:
    """Whether ``argv`` names a sub-command or asks for help: only then are the sub-commands' parsers built.

    The window is what most starts ask for (no arguments, or only the program's
    options); building every sub-command's parser imports their modules, which
    that start would pay for and never use.
    """
    expect_value = False
    for arg in argv:
        if expect_value:
            expect_value = False
        elif arg in ("-h", "--help") or arg == "--":
            return True
        elif arg in _VALUED:
            expect_value = True
        elif not arg.startswith("-"):
            return True
    return False


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line; ``commands=False``: the program's options alone (a start of the window)."""
    p = argparse.ArgumentParser(prog="alliance-explorer",
                                description="A map explorer of the US–Japan security alliance.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    p.add_argument("--data", metavar="DIR", help="data directory (default: the bundled geodata/)")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    add_lang(p)
    p.add_argument("--no-err-windows", action="store_true", help="log unexpected errors instead of showing dialogs")
    p.add_argument("--reset-settings", action="store_true",
                   help="forget the remembered window, map state and export folder, then start")
    p.add_argument("--install-desktop", action="store_true",
                   help="add the app to your desktop's menu and open .aeproj files with it, then exit")
    p.add_argument("--uninstall-desktop", action="store_true", help="remove what --install-desktop added, then exit")
    p.add_argument("--quit-after-drawn", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--screenshot", help=argparse.SUPPRESS)
    if not commands:
        return p
    from explorer.mapping.layers import ATLAS_LAYER_IDS

    sub = p.add_subparsers(dest="command")
    from explorer.cli.examples import help_kwargs

    sp = sub.add_parser("gui", help="open the window (the default)", **help_kwargs("gui"))
    sp.set_defaults(func=cmd_gui)

    sp = sub.add_parser("list", help="list features", **help_kwargs("list"))
    sp.add_argument("--layer", choices=ATLAS_LAYER_IDS,
                    help=f"one layer: {', '.join(ATLAS_LAYER_IDS)} (default: every layer but the towns)")
    sp.add_argument("--json", action="store_true", help="one JSON object per feature (default: one line each)")
    sp.add_argument("--as-of", metavar="DATE",
                    help="only what existed then: YYYY, YYYY-MM or YYYY-MM-DD (default: today)")
    sp.set_defaults(func=cmd_list)

    sp = sub.add_parser("info", help="a dossier: of a feature, a provision or a controversy id", **help_kwargs("info"))
    sp.add_argument("id", help="a feature, provision or controversy id, e.g. base:futenma (see 'list')")
    sp.add_argument("--json", action="store_true", help="one JSON document (default: text)")
    sp.add_argument("--as-of", metavar="DATE", help="as of a date, YYYY, YYYY-MM or YYYY-MM-DD: what was in force, "
                    "what had begun (default: today)")
    sp.set_defaults(func=cmd_info)

    sp = sub.add_parser("validate", help="check a data directory; non-zero exit on any problem",
                        **help_kwargs("validate"))
    sp.add_argument("path", nargs="?", metavar="DIR", help="a data directory (default: the bundled geodata/)")
    sp.set_defaults(func=cmd_validate)

    from explorer.cli import export

    export.add_parser(sub, ATLAS_LAYER_IDS)
    from explorer.cli import analysis, project

    analysis.add_parsers(sub)
    project.add_parsers(sub)
    for sp in sub.choices.values():  # given after the command, it wins; absent there, the program's stands
        add_lang(sp, argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    from explorer import interrupts
    from explorer.atlas.userfiles import offline_env

    offline_env()  # nothing a data file names is fetched (GDAL, PROJ); set before any thread starts
    # A command line run: SIGINT/SIGTERM end it with 130/143 in every phase, loading included.
    # ``argv is None``: called as the program, which ends after it.
    with interrupts.interruptible(exiting=argv is None):
        try:
            words = project_shorthand(sys.argv[1:] if argv is None else argv)
            args = build_parser(names_a_command(words)).parse_args(words)
        except interrupts.Interrupted as exc:
            return _interrupted(exc.signum)
        # Before anything is built: every command formats in one language from here on.
        i18n.set_language(args.lang or i18n.from_environment())
        if args.install_desktop or args.uninstall_desktop:
            from explorer.cli.desktop import cmd_desktop

            args.func = cmd_desktop
        if getattr(args, "func", cmd_gui) is not cmd_gui and not getattr(args, "opens_window", False):
            return _run(args)
    return _run(args)  # the window (also ``open``): Qt's own event loop, its own handling of signals


def project_shorthand(argv: list[str]) -> list[str]:
    """``alliance-explorer FILE.aeproj`` (how a file manager opens a project) means ``open FILE.aeproj``."""
    for i, arg in enumerate(argv):
        if arg.startswith("-") or (i and argv[i - 1] == "--data"):
            continue
        if arg.lower().endswith(".aeproj"):
            return [*argv[:i], "open", *argv[i:]]
        break
    return argv


def _interrupted(signum: int) -> int:
    from explorer.interrupts import message, reported

    print(error_line(message(signum)), file=sys.stderr)
    reported()
    return 128 + signum


def _run(args) -> int:
    from explorer.interrupts import Interrupted, pending_signal

    log.setup(args.verbose)
    func = getattr(args, "func", cmd_gui)
    if hasattr(signal, "SIGXFSZ"):
        # Past a file size limit (ulimit -f) the kernel sends SIGXFSZ, which
        # kills by default; ignored, the write fails with EFBIG and is reported.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        return func(args)
    except Interrupted as exc:
        return _interrupted(exc.signum)
    except ExplorerError as exc:
        if pending_signal() is not None:  # the signal surfaced as another failure: it is what happened
            return _interrupted(pending_signal())
        print(error_line(exc), file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_ERROR)
    except KeyboardInterrupt:
        print(tr("alliance-explorer: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        print(error_line(tr("input nested too deeply")), file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line for the user, the traceback with -v
        if pending_signal() is not None:  # e.g. an ImportError from a C extension cut short by the signal
            return _interrupted(pending_signal())
        log.data.debug("unexpected error", exc_info=True)
        print(one_line(tr("alliance-explorer: internal error: {kind}: {message}", kind=type(exc).__name__,
                           message=exc) + ("" if args.verbose else tr(" (run with -v for the traceback)"))),
              file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())


__all__ = ["main", "build_parser", "project_shorthand", "safe", "dump_json", "EXIT_ERROR"]
