"""Build the start-up cache shipped with the app, so that a first start is a warm one.

``python -m explorer.prebuild [DIR]`` writes into ``DIR`` (by default
``paths.prebuilt_dir()``) what a start with an empty cache would otherwise
parse and build: the catalog, the app page in every language the app speaks,
and the page shells. Each file is named by the data and code hashes, exactly as
in the user's cache, and written atomically, so a start never reads half a file
and a stale build is never found. It runs where the app is built: ``make``'s
install step (a checkout), the wheel build (``setup.py``) and the bundle's
spec. When everything is already there for this data and code it writes
nothing and returns at once.

Qt-free: it needs the catalog, folium (for the shell) and the page assembler only.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

from explorer import i18n, paths, store

__all__ = ["build", "main", "wanted"]


def wanted(root: Path, data: str) -> list[str]:
    """The file names a complete start-up cache holds for the data hashed ``data``."""
    names = [store.prebuilt_catalog_name(data), store.shell_name("app"), store.shell_name("html")]
    names += [store.page_name(data, lang) for lang in i18n.LANGUAGES]
    return names


def build(target: Path, root: Path | None = None) -> list[Path]:
    """Fill ``target`` for the atlas in ``root`` (the bundled one by default); return the files written.

    Files of other data or code versions are removed, so the folder holds one build.
    """
    from explorer.atlas.catalog import Catalog
    from explorer.mapping.page import assemble, render_shell
    from explorer.workspace import Workspace

    root = Path(root or paths.geodata_dir()).resolve()
    target.mkdir(parents=True, exist_ok=True)
    data = store.data_fingerprint(root)
    names = wanted(root, data)
    if all((target / name).is_file() for name in names):
        return []
    written: list[Path] = []

    def put(name: str, payload: bytes) -> None:
        store.write_atomic(target / name, payload)
        written.append(target / name)

    catalog = Catalog.load(root)
    catalog.fingerprint = data
    put(names[0], pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
    shells = {kind: render_shell(kind) for kind in ("app", "html")}  # type: ignore[arg-type]
    put(names[1], shells["app"].encode("utf-8"))
    put(names[2], shells["html"].encode("utf-8"))
    before = i18n.language()
    try:
        for lang, name in zip(i18n.LANGUAGES, names[3:]):
            i18n.set_language(lang)
            put(name, assemble(shells["app"], Workspace(catalog).payload()).encode("utf-8"))
    finally:
        i18n.set_language(before)
    for old in target.iterdir():
        if old.is_file() and old.name not in names:
            old.unlink(missing_ok=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.prebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", help="the folder to fill (default: the app's start-up cache)")
    parser.add_argument("--data", help="the atlas to build it for (default: the app's own)")
    args = parser.parse_args(argv)
    target = Path(args.target) if args.target else paths.prebuilt_dir()
    if target is None:
        print("prebuild: no start-up cache folder (ALLIANCE_EXPLORER_PREBUILT is empty)", file=sys.stderr)
        return 2
    written = build(target, Path(args.data) if args.data else None)
    print(f"start-up cache in {target}: " + (f"{len(written)} file(s) written" if written else "up to date"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
