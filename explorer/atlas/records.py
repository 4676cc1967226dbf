"""Frozen records: what the atlas holds once it has left its file formats.

Everything past ``catalog.py`` works on these, never on raw dicts, so a typo in
a field name is an AttributeError at the edge instead of a blank line in the
panel. Records are immutable and hashable, which lets the catalog share them
between the map, the panel and the exporters without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Layer = Literal["bases", "states", "threats"]
LAYERS: tuple[Layer, ...] = ("bases", "states", "threats")

#: Which id prefix belongs to which layer; the bridge uses it to reject a
#: click that claims a layer its id cannot be in.
LAYER_PREFIX: dict[Layer, str] = {"bases": "base:", "states": "state:", "threats": "threat:"}


@dataclass(frozen=True)
class SourceRef:
    """A citation: a source id plus an optional locator (article, page, table)."""

    id: str
    at: str = ""


@dataclass(frozen=True)
class Source:
    """A document, dataset or statement that records cite."""

    id: str
    title: str
    publisher: str = ""
    date: str = ""
    url: str = ""
    note: str = ""

    def label(self) -> str:
        """One line a reader can find the source by: publisher, title, date."""
        parts = [p for p in (self.publisher, self.title, self.date) if p]
        return ", ".join(parts)


@dataclass(frozen=True)
class Provision:
    """An article of a treaty, agreement or guideline, summarised in our words."""

    id: str
    instrument: str
    short: str
    article: str
    title: str
    summary: str
    signed: str = ""
    in_force: str = ""
    sources: tuple[SourceRef, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Controversy:
    """A dispute, incident or debate, linked to the features and law it concerns."""

    id: str
    title: str
    summary: str
    start: str = ""
    end: str = ""
    features: tuple[str, ...] = ()
    provisions: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    note: str = ""

    def years(self) -> str:
        """``1996–present``, ``2004`` or ``2016–2017``: the span a reader scans for."""
        if not self.start:
            return ""
        if not self.end:
            return f"{self.start}–present"
        if self.end == self.start:
            return self.start
        return f"{self.start}–{self.end}"


@dataclass(frozen=True, kw_only=True)
class Feature:
    """What every clickable thing on the map has in common.

    ``geometry`` is the GeoJSON geometry as drawn (threats' geodesic tracks and
    rings are derived by ``geodesy`` before they get here); ``lat``/``lon`` is a
    representative point for lists, search and fly-to.
    """

    id: str
    layer: Layer
    name: str
    name_ja: str = ""
    lat: float
    lon: float
    geometry: dict[str, Any] = field(hash=False, compare=False, repr=False)
    provisions: tuple[str, ...] = ()
    controversies: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    note: str = ""

    @property
    def kind(self) -> str:
        """A short noun for the panel's subtitle."""
        return self.layer.rstrip("s")

    def facts(self) -> list[tuple[str, str]]:
        """Label/value pairs for the panel and popups, empty values left out."""
        return []

    def attributes(self) -> dict[str, Any]:
        """The layer's key attributes, for ``list --json`` and GeoJSON export."""
        return {}


#: How a base is used, in the terms of the SOFA (Art. II). MOD's list of
#: "exclusive-use facilities" (専用施設) is ``us`` plus ``us_sdf_joint``.
BASE_USES: tuple[str, ...] = ("us", "us_sdf_joint", "sdf_temporary_us", "returned")

#: Plain words for each use, for the panel and exports.
USE_LABELS: dict[str, str] = {
    "us": "US-administered (SOFA Art. II-1(a))",
    "us_sdf_joint": "US-administered, shared with the SDF (Art. II-1(a), II-4(a))",
    "sdf_temporary_us": "SDF facility, temporary US use (Art. II-4(b))",
    "returned": "Returned to Japan",
}

#: The uses that MOD counts as US exclusive-use facilities (専用施設).
MOD_EXCLUSIVE_USES: tuple[str, ...] = ("us", "us_sdf_joint")


def _join(*parts: object) -> str:
    return ", ".join(str(p) for p in parts if p not in (None, "", ()))


@dataclass(frozen=True, kw_only=True)
class Base(Feature):
    """A US military facility in Japan."""

    service: str = ""
    prefecture: str = ""
    municipality: str = ""
    island: str = ""
    use: str = "us"
    use_before_return: str = ""
    area_km2: float | None = None
    area_as_of: str = ""
    status: str = "active"
    status_year: int | None = None
    status_note: str = ""
    units: str = ""
    units_as_of: str = ""
    position_source: SourceRef | None = None
    position_precision_m: int | None = None
    coast_exempt: str = ""

    @property
    def on_mod_exclusive_list(self) -> bool:
        """On MOD's list of US exclusive-use facilities (専用施設): Art. II-1(a), not returned."""
        return self.use in MOD_EXCLUSIVE_USES and self.status != "returned"

    @property
    def use_label(self) -> str:
        return USE_LABELS.get(self.use, self.use)

    @property
    def kind(self) -> str:
        use = {"us": "US-administered", "us_sdf_joint": "US-administered, SDF joint use",
               "sdf_temporary_us": "SDF facility, temporary US use",
               "returned": "returned"}.get(self.use, self.use)
        return f"{self.service} facility, {use}".strip(", ")

    def facts(self) -> list[tuple[str, str]]:
        area = ""
        if self.area_km2 is not None:
            area = f"{self.area_km2:g} km²" + (f" (as of {self.area_as_of})" if self.area_as_of else "")
        status = self.status.replace("_", " ")
        if self.status_year:
            status += f" ({self.status_year})"
        rows = [
            ("Service", self.service),
            ("Where", _join(self.municipality, self.island, self.prefecture)),
            ("Use", self.use_label + (f" (before: {USE_LABELS[self.use_before_return]})"
                                      if self.use == "returned" and self.use_before_return in USE_LABELS else "")),
            ("Area", area),
            ("Status", status),
            ("Status detail", self.status_note),
            ("Units / role", self.units),
            ("Units as of", self.units_as_of if self.units else ""),
            ("Position", self._position()),
        ]
        return [(k, v) for k, v in rows if v]

    def _position(self) -> str:
        if self.position_precision_m is None:
            return ""
        return f"within about {self.position_precision_m:,} m of the facility's centre"

    def attributes(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "prefecture": self.prefecture,
            "municipality": self.municipality,
            "island": self.island,
            "use": self.use,
            "use_before_return": self.use_before_return or None,
            "on_mod_exclusive_list": self.on_mod_exclusive_list,
            "area_km2": self.area_km2,
            "area_as_of": self.area_as_of or None,
            "status": self.status,
            "status_year": self.status_year,
            "units": self.units,
            "units_as_of": self.units_as_of or None,
            "position_source": self.position_source.id if self.position_source else None,
            "position_source_at": (self.position_source.at or None) if self.position_source else None,
            "position_precision_m": self.position_precision_m,
        }


@dataclass(frozen=True)
class TreatyTie:
    """A treaty (or non-treaty forum) that binds a state into the network."""

    name: str
    year: int | None = None
    provisions: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class State(Feature):
    """A state of the region and its place in the alliance network."""

    iso_a3: str
    role: str = ""
    role_text: str = ""
    treaties: tuple[TreatyTie, ...] = ()

    @property
    def kind(self) -> str:
        return f"state: {self.role.replace('_', ' ')}" if self.role else "state"

    def facts(self) -> list[tuple[str, str]]:
        ties = "; ".join(f"{t.name} ({t.year})" if t.year else t.name for t in self.treaties)
        rows = [("Role", self.role_text or self.role.replace("_", " ")), ("Treaties", ties)]
        return [(k, v) for k, v in rows if v]

    def attributes(self) -> dict[str, Any]:
        return {
            "iso_a3": self.iso_a3,
            "role": self.role,
            "treaties": [{"name": t.name, "year": t.year} for t in self.treaties],
        }


@dataclass(frozen=True)
class Claimant:
    """A state's claim to a disputed territory, in that state's own name for it."""

    state: str
    name: str


@dataclass(frozen=True, kw_only=True)
class Threat(Feature):
    """A threat vector: launch, missile range, island chain, dispute, pressure."""

    threat_kind: str
    date: str = ""
    period: str = ""
    actor: str = ""
    description: str = ""
    system: str = ""
    apogee_km: float | None = None
    range_km: tuple[float, ...] = ()
    response: str = ""
    reference_point: str = ""
    band_sources: str = ""
    claimants: tuple[Claimant, ...] = ()

    @property
    def kind(self) -> str:
        return self.threat_kind.replace("_", " ")

    def range_text(self) -> str:
        """``1,300 km`` or ``1,200–1,500 km``."""
        if not self.range_km:
            return ""
        if len(self.range_km) == 1 or self.range_km[0] == self.range_km[-1]:
            return f"{self.range_km[0]:,.0f} km"
        return f"{self.range_km[0]:,.0f}–{self.range_km[-1]:,.0f} km"

    def facts(self) -> list[tuple[str, str]]:
        rows = [
            ("Date", self.date or self.period),
            ("Actor", self.actor),
            ("System", self.system),
            ("Apogee", f"{self.apogee_km:,.0f} km" if self.apogee_km is not None else ""),
            ("Range", self.range_text()),
            ("Range measured from", self.reference_point),
            ("Range sources", self.band_sources),
            ("Japan's response", self.response),
            ("Claimants", "; ".join(f"{c.name} ({c.state})" for c in self.claimants)),
            ("What", self.description),
        ]
        return [(k, v) for k, v in rows if v]

    def attributes(self) -> dict[str, Any]:
        return {
            "kind": self.threat_kind,
            "date": self.date or self.period or None,
            "actor": self.actor,
            "system": self.system or None,
            "apogee_km": self.apogee_km,
            "range_km": list(self.range_km) or None,
        }


@dataclass(frozen=True)
class Dossier:
    """Everything the panel shows for one feature, resolved and ordered."""

    feature: Feature
    provisions: tuple[Provision, ...]
    controversies: tuple[Controversy, ...]
    sources: dict[str, Source] = field(hash=False, compare=False)

    def source(self, ref: SourceRef) -> Source | None:
        """The cited source, or None if the atlas does not define it."""
        return self.sources.get(ref.id)


@dataclass(frozen=True)
class Figure:
    """A published headline figure that the data is checked against."""

    id: str
    label: str
    value: float
    unit: str = ""
    as_of: str = ""
    sources: tuple[SourceRef, ...] = ()
    note: str = ""
