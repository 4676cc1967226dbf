"""Which build of the app this is: the version plus a build identifier.

An installed package or a frozen bundle carries ``_data/BUILD_ID``, a digest
of the package's source and resources written when it was built (by
``setup.py`` or the PyInstaller spec), so nothing hashes ``*.py`` at run time
(a frozen bundle has none to hash). A development checkout has no such file;
there the same digest is computed from the source once per process, so an
edit still invalidates the caches.

Standard library only: ``setup.py`` and the PyInstaller spec load this file
by path, before the package's dependencies exist.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

BUILD_ID_FILE = "BUILD_ID"


def source_digest(package: Path, resources: Path) -> str:
    """A digest of every ``.py`` file under ``package`` and every file under ``resources``."""
    h = hashlib.sha256()
    for base, pattern in ((package, "*.py"), (resources, "*")):
        for path in sorted(p for p in Path(base).rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(base)).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def build_id() -> str:
    """The build identifier: written at build time, or (in a checkout) the source digest."""
    from explorer import paths

    bundled = paths.bundled_dir()
    if bundled is not None:
        stamp = bundled / BUILD_ID_FILE
        try:
            return stamp.read_text(encoding="ascii").strip() or "unknown"
        except OSError:
            return "unknown"
    return source_digest(paths.PACKAGE, paths.resources_dir())


def fingerprint() -> str:
    """The cache key of this build: ``<version>-<build id>``."""
    from explorer import __version__

    return f"{__version__}-{build_id()}"


__all__ = ["BUILD_ID_FILE", "build_id", "fingerprint", "source_digest"]
