"""The one place that knows where things live.

An installed package (a wheel, ``pipx``) and a frozen bundle carry the data and
the resources inside the package, as ``explorer/_data/geodata`` and
``explorer/_data/resources``; the build copies them there from the top-level
``geodata/`` and ``resources/`` folders (see ``setup.py`` and
``packaging/alliance-explorer.spec``). A development checkout (``pip install
-e .``) has no ``_data``: the folders beside the package are used instead, and
only when that folder is a checkout (it holds ``pyproject.toml``), so an
installed package never looks outside itself.

``ALLIANCE_EXPLORER_GEODATA`` (and ``--data DIR``) points the app at another
data directory (tests use it for hostile fixtures), and
``ALLIANCE_EXPLORER_CACHE`` moves the page cache. ``ALLIANCE_EXPLORER_PREBUILT``
moves the start-up cache built with the app (empty: none), see :func:`prebuilt_dir`.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = "_data"


@functools.lru_cache(maxsize=1)
def package_dir() -> Path:
    """The ``explorer`` package's directory, as ``importlib.resources`` finds it."""
    found = resources.files("explorer")
    return Path(str(found)).resolve() if isinstance(found, os.PathLike) else PACKAGE


def bundled_dir() -> Path | None:
    """``explorer/_data`` in an installed package or a bundle; None in a development checkout."""
    pkg = package_dir()
    bundled = pkg / BUNDLED
    if bundled.is_dir() or not (pkg.parent / "pyproject.toml").is_file():
        return bundled
    return None


def _base() -> Path:
    bundled = bundled_dir()
    return bundled if bundled is not None else package_dir().parent


def geodata_dir() -> Path:
    """The atlas data directory in use."""
    override = os.environ.get("ALLIANCE_EXPLORER_GEODATA")
    return Path(override).resolve() if override else _base() / "geodata"


def resources_dir() -> Path:
    """Bundled, first-party resources: the bridge script, CSS, icons, desktop files."""
    return _base() / "resources"


def web_dir() -> Path:
    """First-party web assets injected into or served with the map page."""
    return resources_dir() / "web"


def cache_dir() -> Path:
    """Per-user cache for built pages, keyed by data and code hashes."""
    override = os.environ.get("ALLIANCE_EXPLORER_CACHE")
    if override:
        path = Path(override)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "alliance-explorer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def prebuilt_dir() -> Path | None:
    """The start-up cache built with the app: read-only, consulted when the user's cache misses.

    It holds what a first start would otherwise build (the catalog, the app page in
    each language, the page shells), made by ``python -m explorer.prebuild``: at
    wheel and bundle build time into ``explorer/_data/startup``, and by ``make``
    into ``build/startup`` of a checkout. A file there is named by the same data
    and code hashes as in the user's cache, so a stale one is simply never found.
    """
    override = os.environ.get("ALLIANCE_EXPLORER_PREBUILT")
    if override is not None:
        return Path(override) if override else None
    bundled = bundled_dir()
    return bundled / "startup" if bundled is not None else package_dir().parent / "build" / "startup"
