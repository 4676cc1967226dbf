"""The built app page, cached on disk by data and code fingerprints.

The app page does not depend on the view state (that travels in the URL
fragment), so one build serves every start until the data or the code
changes. A warm start reads this file and never imports folium.

A cold start fills the cache in a helper process (``python -m
explorer.mapping.cache ROOT CACHE``, see :func:`main`) while the window
process starts Qt: parsing, geodesy and folium (pandas, numpy, pyproj) then
never enter the long-lived window process, whose memory stays that of a
warm start, and the two halves of a cold start run on two cores.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from explorer import log
from explorer.atlas.catalog import Catalog, cache_path, code_fingerprint, data_fingerprint


def _page_file(cache: Path, data: str, mode: str = "app") -> Path:
    return cache / f"page-{mode}-{data}-{code_fingerprint()}.html"


def page_path(catalog: Catalog, cache: Path, mode: str = "app") -> Path:
    return _page_file(cache, catalog.fingerprint, mode)


def is_warm(root: Path, cache: Path) -> bool:
    """Whether both the catalog and the app page of ``root`` are in ``cache``."""
    root = Path(root).resolve()
    data = data_fingerprint(root)
    return cache_path(root, cache, data).exists() and _page_file(cache, data).exists()


def cached_page(catalog: Catalog, cache: Path | None) -> str:
    """The app page for ``catalog``: from the cache, or built and stored there."""
    if cache is not None:
        path = page_path(catalog, cache)
        if path.exists():
            log.mapping.debug("page from cache %s", path)
            return path.read_text(encoding="utf-8")
    from explorer.mapping.page import build_page  # folium only on a cold start

    html = build_page(catalog, "app")
    if cache is not None:
        for old in cache.glob("page-app-*.html"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(path)
    return html


def fill(root: Path, cache: Path) -> None:
    """Build and store the catalog and the app page of ``root``."""
    from explorer.atlas.catalog import load_cached

    cached_page(load_cached(root, cache), cache)


def main(argv: list[str] | None = None) -> int:
    """``python -m explorer.mapping.cache ROOT CACHE``: fill the cache; exit 0, or 2 on any error.

    Silent by design: the window process that started it loads the data
    itself after it, and reports any problem the user must see.
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        return 2
    gc.disable()  # one short-lived process building long-lived objects: nothing to collect
    try:
        fill(Path(args[0]), Path(args[1]))
    except Exception:  # noqa: BLE001 - reported by the window process instead
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
