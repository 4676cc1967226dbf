"""The open layer registry: a layer is one :class:`LayerSpec` plus its data.

Nothing else in the app lists layers. The page payload carries the specs and
atlas.js builds one Leaflet layer per spec; the window makes one toggle per
spec; the bridge accepts a click only on a registered layer; exports and the
CLI check layer names against it. A user layer, a filter result or a coverage
layer registers a spec the same way the atlas's own do, in the registry of
the workspace that holds it (``explorer.workspace``); there is no global one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from explorer.atlas.records import Feature
from explorer.i18n import N_, tr
from explorer.mapping import style
from explorer.mapping.style import Symbol

#: Hit priorities: where features overlap under the cursor, the higher wins.
POINTS, LINES, AREAS = 30, 20, 10


@dataclass(frozen=True)
class LayerSpec:
    """One map layer: what it is called, how it is drawn, how it wins a click.

    Attributes:
        id: the layer name, as in ``Feature.layer`` (``bases``).
        label: what a reader sees (``Bases``).
        prefix: the id prefix of its features (``base:``).
        symbols: its legend classes, in legend order.
        hit_priority: where features overlap, the higher priority wins a click.
        z: drawing order; higher is drawn on top.
        source: ``atlas`` for the atlas's own layers, ``user`` for a user's.
        shortcut: the toggle's keyboard shortcut, if any.
        classify: the style class of one feature (default: the first symbol).
        basemap_shapes: features are drawn from basemap polygons (states), not
            from their own geometry, so the page carries indexes, not copies.
        size_attr: a numeric attribute the symbol's *area* is proportional to
            (``area_km2``); a feature without it gets the "unknown" symbol.
        cluster: overlapping point symbols merge into one that shows their count
            and summed size, and expands on click.
        labels: ``"always"``: its features are labelled where labels fit
            (a faint symbol's only when hovered or selected); ``""`` for none.
        interactive: clicks and hovers can select its features (a reference
            layer such as towns is not).
    """

    id: str
    label: str
    prefix: str
    symbols: tuple[Symbol, ...]
    hit_priority: int
    z: int
    source: str = "atlas"
    shortcut: str = ""
    classify: Callable[[Feature], str] | None = field(default=None, compare=False, repr=False)
    basemap_shapes: bool = False
    size_attr: str = ""
    cluster: bool = False
    labels: str = ""
    interactive: bool = True

    def style_key(self, feature: Feature) -> str:
        return self.classify(feature) if self.classify is not None else self.symbols[0].key

    @property
    def title(self) -> str:
        """What a reader sees, in the app's language: the atlas's own layers are translated, a user's keeps its name."""
        return tr(self.label) if self.source == "atlas" else self.label

    def to_json(self) -> dict:
        """What the page needs to build and order the layer (no Python callables), in the app's language."""
        own = self.source == "atlas"
        symbols = [{**s.to_json(), "label": tr(s.label) if own else s.label} for s in self.symbols]
        return {"id": self.id, "label": self.title, "hit": self.hit_priority if self.interactive else -1, "z": self.z,
                "source": self.source, "symbols": symbols, "size": bool(self.size_attr),
                "cluster": self.cluster, "labels": self.labels, "interactive": self.interactive}


ATLAS_LAYERS = (
    LayerSpec("states", N_("States"), "state:", style.STATE_SYMBOLS, AREAS, 10, shortcut="Alt+2",
              classify=style.state_class, basemap_shapes=True, labels="always"),
    LayerSpec("places", N_("Towns and cities"), "place:", style.PLACE_SYMBOLS, 0, 15, shortcut="Alt+4",
              labels="always", interactive=False),
    LayerSpec("threats", N_("Threat vectors"), "threat:", style.THREAT_SYMBOLS, LINES, 20, shortcut="Alt+3",
              classify=style.threat_class, labels="always"),
    LayerSpec("bases", N_("Bases"), "base:", style.BASE_SYMBOLS, POINTS, 30, shortcut="Alt+1",
              classify=style.base_class, size_attr="area_km2", cluster=True, labels="always"),
)


class Registry:
    """The layers the app knows, ordered by ``z`` (bottom first)."""

    def __init__(self, specs: tuple[LayerSpec, ...] = ()) -> None:
        self._specs: dict[str, LayerSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: LayerSpec) -> LayerSpec:
        if spec.id in self._specs:
            raise ValueError(f"layer {spec.id!r} is already registered")
        self._specs[spec.id] = spec
        return spec

    def unregister(self, layer_id: str) -> None:
        self._specs.pop(layer_id, None)

    def get(self, layer_id: str) -> LayerSpec:
        try:
            return self._specs[layer_id]
        except KeyError:
            raise KeyError(f"no layer {layer_id!r} is registered") from None

    def __contains__(self, layer_id: object) -> bool:
        return layer_id in self._specs

    def __iter__(self) -> Iterator[LayerSpec]:
        return iter(sorted(self._specs.values(), key=lambda s: s.z))

    def ids(self) -> tuple[str, ...]:
        """Layer ids, bottom first."""
        return tuple(s.id for s in self)

    def owns(self, layer_id: str, fid: str) -> bool:
        """Whether ``fid`` has the id form of a feature of ``layer_id`` (the bridge's check)."""
        spec = self._specs.get(layer_id)
        return spec is not None and fid.startswith(spec.prefix)


#: The atlas's own layers, bottom first: what a fresh map shows. Each workspace
#: starts its own :class:`Registry` from these; there is no process-wide one.
ATLAS_LAYER_IDS: tuple[str, ...] = Registry(ATLAS_LAYERS).ids()


def style_key(feature: Feature) -> str:
    """The style class of an atlas feature, as its layer's spec decides it.

    (A user layer has one class, its layer id; a workspace's registry answers for those.)
    """
    spec = next((s for s in ATLAS_LAYERS if s.id == feature.layer), None)
    return spec.style_key(feature) if spec is not None else feature.layer


def default_layers() -> tuple[str, ...]:
    """The atlas's own layers: what a fresh map shows."""
    return ATLAS_LAYER_IDS


__all__ = ["LayerSpec", "Registry", "ATLAS_LAYERS", "ATLAS_LAYER_IDS", "default_layers", "style_key", "POINTS", "LINES", "AREAS"]
