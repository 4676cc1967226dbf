"""Where an export goes, and how it gets there without losing work.

Every export writes a hidden temporary file (``.NAME.*.tmp``) beside the
target, checks that what was written parses back as the format it claims to
be, and only then puts it in place, so a failure (full disk, a file size
limit, an I/O error, a crash, Ctrl+C, SIGTERM) never leaves a partial file
and never clobbers a good one. An existing file is only replaced when asked,
and only if it is a regular file: never a FIFO, a device, a directory or a
symbolic link. Without ``--force`` the file is placed with ``os.link``, which
fails if the target appeared meanwhile (a concurrent export), instead of
``os.replace``.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from explorer.errors import ExportError
from explorer.interrupts import check_interrupted, held, placed, placing, register_temp, unregister_temp

FORMATS = ("png", "pdf", "html", "geojson", "kml")
_BY_SUFFIX = {".png": "png", ".pdf": "pdf", ".html": "html", ".htm": "html",
              ".geojson": "geojson", ".json": "geojson", ".kml": "kml"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"


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


def _not_replaceable(out: Path) -> str | None:
    """Why an existing ``out`` must never be replaced (None: absent or a regular file)."""
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined: {exc.strerror or exc}"
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link; refusing to replace it (give the real path)"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory"
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or
                stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        return f"is {kind}, not a regular file; refusing to replace it"
    return None


def check_target(out: Path, force: bool) -> Path:
    """Fail early, before any work, if the target cannot or must not be written."""
    out = out.expanduser().absolute()
    parent = out.parent
    why = _not_replaceable(out)
    if why:
        raise ExportError(f"{out}: {why}")
    if not parent.is_dir():
        raise ExportError(f"{out}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"{out}: directory {parent} is not writable")
    if os.path.lexists(out) and not force:
        raise ExportError(f"{out}: file exists; use --force to overwrite")
    if force:
        _forced.add(out)
    else:
        _forced.discard(out)
    return out


#: Targets that ``check_target`` was told may be replaced (``--force``, or the dialog's confirmation).
_forced: set[Path] = set()


# -- verification -------------------------------------------------------------

def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _verify_geojson(path: Path) -> None:
    with open(path, "rb") as fh:
        data = json.load(fh, parse_constant=_reject_constant)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise ValueError("not a GeoJSON FeatureCollection")


def _verify_kml(path: Path) -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    if not root.tag.endswith("kml"):
        raise ValueError(f"root element is {root.tag!r}, not kml")


def _tail(path: Path, n: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(size - n, 0))
        return fh.read()


def _head(path: Path, n: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def _verify_png(path: Path) -> None:
    if _head(path, 8) != PNG_SIGNATURE:
        raise ValueError("no PNG signature")
    if not _tail(path, 12) == PNG_IEND:
        raise ValueError("no IEND chunk at the end (truncated)")


def _verify_pdf(path: Path) -> None:
    if _head(path, 5) != b"%PDF-":
        raise ValueError("no %PDF- header")
    if b"%%EOF" not in _tail(path, 1024):
        raise ValueError("no %%EOF trailer (truncated)")


def _verify_html(path: Path) -> None:
    if b"<html" not in _head(path, 4096).lower():
        raise ValueError("no <html> at the start")
    if not _tail(path, 4096).rstrip().lower().endswith(b"</html>"):
        raise ValueError("no </html> at the end (truncated)")


_VERIFIERS: dict[str, Callable[[Path], None]] = {
    "geojson": _verify_geojson, "kml": _verify_kml, "png": _verify_png, "pdf": _verify_pdf, "html": _verify_html,
}


def verify(fmt: str, path: Path) -> None:
    """Raise ``ExportError`` unless ``path`` is a complete, parseable ``fmt`` file."""
    try:
        _VERIFIERS[fmt](Path(path))
    except OSError as exc:
        raise ExportError(f"{path}: could not read back the {fmt.upper()} file: {exc.strerror or exc}") from exc
    except Exception as exc:  # any parser's complaint means a broken file
        raise ExportError(f"{path}: the written {fmt.upper()} file is broken: {exc}") from exc


def verifier(fmt: str) -> Callable[[Path], None]:
    """``verify`` bound to a format, for ``atomic_path(out, verify=...)``."""
    return lambda path: verify(fmt, path)


# -- atomic placement ------------------------------------------------------------

def _message(out: Path, exc: OSError) -> str:
    why = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        why = "no space left on device"
    elif exc.errno == errno.EFBIG:
        why = "file too large (the file size limit was reached)"
    elif exc.errno == errno.EDQUOT:
        why = "disk quota exceeded"
    return f"{out}: could not write: {why}; nothing was written"


@contextmanager
def atomic_path(out: Path, verify: Callable[[Path], None] | None = None,
                replace: bool | None = None) -> Iterator[Path]:
    """A temporary path beside ``out``, put in place only if the block succeeds.

    ``verify(tmp)`` is called before that and must raise on a broken file.
    ``replace``: whether an existing ``out`` may be replaced; by default, as
    ``check_target`` was told (``--force`` or the dialog's confirmation).
    Otherwise a target that appeared meanwhile (another export) is never
    replaced: this export fails instead.
    """
    out = Path(out)
    if replace is None:
        replace = out.absolute() in _forced
    tmp: Path | None = None
    try:
        with held() as was:  # a signal now must not lose track of the new file
            try:
                fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
                tmp = Path(tmp_name)
                register_temp(tmp)
                os.close(fd)
            except OSError as exc:
                raise ExportError(f"{out}: cannot write in {out.parent}: {exc.strerror or exc}") from exc
        if not was:
            check_interrupted()
        yield tmp
        check_interrupted()
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise ExportError(f"{out}: nothing was written")
        if verify is not None:
            verify(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        with placing, held():  # a signal now either stops it before, or finds the file complete in place
            check_interrupted()
            _place(tmp, out, replace)
            placed(out)
    except OSError as exc:
        raise ExportError(_message(out, exc)) from exc
    finally:
        if tmp is not None:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            unregister_temp(tmp)


def _place(tmp: Path, out: Path, replace: bool) -> None:
    if replace:
        why = _not_replaceable(out)
        if why:
            raise ExportError(f"{out}: {why}")
        os.replace(tmp, out)
        return
    try:
        os.link(tmp, out)  # fails if out exists: a concurrent export got there first
    except FileExistsError:
        raise ExportError(f"{out}: file exists (written by another export meanwhile?); "
                          "use --force to overwrite") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: rename without replacing, as well as POSIX allows.
        if os.path.lexists(out):
            raise ExportError(f"{out}: file exists; use --force to overwrite") from None
        os.rename(tmp, out)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(out: Path, data: bytes, fmt: str | None = None) -> Path:
    """Write ``data`` to ``out`` atomically, verified as ``fmt`` if given."""
    with atomic_path(out, verify=verifier(fmt) if fmt else None) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    return out


#: QtWebEngine writes shared-memory files of a few hundred KB while it renders;
#: under a smaller file size limit (``ulimit -f``) Chromium aborts the process.
MIN_FSIZE_FOR_RENDERING = 1 << 20


def fsize_problem(out: Path, fmt: str) -> str | None:
    """Why the file size limit would kill the renderer before any file is written, or None."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    except (ImportError, AttributeError, OSError, ValueError):
        return None
    if soft == resource.RLIM_INFINITY or soft >= MIN_FSIZE_FOR_RENDERING:
        return None
    return (f"{out}: the file size limit (ulimit -f) of {soft // 1024} KB is too small to render a "
            f"{fmt.upper()}: QtWebEngine needs at least {MIN_FSIZE_FOR_RENDERING // 2**20} MB; "
            "nothing was written")
