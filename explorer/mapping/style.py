"""Colours and symbols: one source for the map, its legend and every export.

Each feature gets a style *class* (``base-active``, ``threat-overflight``...);
the page styles by class and the legend lists the classes, so what the legend
says is by construction what the map draws.
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
    """How one class of feature is drawn (Leaflet path options)."""

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


SYMBOLS: tuple[Symbol, ...] = (
    Symbol("base-active", "US facility, exclusive use", "bases", "point", "#ffffff", "#c8102e", 0.95, 1.5, 6),
    Symbol("base-joint", "US facility, jointly used", "bases", "point", "#c8102e", "#ffffff", 0.95, 2.5, 5),
    Symbol("base-planned", "Return planned or partial", "bases", "point", "#ffffff", "#f28e2b", 0.95, 1.5, 6),
    Symbol("base-returned", "Returned", "bases", "point", "#ffffff", "#8c8c8c", 0.9, 1.5, 5),
    Symbol("state-treaty_ally", "US treaty ally", "states", "area", "#1f4e79", "#2f75b5", 0.22, 1.2),
    Symbol("state-partner", "US partner", "states", "area", "#2e7d6b", "#55a890", 0.22, 1.2),
    Symbol("state-state_of_concern", "State of concern", "states", "area", "#8b1a1a", "#c0504d", 0.20, 1.2),
    Symbol("state-competitor", "Strategic competitor", "states", "area", "#8a4b08", "#e69138", 0.20, 1.2),
    Symbol("state-other", "Other", "states", "area", "#666666", "#999999", 0.15, 1.0),
    Symbol("threat-overflight", "Missile/rocket track over Japan", "threats", "line", "#6a1b9a", "", 0, 2.5, 0, "8 5"),
    Symbol("threat-missile_range", "Published missile range", "threats", "area", "#b71c1c", "#e57373", 0.06, 1.5, 0, "4 4"),
    Symbol("threat-island_chain", "Island chain (concept)", "threats", "line", "#37474f", "", 0, 2.0, 0, "12 6 2 6"),
    Symbol("threat-disputed_territory", "Disputed territory", "threats", "point", "#ffffff", "#ff6f00", 1.0, 2.0, 7),
    Symbol("threat-maritime_pressure", "Maritime pressure", "threats", "area", "#00838f", "#4dd0e1", 0.25, 2.0, 7),
)
BY_KEY = {s.key: s for s in SYMBOLS}
ROLE_KEYS = {s.key.removeprefix("state-") for s in SYMBOLS if s.layer == "states"}


def style_key(feature: Feature) -> str:
    """The style class of a feature."""
    if isinstance(feature, Base):
        if feature.status == "returned":
            return "base-returned"
        if feature.status in ("planned_return", "partially_returned"):
            return "base-planned"
        if feature.use == "returned":
            return "base-returned"
        return "base-joint" if feature.use == "sdf_temporary_us" else "base-active"
    if isinstance(feature, State):
        return f"state-{feature.role}" if feature.role in ROLE_KEYS else "state-other"
    if isinstance(feature, Threat):
        return f"threat-{feature.threat_kind}"
    raise TypeError(f"no style for {type(feature).__name__}")


def legend_spec(used: set[str] | None = None) -> list[dict]:
    """The legend's rows, in layer order; only the classes in use when given."""
    return [asdict(s) for s in SYMBOLS if used is None or s.key in used]


def page_style() -> dict:
    return {"sea": SEA, "land": LAND, "highlight": HIGHLIGHT, "selected": SELECTED,
            "symbols": {s.key: asdict(s) for s in SYMBOLS}}
