"""Small input files a user names (a project, a batch file), read as every other input is.

Only a regular file (a link to one is followed; a FIFO, a device or a
directory is refused without being opened), at most a few megabytes (checked
before reading and while reading), UTF-8 text. Anything else is one
:class:`InputFileError` line naming the file, never a hang or a 4 GB read.
"""

from __future__ import annotations

import stat
from pathlib import Path

from explorer.errors import ExplorerError
from explorer.i18n import N_, tr

#: A project or batch file larger than this is refused before it is read.
MAX_INPUT_BYTES = 5 * 1024 * 1024
#: The kinds of file read here, as the messages name them.
KINDS = {"project file": N_("project file"), "batch file": N_("batch file")}


class InputFileError(ExplorerError):
    """A project or batch file that cannot be read as one; the message names it and says why."""


def read_input_text(path: Path | str, what: str, limit: int = MAX_INPUT_BYTES) -> str:
    """The text of ``path``, a ``what`` ("project file", "batch file"); InputFileError otherwise."""
    path = Path(path)
    what = tr(KINDS.get(what, what))
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputFileError(tr("{path}: no such {what}", path=path, what=what)) from None
    except OSError as exc:
        raise InputFileError(tr("{path}: cannot be read ({why})", path=path, why=exc.strerror or exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(tr("{path}: not a {what} (not a regular file)", path=path, what=what))
    if st.st_size > limit:
        raise InputFileError(tr("{path}: {mb} MB is too large for a {what}", path=path,
                                mb=format(st.st_size / 2**20, ".1f"), what=what))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputFileError(tr("{path}: cannot be read ({why})", path=path, why=exc.strerror or exc)) from None
    if len(data) > limit:
        raise InputFileError(tr("{path}: too large for a {what}", path=path, what=what))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputFileError(tr("{path}: not a {what} (not UTF-8 text)", path=path, what=what)) from None


__all__ = ["read_input_text", "InputFileError", "MAX_INPUT_BYTES"]
