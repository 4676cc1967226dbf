"""Headline figures computed from the records, to set beside the published ones.

The Okinawa concentration is the atlas's central fact, so it is computed from
the facilities' own ``area_km2`` rather than typed in: a wrong area on any
Okinawa record moves the computed share away from the published one, and a
test notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Base

NATIONAL_TOTAL = "figure:national-exclusive-area-km2"


@dataclass(frozen=True)
class Concentration:
    """Okinawa's share of US exclusive-use area, as computed from the data."""

    as_of: str
    okinawa_km2: float
    okinawa_count: int
    national_km2: float | None
    share_pct: float | None
    national_count: float | None
    land_share_pct: float | None


def exclusive_bases(catalog: Catalog, as_of: str) -> list[Base]:
    """Exclusive-use facilities not yet returned whose area is given for ``as_of``."""
    return [f for f in catalog.layer("bases")
            if isinstance(f, Base) and f.exclusive_use and f.status != "returned" and f.area_as_of == as_of]


def okinawa_concentration(catalog: Catalog) -> Concentration | None:
    """Okinawa's area and share, for the date of the national total in figures.toml."""
    national = catalog.figures.get(NATIONAL_TOTAL)
    if national is None:
        return None
    oki = [b for b in exclusive_bases(catalog, national.as_of) if b.prefecture == "Okinawa"]
    area = sum(b.area_km2 or 0.0 for b in oki)
    count = catalog.figures.get("figure:national-exclusive-count")
    land = catalog.figures.get("figure:okinawa-land-share")
    return Concentration(
        as_of=national.as_of,
        okinawa_km2=round(area, 3),
        okinawa_count=len(oki),
        national_km2=national.value,
        share_pct=round(100.0 * area / national.value, 2) if national.value else None,
        national_count=count.value if count else None,
        land_share_pct=land.value if land else None,
    )
