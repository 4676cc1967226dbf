"""Colours and symbols: one source for the map, its legend and every export.

Each feature gets a style *class* (``base-active``, ``threat-overflight``...);
the page styles by class and the legend lists the classes, so what the legend
says is by construction what the map draws. Which class a feature gets is
decided by its layer's :class:`~explorer.mapping.layers.LayerSpec`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from explorer.atlas.records import Base, Feature, State, Threat

SEA = "#d4e6f1"
LAND = {"fill": "#f4f1ea", "stroke": "#a89f91"}
HIGHLIGHT = "#ffb000"
SELECTED = "#111111"


@dataclass(frozen=True)
class Symbol:
    """How one class of feature is drawn (Leaflet path options).

    ``hit`` is ``"fill"`` when a click anywhere inside the shape selects it, or
    ``"outline"`` when only a click near its edge does: a range band covers
    half the map, and a click on open sea must not select it.
    """

    key: str
    label: str
    layer: str
    shape: str  # point | line | area
    color: str
    fill: str = ""
    fill_opacity: float = 0.0
    weight: float = 1.5
    radius: float = 0.0
    dash: str = ""
    hit: str = "fill"

    def to_json(self) -> dict:
        return asdict(self)


BASE_SYMBOLS = (
    Symbol("base-active", "US facility (MOD exclusive-use list)", "bases", "point", "#ffffff", "#c8102e", 0.95, 1.5, 6),
    Symbol("base-joint", "SDF area, temporary US use", "bases", "point", "#c8102e", "#ffffff", 0.95, 2.5, 5),
    Symbol("base-planned", "Return planned or partial", "bases", "point", "#ffffff", "#f28e2b", 0.95, 1.5, 6),
    Symbol("base-returned", "Returned", "bases", "point", "#ffffff", "#8c8c8c", 0.9, 1.5, 5),
)
STATE_SYMBOLS = (
    Symbol("state-treaty_ally", "US treaty ally", "states", "area", "#1f4e79", "#2f75b5", 0.22, 1.2),
    Symbol("state-partner", "US partner", "states", "area", "#2e7d6b", "#55a890", 0.22, 1.2),
    Symbol("state-state_of_concern", "State of concern", "states", "area", "#8b1a1a", "#c0504d", 0.20, 1.2),
    Symbol("state-competitor", "Strategic competitor", "states", "area", "#8a4b08", "#e69138", 0.20, 1.2),
    Symbol("state-other", "Other", "states", "area", "#666666", "#999999", 0.15, 1.0),
)
THREAT_SYMBOLS = (
    Symbol("threat-overflight", "Missile/rocket track over Japan", "threats", "line", "#6a1b9a", "", 0, 2.5, 0, "8 5"),
    Symbol("threat-missile_range", "Published missile range", "threats", "area", "#b71c1c", "#e57373", 0.06, 1.5, 0,
           "4 4", hit="outline"),
    Symbol("threat-island_chain", "Island chain (concept)", "threats", "line", "#37474f", "", 0, 2.0, 0, "12 6 2 6"),
    Symbol("threat-disputed_territory", "Disputed territory", "threats", "point", "#ffffff", "#ff6f00", 1.0, 2.0, 7),
    Symbol("threat-maritime_pressure", "Maritime pressure", "threats", "area", "#00838f", "#4dd0e1", 0.25, 2.0, 7),
    Symbol("threat-eez_impact", "Missile impact in Japan's EEZ", "threats", "point", "#ffffff", "#6a1b9a", 1.0, 2.0, 6),
)
ROLE_KEYS = {s.key.removeprefix("state-") for s in STATE_SYMBOLS}
#: Every atlas symbol by its class key.
BY_KEY = {s.key: s for s in (*BASE_SYMBOLS, *STATE_SYMBOLS, *THREAT_SYMBOLS)}


def base_class(feature: Feature) -> str:
    assert isinstance(feature, Base)
    if feature.status == "returned":
        return "base-returned"
    if feature.status in ("planned_return", "partially_returned"):
        return "base-planned"
    if feature.use == "returned":
        return "base-returned"
    return "base-joint" if feature.use == "sdf_temporary_us" else "base-active"


def state_class(feature: Feature) -> str:
    assert isinstance(feature, State)
    return f"state-{feature.role}" if feature.role in ROLE_KEYS else "state-other"


def threat_class(feature: Feature) -> str:
    assert isinstance(feature, Threat)
    return f"threat-{feature.threat_kind}"


def style_key(feature: Feature) -> str:
    """The style class of a feature, as its layer's spec decides it."""
    from explorer.mapping.layers import REGISTRY

    return REGISTRY.get(feature.layer).style_key(feature)


def page_style() -> dict:
    return {"sea": SEA, "land": LAND, "highlight": HIGHLIGHT, "selected": SELECTED}
