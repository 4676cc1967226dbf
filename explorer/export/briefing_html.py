"""The briefing as one self-contained HTML page: the atlas page plus the steps (Qt-free).

It is the standalone export (``store.standalone_page``) with the briefing's
steps in its payload; atlas.js's ``AtlasExplorer.briefing`` draws a small step
panel with next/previous (buttons and the keyboard) and moves the one map to
each step's state. Like every HTML export it opens offline in any browser.
"""

from __future__ import annotations

from pathlib import Path

from explorer import store
from explorer.atlas.briefing import Briefing
from explorer.atlas.catalog import Catalog
from explorer.export.briefing_text import localized_dict
from explorer.export.files import write_bytes
from explorer.mapping.derive import page_state
from explorer.mapping.state import MapState
from explorer.workspace import Workspace


def briefing_payload(catalog: Catalog, briefing: Briefing) -> dict:
    """The steps as the page needs them: each step's words (in the app's language) plus its derived page state."""
    bd = localized_dict(catalog, briefing)
    for step, s in zip(briefing.steps, bd["steps"]):
        s["state"] = page_state(catalog, MapState.from_json(step.state_json()))
    return bd


#: Starts the step panel once the map has drawn (a constant: no data enters a script).
START = "<script>AtlasExplorer.onDrawn(function () { AtlasExplorer.briefing(); });</script>"


def briefing_page(workspace: Workspace, briefing: Briefing, cache: Path | None = None) -> str:
    first = MapState.from_json(briefing.steps[0].state_json()) if briefing.steps else MapState()
    extra = {"briefing": briefing_payload(workspace.catalog, briefing)}
    html = store.standalone_page(workspace, cache, first, extra=extra)
    head, sep, tail = html.rpartition("</body>")
    if not sep:
        raise ValueError("the standalone page has no </body>")
    return head + START + sep + tail


def export_briefing_html(workspace: Workspace, briefing: Briefing, out: Path, cache: Path | None = None) -> Path:
    return write_bytes(out, briefing_page(workspace, briefing, cache).encode("utf-8"))
