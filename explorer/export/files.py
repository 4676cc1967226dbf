"""Where an export goes, and how it gets there without losing work.

Every export writes a temporary file beside the target and renames it into
place, so a failure (full disk, a crash, a cancel) never leaves a partial file
and never clobbers a good one. An existing file is only replaced when asked.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from explorer.errors import ExportError

FORMATS = ("png", "pdf", "html", "geojson", "kml")
_BY_SUFFIX = {".png": "png", ".pdf": "pdf", ".html": "html", ".htm": "html",
              ".geojson": "geojson", ".json": "geojson", ".kml": "kml"}


def resolve_format(out: Path, explicit: str | None = None) -> str:
    """The format named by ``--format``, or else by the file's extension."""
    if explicit:
        if explicit not in FORMATS:
            raise ExportError(f"{out}: unknown format {explicit!r}; use one of {', '.join(FORMATS)}")
        return explicit
    fmt = _BY_SUFFIX.get(out.suffix.lower())
    if fmt is None:
        raise ExportError(f"{out}: unknown format {out.suffix or '(no extension)'!r}; "
                          f"use .png, .pdf, .html, .geojson or .kml, or --format")
    return fmt


def check_target(out: Path, force: bool) -> Path:
    """Fail early, before any work, if the target cannot or must not be written."""
    out = out.expanduser().absolute()
    parent = out.parent
    if out.is_dir():
        raise ExportError(f"{out}: is a directory")
    if not parent.is_dir():
        raise ExportError(f"{out}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"{out}: directory {parent} is not writable")
    if out.exists() and not force:
        raise ExportError(f"{out}: file exists; use --force to overwrite")
    return out


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed onto it only if the block succeeds."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write in {out.parent}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise ExportError(f"{out}: nothing was written")
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        os.replace(tmp, out)
    except OSError as exc:
        raise ExportError(f"{out}: could not write: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(out: Path, data: bytes) -> Path:
    """Write ``data`` to ``out`` atomically."""
    with atomic_path(out) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise ExportError(f"{out}: could not write: {exc.strerror or exc}") from exc
    return out
