"""Named views and the view state a page is opened with.

Views are bounds, not centre+zoom: the same "Okinawa" must frame Okinawa in
a narrow panel-squeezed window and in a 1600x1000 export alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from explorer.atlas.records import LAYERS
from explorer.errors import ViewError

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


@dataclass(frozen=True)
class NamedView:
    name: str
    label: str
    bounds: Bounds
    shortcut: str


VIEWS: dict[str, NamedView] = {
    v.name: v
    for v in (
        NamedView("okinawa", "Okinawa", ((26.05, 127.6), (26.9, 128.35)), "Ctrl+1"),
        NamedView("japan", "Japan", ((24.0, 122.5), (45.6, 146.0)), "Ctrl+2"),
        NamedView("region", "Region", ((0.0, 95.0), (55.0, 170.0)), "Ctrl+3"),
        NamedView("korea", "Korea", ((33.0, 124.0), (43.0, 131.5)), "Ctrl+4"),
        NamedView("senkaku", "Senkaku & Sakishima", ((24.0, 122.8), (26.2, 125.6)), "Ctrl+5"),
    )
}
DEFAULT_VIEW = "japan"

_CUSTOM = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class ViewState:
    """Where the map looks, what it shows, and what is selected.

    ``view`` is a named view; ``center``/``zoom`` override it when set.
    """

    view: str = DEFAULT_VIEW
    center: tuple[float, float] | None = None
    zoom: float | None = None
    layers: tuple[str, ...] = LAYERS
    selected: str = ""
    highlight: tuple[str, ...] = ()
    title: str = ""
    subtitle: str = ""
    legend: bool = True
    dossier: bool = False
    source_line: bool = True

    def to_json(self) -> dict:
        """What the page's ``AtlasExplorer.apply`` takes."""
        out: dict = {"layers": list(self.layers), "selected": self.selected, "highlight": list(self.highlight)}
        if self.center is not None and self.zoom is not None:
            out["center"] = list(self.center)
            out["zoom"] = self.zoom
        else:
            out["bounds"] = [list(p) for p in VIEWS[self.view].bounds]
        return out

    def with_(self, **changes) -> "ViewState":
        return replace(self, **changes)


def parse_view(spec: str) -> ViewState:
    """``okinawa`` or ``26.3,127.8,10`` -> a ViewState; ViewError otherwise."""
    spec = (spec or "").strip()
    if spec.lower() in VIEWS:
        return ViewState(view=spec.lower())
    m = _CUSTOM.match(spec)
    if m:
        lat, lon, zoom = float(m[1]), float(m[2]), float(m[3])
        if not (-90 <= lat <= 90 and -180 <= lon <= 360 and 0 <= zoom <= 18):
            raise ViewError(f"view {spec!r}: latitude, longitude or zoom out of range")
        return ViewState(center=(lat, lon), zoom=zoom)
    names = "|".join(VIEWS)
    raise ViewError(f"unknown view {spec!r}; use {names} or LAT,LON,ZOOM")


def parse_layers(spec: str) -> tuple[str, ...]:
    """``bases,threats`` -> ('bases', 'threats'); ViewError on an unknown name."""
    names = tuple(dict.fromkeys(s.strip().lower() for s in spec.split(",") if s.strip()))
    bad = [n for n in names if n not in LAYERS]
    if bad or not names:
        raise ViewError(f"unknown layer(s) {', '.join(bad) or '(none)'}; use {','.join(LAYERS)}")
    return names


__all__ = ["VIEWS", "DEFAULT_VIEW", "ViewState", "parse_view", "parse_layers", "NamedView"]
