"""Keep the message catalogues: extract every marked string, merge it into each ``.po``, compile ``.mo``.

    python tools/build_catalogs.py            # extract + merge + compile
    python tools/build_catalogs.py --compile  # compile only (make, the wheel build)
    python tools/build_catalogs.py --check    # exit 1 if a .po lacks a message the code marks

Strings are marked in Python with ``tr("…")`` and ``N_("…")`` (``explorer.i18n``).
The page's and the exports' strings are Python too (the page receives its
strings in the payload), so one extraction covers every surface. The ``.mo``
files are build products and are not committed.
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGS = ("ja",)
KEYWORDS = {"tr": (1,), "N_": None}
#: One catalogue, kept in parts by where a message is used, so people translating the window and
#: people translating the page do not edit the same file. A message used in two parts is kept in the first.
PARTS = (("cli", "explorer/cli/"), ("gui", "explorer/gui/"), ("gui", "explorer/inputs.py"),
         ("gui", "explorer/interrupts.py"), ("map", "explorer/mapping/"), ("map", "explorer/web/"),
         ("export", "explorer/export/"), ("present", "explorer/"))


#: Fixed header dates: a catalogue changes in git only when a message does.
_EPOCH = datetime.datetime(2026, 12, 6, tzinfo=datetime.timezone.utc)


def part_of(path: str) -> str:
    return next(name for name, prefix in PARTS if path.startswith(prefix))


HEADER = """Japanese messages of Alliance Explorer: the window, the map page, the exports and the command line.
Kept with tools/build_catalogs.py; see docs/i18n.md for the style and docs/glossary-ja.md for the terms."""


def template() -> Catalog:
    """Every message the code marks, with where it is used."""
    cat = Catalog(project="Alliance Explorer", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT / "explorer"), method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        if message:
            cat.add(message, None, [(f"explorer/{filename}", lineno)], auto_comments=comments, context=context,
                    flags=("python-brace-format",) if "{" in message else ())
    return cat


def read_all(lang: str) -> Catalog:
    """Every part of ``lang``'s catalogue as one catalogue."""
    out = Catalog(locale=lang, project="Alliance Explorer", charset="utf-8")
    for po in sorted((I18N / lang).glob("*.po")):
        with po.open("rb") as fh:
            for m in read_po(fh, locale=lang):
                if m.id and out.get(m.id) is None:
                    out[m.id] = m
    return out


def split(pot: Catalog) -> dict[str, Catalog]:
    parts: dict[str, Catalog] = {}
    for m in pot:
        if not m.id:
            continue
        name = part_of(m.locations[0][0]) if m.locations else "present"
        cat = parts.setdefault(name, Catalog(project="Alliance Explorer", charset="utf-8"))
        cat[m.id] = m
    return parts


def write(lang: str, pot: Catalog) -> None:
    """Merge the extracted messages into each part, keeping every translation already made."""
    old = read_all(lang)
    for name, part in split(pot).items():
        cat = Catalog(locale=lang, project="Alliance Explorer", version=" ", charset="utf-8",
                      header_comment="# " + HEADER.replace("\n", "\n# "), fuzzy=False,
                      creation_date=_EPOCH, revision_date=_EPOCH, last_translator="Alliance Explorer",
                      language_team="Alliance Explorer", msgid_bugs_address=" ")
        cat.fuzzy = False
        for m in part:
            prev = old.get(m.id)
            cat.add(m.id, prev.string if prev is not None else "", m.locations, flags=m.flags,
                    auto_comments=m.auto_comments, user_comments=prev.user_comments if prev is not None else ())
        buf = io.BytesIO()
        write_po(buf, cat, width=0, sort_output=False, include_previous=False, omit_header=False,
                 no_location=False, include_lineno=False)
        path = I18N / lang / f"{name}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buf.getvalue())


def compile_mo(lang: str) -> Path:
    cat = read_all(lang)
    out = I18N / lang / "LC_MESSAGES" / "explorer.mo"
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(out)
    return out


def missing(lang: str, pot: Catalog) -> list[str]:
    cat = read_all(lang)
    return [m.id for m in pot if m.id and (cat.get(m.id) is None or not cat.get(m.id).string
                                             or cat.get(m.id).fuzzy)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compile", action="store_true", help="compile the .po files only")
    ap.add_argument("--check", action="store_true", help="list marked messages without a translation")
    args = ap.parse_args(argv)
    if args.compile:
        for lang in LANGS:
            compile_mo(lang)
        return 0
    pot = template()
    if args.check:
        bad = {lang: missing(lang, pot) for lang in LANGS}
        for lang, ids in bad.items():
            for mid in ids:
                print(f"{lang}: untranslated: {mid!r}")
        return 1 if any(bad.values()) else 0
    for lang in LANGS:
        write(lang, pot)
        compile_mo(lang)
        print(f"{lang}: {sum(1 for m in pot if m.id)} messages, {len(missing(lang, pot))} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
