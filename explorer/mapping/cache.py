"""The built app page, cached on disk by data and code fingerprints.

The app page does not depend on the view state (that travels in the URL
fragment), so one build serves every start until the data or the code
changes. A warm start reads this file and never imports folium.
"""

from __future__ import annotations

from pathlib import Path

from explorer import log
from explorer.atlas.catalog import Catalog, code_fingerprint


def page_path(catalog: Catalog, cache: Path, mode: str = "app") -> Path:
    return cache / f"page-{mode}-{catalog.fingerprint}-{code_fingerprint()}.html"


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
