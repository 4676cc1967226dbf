"""Named views: data, not code.

Views are bounds, not centre+zoom: the same "Okinawa" must frame Okinawa in
a narrow panel-squeezed window and in a 1600x1000 export alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.i18n import N_

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
        NamedView("okinawa", N_("Okinawa"), ((26.05, 127.6), (26.9, 128.35)), "Ctrl+1"),
        NamedView("japan", N_("Japan"), ((24.0, 122.5), (45.6, 146.0)), "Ctrl+2"),
        NamedView("region", N_("Region"), ((0.0, 95.0), (55.0, 170.0)), "Ctrl+3"),
        NamedView("korea", N_("Korea"), ((33.0, 124.0), (43.0, 131.5)), "Ctrl+4"),
        NamedView("senkaku", N_("Senkaku & Sakishima"), ((24.0, 122.8), (26.2, 125.6)), "Ctrl+5"),
    )
}
DEFAULT_VIEW = "japan"

__all__ = ["VIEWS", "DEFAULT_VIEW", "NamedView", "Bounds"]
