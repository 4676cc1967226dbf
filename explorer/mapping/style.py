"""Colours and symbols: one source for the map, its legend and every export.

Each feature gets a style *class* (``base-active``, ``threat-overflight``...);
the page styles by class and the legend lists the classes, so what the legend
says is by construction what the map draws. Which class a feature gets is
decided by its layer's :class:`~explorer.mapping.layers.LayerSpec`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from explorer.atlas.records import Base, Feature, State, Threat
from explorer.i18n import N_

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
    #: The legend's words, in English (marked for the catalogue; translated when the page is built).
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
    #: How a point is filled, so that classes differ by more than hue: ``solid``, ``ring``
    #: (hollow), ``half`` (half filled), ``cross`` (struck through), ``diamond`` (a diamond).
    pattern: str = "solid"
    #: Drawn faint until hovered or selected (range bands that would cover the map).
    faint: bool = False
    #: Drawn above every other layer's symbols and merged symbols, and wins a click on itself:
    #: a disputed island lies under a facility's symbol at small scales.
    above: bool = False

    def to_json(self) -> dict:
        return asdict(self)


# Bases: the symbol's area is proportional to the facility's area (see layers.LayerSpec.size_attr);
# the use category is told by fill pattern and stroke, not by hue alone.
BASE_SYMBOLS = (
    Symbol("base-active", N_("US-administered (exclusive use)"), "bases", "point", "#ffffff", "#c8102e", 0.95, 1.5, 6),
    Symbol("base-shared", N_("US-administered, shared with the SDF"), "bases", "point", "#111111", "#c8102e", 0.95,
           2.5, 6),
    Symbol("base-joint", N_("SDF area, temporary US use"), "bases", "point", "#c8102e", "#ffffff", 0.95, 2.5, 5,
           pattern="ring"),
    Symbol("base-planned", N_("Return planned or partial"), "bases", "point", "#c8102e", "#c8102e", 0.95, 1.5, 6,
           pattern="half"),
    Symbol("base-returned", N_("Returned to Japan"), "bases", "point", "#555555", "#bdbdbd", 0.95, 1.5, 5,
           pattern="cross"),
    # US Forces Korea: a white disc with a thick navy edge, apart from Japan's red-filled classes
    # (the diamond is taken: it marks a facility whose area is not published).
    Symbol("base-usfk", N_("US Forces Korea (US–ROK SOFA)"), "bases", "point", "#0a3d7a", "#ffffff", 0.95, 2.5, 6),
)
PLACE_SYMBOLS = (
    Symbol("place", N_("Town or city (GeoNames)"), "places", "point", "#333333", "#ffffff", 1.0, 1.2, 2.5),
)
# States: the Okabe–Ito palette (readable with protanopia and deuteranopia; see tools/cvd_check.py).
STATE_SYMBOLS = (
    Symbol("state-treaty_ally", N_("US treaty ally"), "states", "area", "#004b75", "#0072b2", 0.22, 1.2),
    Symbol("state-partner", N_("US partner"), "states", "area", "#2a8fc4", "#56b4e9", 0.28, 1.2, dash="6 3"),
    Symbol("state-state_of_concern", N_("State of concern"), "states", "area", "#8c3d00", "#d55e00", 0.22, 1.2),
    Symbol("state-competitor", N_("Strategic competitor"), "states", "area", "#9a6a00", "#e69f00", 0.24, 1.2,
           dash="2 3"),
    Symbol("state-other", N_("Other"), "states", "area", "#666666", "#bbbbbb", 0.15, 1.0),
)
THREAT_SYMBOLS = (
    Symbol("threat-overflight", N_("Missile/rocket track over Japan"), "threats", "line", "#6a1b9a", "", 0, 2.5, 0, "8 5"),
    Symbol("threat-missile_range", N_("Published missile range"), "threats", "area", "#b71c1c", "#e57373", 0.05, 1.5, 0,
           "4 4", hit="outline", faint=True),
    Symbol("threat-island_chain", N_("Island chain (concept)"), "threats", "line", "#37474f", "", 0, 2.0, 0, "12 6 2 6"),
    Symbol("threat-disputed_territory", N_("Disputed territory"), "threats", "point", "#111111", "#fdb863", 1.0, 2.0, 7,
           pattern="diamond", above=True),
    Symbol("threat-maritime_pressure", N_("Maritime pressure"), "threats", "area", "#00838f", "#4dd0e1", 0.25, 2.0, 7),
    Symbol("threat-eez_impact", N_("Missile impact in Japan's EEZ"), "threats", "point", "#ffffff", "#6a1b9a", 1.0, 2.0, 6),
)
ROLE_KEYS = {s.key.removeprefix("state-") for s in STATE_SYMBOLS}
#: Every atlas symbol, and each by its class key.
SYMBOLS = (*BASE_SYMBOLS, *PLACE_SYMBOLS, *STATE_SYMBOLS, *THREAT_SYMBOLS)
BY_KEY = {s.key: s for s in SYMBOLS}


def base_class(feature: Feature) -> str:
    assert isinstance(feature, Base)
    if feature.use == "rok_sofa":
        return "base-usfk"
    if feature.status == "returned":
        return "base-returned"
    if feature.status in ("planned_return", "partially_returned"):
        return "base-planned"
    if feature.use == "returned":
        return "base-returned"
    if feature.use == "sdf_temporary_us":
        return "base-joint"
    return "base-shared" if feature.use == "us_sdf_joint" else "base-active"


def state_class(feature: Feature) -> str:
    assert isinstance(feature, State)
    return f"state-{feature.role}" if feature.role in ROLE_KEYS else "state-other"


def threat_class(feature: Feature) -> str:
    assert isinstance(feature, Threat)
    return f"threat-{feature.threat_kind}"


#: Before Okinawa's reversion its facilities take this colour in place of Japan's red: they were
#: under US administration, not provided under the SOFA.
US_ADMIN = {"from": "#c8102e", "to": "#6a3d9a"}


def page_style() -> dict:
    return {"sea": SEA, "land": LAND, "highlight": HIGHLIGHT, "selected": SELECTED, "usAdmin": US_ADMIN}
