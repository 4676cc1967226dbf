"""The one place that knows where things live.

The app runs from its checkout (``pip install -e .``), so ``geodata/`` and
``resources/`` sit beside the package. ``ALLIANCE_EXPLORER_GEODATA`` points the
app at another data directory (tests use it for hostile fixtures), and
``ALLIANCE_EXPLORER_CACHE`` moves the page cache.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def geodata_dir() -> Path:
    """The atlas data directory in use."""
    override = os.environ.get("ALLIANCE_EXPLORER_GEODATA")
    return Path(override).resolve() if override else ROOT / "geodata"


def resources_dir() -> Path:
    """Bundled, first-party resources: the bridge script, CSS, icons."""
    return ROOT / "resources"


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
