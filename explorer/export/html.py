"""A self-contained interactive HTML file: Leaflet inlined, dossiers in popups.

It opens from disk in any browser with no network: every script and style is
in the file, and the page's CSP forbids fetching anything.
"""

from __future__ import annotations

from pathlib import Path

from explorer.atlas.catalog import Catalog
from explorer.export.files import write_bytes
from explorer.mapping.page import build_page
from explorer.mapping.views import ViewState


def export_html(catalog: Catalog, state: ViewState, out: Path) -> Path:
    return write_bytes(out, build_page(catalog, "html", state).encode("utf-8"), "html")
