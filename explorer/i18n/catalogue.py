"""Reading a language's catalogue: the compiled ``.mo`` when it is current, else the ``.po`` itself.

The ``.po`` files in ``resources/i18n`` are the source, kept in the repository.
``make`` and the wheel build compile them to ``.mo`` (``tools/build_catalogs.py``),
which the standard library reads in a few milliseconds. A checkout that has not
run that step (or has edited a ``.po`` since) still speaks every language: the
``.po`` is parsed with Babel, which costs more but is never wrong.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from explorer import log, paths

DOMAIN = "explorer"


def po_paths(lang: str) -> list[Path]:
    """The parts of ``lang``'s catalogue (one catalogue, kept in a file per area of the app)."""
    return sorted((paths.resources_dir() / "i18n" / lang).glob("*.po"))


def mo_path(lang: str) -> Path:
    return paths.resources_dir() / "i18n" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def load(lang: str) -> dict[str, str]:
    """msgid → msgstr for the translated messages of ``lang`` ({} when the language has no catalogue)."""
    pos, mo = po_paths(lang), mo_path(lang)
    try:
        # An installed package or bundle compiled its .mo from these very .po files at build time,
        # whatever order the installer wrote them in; only a checkout can have a stale .mo.
        if mo.is_file() and (paths.bundled_dir() is not None
                             or all(mo.stat().st_mtime >= po.stat().st_mtime for po in pos)):
            with mo.open("rb") as fh:
                table = gettext.GNUTranslations(fh)._catalog  # noqa: SLF001 - the documented mapping
            return {k: v for k, v in table.items() if isinstance(k, str) and k and v}
        out: dict[str, str] = {}
        for po in pos:
            for k, v in read_po(po).items():
                out.setdefault(k, v)
        return out
    except (OSError, ValueError) as exc:
        log.gui.warning("the %s catalogue could not be read: %s", lang, exc)
    return {}


def read_po(path: Path) -> dict[str, str]:
    """The translated, non-fuzzy messages of a ``.po`` file."""
    from babel.messages.pofile import read_po as babel_read_po

    with path.open("rb") as fh:
        cat = babel_read_po(fh)
    out: dict[str, str] = {}
    for msg in cat:
        if msg.id and isinstance(msg.id, str) and isinstance(msg.string, str) and msg.string and not msg.fuzzy:
            out[msg.id] = msg.string
    return out
