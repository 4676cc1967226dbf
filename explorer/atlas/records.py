"""Frozen records: what the atlas holds once it has left its file formats.

Everything past ``catalog.py`` works on these, never on raw dicts, so a typo in
a field name is an AttributeError at the edge instead of a blank line in the
panel. Records are immutable and hashable, which lets the catalog share them
between the map, the panel and the exporters without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from explorer.atlas.dates import PartialDate


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
    #: Why the source has no ``date`` (undated web page, standing reference work...).
    date_note: str = ""


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
    #: Other provisions this one is read with (an implementing agreement, a successor).
    related: tuple[str, ...] = ()
    #: Reached only from the law browser, on purpose; ``note`` says why.
    browse_only: bool = False
    #: When it applies: ``valid_from`` defaults to ``in_force`` (or ``signed`` for a
    #: non-binding text); ``valid_to`` (exclusive) is the successor's start. Parsed once.
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    #: The provision that replaced this one (its start is ``valid_to``).
    superseded_by: str = ""
    #: Where the dates of validity were read (when not the provision's own ``sources``).
    valid_sources: tuple[SourceRef, ...] = ()
    valid_note: str = ""


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
    #: ``start``/``end`` parsed once (the end is inclusive: "ended in 2017").
    start_date: PartialDate | None = None
    end_date: PartialDate | None = None


@dataclass(frozen=True, kw_only=True)
class Feature:
    """What every clickable thing on the map has in common.

    ``geometry`` is the GeoJSON geometry as drawn (threats' geodesic tracks and
    rings are derived by ``geodesy`` before they get here); ``lat``/``lon`` is a
    representative point for lists, search and fly-to.
    """

    id: str
    layer: str
    name: str
    name_ja: str = ""
    lat: float
    lon: float
    geometry: dict[str, Any] = field(hash=False, compare=False, repr=False)
    provisions: tuple[str, ...] = ()
    #: Provisions the feature brings into play without falling under them (a missile range band
    #: invokes Art. V and VI: the bases it reaches are governed by them; the band is not). Shown in
    #: its dossier, listed as "invoked by" in the provision's, never highlighted as governed.
    invokes: tuple[str, ...] = ()
    controversies: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    note: str = ""
    #: When the feature existed or applied, ``[valid_from, valid_to)``; None = unknown or
    #: open, and then ``valid_from_note``/``valid_to_note`` say why (see geodata/README.md).
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    valid_sources: tuple[SourceRef, ...] = ()
    valid_from_note: str = ""
    valid_to_note: str = ""

    def attributes(self) -> dict[str, Any]:
        """The layer's key attributes, for ``list --json`` and GeoJSON export."""
        return {}


#: How a base is used, in the terms of the SOFA (Art. II). MOD's list of
#: "exclusive-use facilities" (専用施設) is ``us`` plus ``us_sdf_joint``.
#: Plain words for each are the presenter's (``explorer.present.labels.USE``).
BASE_USES: tuple[str, ...] = ("us", "us_sdf_joint", "sdf_temporary_us", "returned", "rok_sofa")

#: The uses of US facilities in Japan, under the Japan SOFA (everything but ``rok_sofa``).
JAPAN_USES: tuple[str, ...] = ("us", "us_sdf_joint", "sdf_temporary_us", "returned")

#: The uses that MOD counts as US exclusive-use facilities (専用施設).
MOD_EXCLUSIVE_USES: tuple[str, ...] = ("us", "us_sdf_joint")

#: What a base's note says when its point was not checked against a published coordinate.
UNVERIFIED_MARK = "POSITION UNVERIFIED"
#: Issue 13's target: every facility within 1 km of its true centre.
TARGET_PRECISION_M = 1000


@dataclass(frozen=True, kw_only=True)
class Base(Feature):
    """A US military facility: in Japan (``country`` JPN, the default) or, marked by
    ``country`` KOR and ``use`` ``rok_sofa``, one of US Forces Korea's. Japan-only
    figures (the Okinawa share, MOD's list, the use counts) count ``in_japan`` bases only."""

    service: str = ""
    country: str = "JPN"
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
    def position_unverified(self) -> bool:
        """The point was not checked against a published coordinate (its note says so)."""
        return UNVERIFIED_MARK in self.note

    @property
    def in_japan(self) -> bool:
        """A facility in Japan, counted in Japan's figures (not one of US Forces Korea's)."""
        return self.country == "JPN"

    @property
    def on_mod_exclusive_list(self) -> bool:
        """On MOD's list of US exclusive-use facilities (専用施設): Art. II-1(a), not returned."""
        return self.in_japan and self.use in MOD_EXCLUSIVE_USES and self.status != "returned"

    def attributes(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "country": self.country,
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

    def attributes(self) -> dict[str, Any]:
        return {
            "kind": self.threat_kind,
            "date": self.date or self.period or None,
            "actor": self.actor,
            "system": self.system or None,
            "apogee_km": self.apogee_km,
            "range_km": list(self.range_km) or None,
        }


@dataclass(frozen=True, kw_only=True)
class Place(Feature):
    """A town or city on a reference layer: a name for orientation, never a dossier subject."""

    country: str = ""
    population: int = 0

    def attributes(self) -> dict[str, Any]:
        return {"country": self.country, "population": self.population}


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
