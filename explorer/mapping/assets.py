"""Leaflet from the installed XStatic package: never a CDN.

The app serves these files through its URL scheme; the HTML exporter inlines
them. Either way the bytes come from site-packages, so the map works with the
network cable cut, and no third-party code lives in this repository.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from explorer import paths


@lru_cache(maxsize=1)
def leaflet_dir() -> Path:
    """The directory holding leaflet.js, leaflet.css and images/."""
    import xstatic.pkg.leaflet as xs  # the XStatic-Leaflet distribution

    return Path(xs.BASE_DIR)


def leaflet_version() -> str:
    import xstatic.pkg.leaflet as xs

    return str(xs.VERSION)


#: Files the page needs, by the URL path under which the app serves them.
VENDOR_FILES = {
    "vendor/leaflet/leaflet.js": ("leaflet", "leaflet.js"),
    "vendor/leaflet/leaflet.css": ("leaflet", "leaflet.css"),
}
WEB_FILES = {
    "web/atlas.js": "atlas.js",
    "web/map.css": "map.css",
}


def resolve(url_path: str) -> Path | None:
    """Map a URL path of the app's scheme to a file, or None if not served.

    Only an explicit allow-list is served: the page cannot read arbitrary
    files by crafting a URL.
    """
    url_path = url_path.lstrip("/")
    if url_path in VENDOR_FILES:
        return leaflet_dir() / VENDOR_FILES[url_path][1]
    if url_path in WEB_FILES:
        return paths.web_dir() / WEB_FILES[url_path]
    if url_path.startswith("vendor/leaflet/images/"):
        name = url_path.rsplit("/", 1)[-1]
        candidate = leaflet_dir() / "images" / name
        if candidate.parent == leaflet_dir() / "images" and candidate.is_file():
            return candidate
    return None


def read_text(url_path: str) -> str:
    """The text of a served asset, for inlining."""
    path = resolve(url_path)
    if path is None:
        raise KeyError(url_path)
    return path.read_text(encoding="utf-8")
