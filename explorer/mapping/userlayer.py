"""A user layer on the map: its style, its ``LayerSpec``, and adding or removing it.

A user layer is registered like the atlas's own (``REGISTRY``) with
``source="user"`` and one symbol built from a :class:`UserStyle`, and its
features go into the running catalog, so clicks, the bridge check, the panel,
search and every export treat it like any other layer. The window, the
snapshot exporter and the CLI all add and remove user layers through
:func:`add` and :func:`remove`, here, without Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from explorer.atlas import userlayers
from explorer.atlas.catalog import Catalog
from explorer.atlas.userlayers import Loaded
from explorer.mapping.layers import AREAS, LINES, POINTS, REGISTRY, LayerSpec
from explorer.mapping.style import Symbol

#: Colours offered to a new layer, in turn (ColorBrewer Dark2: distinct from the atlas's reds and blues).
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
#: Point symbols: (label, radius, filled).
SYMBOLS: dict[str, tuple[str, float, bool]] = {
    "circle": ("Circle", 5.0, True), "small": ("Small circle", 3.0, True),
    "large": ("Large circle", 8.0, True), "ring": ("Ring (hollow)", 6.0, False),
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
    return LayerSpec(layer_id, label, f"{userlayers.PREFIX}{layer_id}:", (symbol_for(layer_id, label, shape, style),),
                     hit, z, source="user")


def user_specs() -> list[LayerSpec]:
    """The user layers registered now, bottom first."""
    return [s for s in REGISTRY if s.source == "user"]


def next_z() -> int:
    return max([USER_Z0 - 1, *(s.z for s in user_specs())]) + 1


def add(catalog: Catalog, loaded: Loaded, style: UserStyle, z: int | None = None) -> LayerSpec:
    """Register a loaded layer and put its features in the catalog; returns its spec."""
    lid = loaded.layer_id
    if lid in REGISTRY:
        raise userlayers.LayerFileError(f"a layer with id {lid!r} is already open")
    label = loaded.request.label or loaded.request.path.name
    spec = spec_for(lid, label, loaded.shape, style, next_z() if z is None else z)
    userlayers.attach(catalog, loaded)
    REGISTRY.register(spec)
    return spec


def replace(spec: LayerSpec, **changes: Any) -> LayerSpec:
    """Re-register a user layer's spec with new fields (label, symbols, z)."""
    from dataclasses import replace as dc_replace

    new = dc_replace(spec, **changes)
    REGISTRY.unregister(spec.id)
    REGISTRY.register(new)
    return new


def restyle(spec: LayerSpec, style: UserStyle) -> LayerSpec:
    shape = spec.symbols[0].shape if spec.symbols else "point"
    return replace(spec, symbols=(symbol_for(spec.id, spec.label, shape, style),))


def remove(catalog: Catalog, layer_id: str) -> int:
    """Unregister a user layer and take its features out of the catalog."""
    if layer_id in REGISTRY and REGISTRY.get(layer_id).source != "user":
        raise ValueError(f"{layer_id!r} is an atlas layer")
    REGISTRY.unregister(layer_id)
    return userlayers.detach(catalog, layer_id)


def features_of(catalog: Catalog, layer_id: str) -> list:
    prefix = f"{userlayers.PREFIX}{layer_id}:"
    return [f for fid, f in catalog.features.items() if fid.startswith(prefix)]


__all__ = ["UserStyle", "PALETTE", "SYMBOLS", "symbol_for", "spec_for", "user_specs", "add", "remove", "restyle",
           "replace", "features_of", "next_z", "USER_Z0"]
