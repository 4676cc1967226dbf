"""A user layer's look: its style and the ``LayerSpec`` built from it.

A user layer is registered like the atlas's own, with ``source="user"`` and
one symbol built from a :class:`UserStyle`, in the registry of the workspace
that opens it (``explorer.workspace.Workspace.add_layer``): clicks, the bridge
check, the panel, search and every export then treat it like any other layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from explorer.atlas import userlayers
from explorer.i18n import N_
from explorer.mapping.layers import AREAS, LINES, POINTS, LayerSpec
from explorer.mapping.style import Symbol

#: Colours offered to a new layer, in turn (ColorBrewer Dark2: distinct from the atlas's reds and blues).
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
#: Point symbols: (label, marked for the catalogue: shown with ``tr(label)``; radius, filled).
SYMBOLS: dict[str, tuple[str, float, bool]] = {
    "circle": (N_("Circle"), 5.0, True), "small": (N_("Small circle"), 3.0, True),
    "large": (N_("Large circle"), 8.0, True), "ring": (N_("Ring (hollow)"), 6.0, False),
}
#: User layers are drawn above the atlas's own (z 10..30).
USER_Z0 = 100
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class UserStyle:
    """How a user layer is drawn: a colour, a point symbol and an opacity (0.05–1)."""

    color: str = PALETTE[0]
    symbol: str = "circle"
    opacity: float = 0.85

    def __post_init__(self) -> None:
        if not isinstance(self.color, str) or not _HEX.match(self.color):
            raise ValueError(f"colour {self.color!r}: expected #rrggbb")
        if self.symbol not in SYMBOLS:
            raise ValueError(f"symbol {self.symbol!r}: use {', '.join(SYMBOLS)}")
        if not isinstance(self.opacity, (int, float)) or isinstance(self.opacity, bool) \
                or not 0.05 <= float(self.opacity) <= 1.0:
            raise ValueError(f"opacity {self.opacity!r}: expected 0.05 to 1")

    def to_json(self) -> dict[str, Any]:
        return {"color": self.color, "symbol": self.symbol, "opacity": round(float(self.opacity), 3)}

    @classmethod
    def from_json(cls, raw: Any) -> "UserStyle":
        if not isinstance(raw, dict):
            raise ValueError("style: expected an object")
        return cls(color=raw.get("color", PALETTE[0]), symbol=raw.get("symbol", "circle"),
                   opacity=raw.get("opacity", 0.85))


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha:.3g})"


def symbol_for(layer_id: str, label: str, shape: str, style: UserStyle) -> Symbol:
    """The layer's one legend class: colour, symbol and opacity as Leaflet path options."""
    _, radius, filled = SYMBOLS[style.symbol]
    a = float(style.opacity)
    stroke = style.color if a >= 1 else _rgba(style.color, a)
    if shape == "point":
        return Symbol(layer_id, label, layer_id, "point", "#ffffff" if filled else stroke,
                      style.color if filled else "", a if filled else 0.0, 1.0 if filled else 2.0, radius)
    if shape == "line":
        return Symbol(layer_id, label, layer_id, "line", stroke, "", 0.0, 2.5, radius)
    return Symbol(layer_id, label, layer_id, "area", stroke, style.color, round(0.35 * a, 3), 1.5, radius)


def spec_for(layer_id: str, label: str, shape: str, style: UserStyle, z: int) -> LayerSpec:
    hit = {"point": POINTS, "line": LINES}.get(shape, AREAS)
    # Points and tracks are named on the map from the layer's name field, as the atlas's own are.
    return LayerSpec(layer_id, label, f"{userlayers.PREFIX}{layer_id}:", (symbol_for(layer_id, label, shape, style),),
                     hit, z, source="user", labels="always" if shape in ("point", "line") else "")


__all__ = ["UserStyle", "PALETTE", "SYMBOLS", "symbol_for", "spec_for", "USER_Z0"]
