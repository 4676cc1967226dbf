"""A self-contained interactive HTML file: Leaflet inlined, dossiers in popups.

It opens from disk in any browser with no network: every script and style is
in the file, and the page's CSP forbids fetching anything. It is the cached
inline shell plus a payload, so a warm cache needs no folium.
"""

from __future__ import annotations

from pathlib import Path

from explorer import store
from explorer.export.files import write_bytes
from explorer.mapping.state import MapState
from explorer.workspace import Workspace


def export_html(workspace: Workspace, state: MapState, out: Path, cache: Path | None = None) -> Path:
    return write_bytes(out, store.standalone_page(workspace, cache, state).encode("utf-8"), "html")
