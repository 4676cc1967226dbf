"""Headline figures computed from the records, to set beside the published ones.

The Okinawa concentration is the atlas's central fact, so it is computed from
the facilities' own ``area_km2`` rather than typed in: a wrong area on any
Okinawa record moves the computed share away from the published one, and a
test notices.

Each facility's area is the value read in a citable document, with that
document's date (``area_as_of``). MOD's 2020 per-facility table could not be
read, so the areas carry different dates (and a few none); the computation
says so (``oldest_area``, ``without_area``) rather than hiding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.atlas.catalog import Catalog
from explorer.atlas.records import MOD_EXCLUSIVE_USES, TARGET_PRECISION_M, Base

NATIONAL_TOTAL = "figure:national-exclusive-area-km2"


@dataclass(frozen=True)
class Concentration:
    """Okinawa's share of US exclusive-use area, as computed from the data."""

    as_of: str
    okinawa_km2: float
    okinawa_count: int                    # on the list at ``as_of``, with or without an area
    national_km2: float | None
    share_pct: float | None
    national_count: float | None
    land_share_pct: float | None
    oldest_area: str = ""                 # earliest area_as_of among the facilities summed
    undated_areas: int = 0                # facilities summed whose area has no date
    without_area: tuple[str, ...] = ()    # facilities on the list with no area read


def _bases(catalog: Catalog) -> list[Base]:
    """The bases in Japan: every figure here is Japan's (US Forces Korea's facilities share the
    bases layer but never enter the Okinawa share, MOD's list or the use counts)."""
    return [f for f in catalog.layer("bases") if isinstance(f, Base) and f.in_japan]


def exclusive_bases(catalog: Catalog, as_of: str) -> list[Base]:
    """Facilities on MOD's exclusive-use list on ``as_of`` that have an area dated no later than
    ``as_of`` (or undated). An area is the latest the atlas could read, not necessarily of ``as_of``."""
    return [b for b in _bases(catalog) if on_list_as_of(b, as_of) and b.area_km2 is not None
            and (not b.area_as_of or b.area_as_of <= as_of)]


def on_list_as_of(base: Base, as_of: str) -> bool:
    """Whether ``base`` was on MOD's exclusive-use list on the date ``as_of``.

    A facility on the list now was on it then (the atlas holds no facility added
    since); a returned one counts if it was returned in a later year than
    ``as_of`` and was an Art. II-1(a) facility before (``use_before_return``).
    """
    if base.on_mod_exclusive_list:
        return True
    return bool(as_of) and (base.status == "returned" and base.use_before_return in MOD_EXCLUSIVE_USES
            and base.status_year is not None and base.status_year > int(as_of[:4]))


@dataclass(frozen=True)
class UseCounts:
    """The bases by category, computed from the records (for the welcome text and tests)."""

    list_as_of: str            # "" when figures.toml gives no national count (then: now)
    on_list: int               # on MOD's exclusive-use list at ``list_as_of``
    on_list_okinawa: int
    returned_since: int        # of those, returned after ``list_as_of``
    on_list_now: int
    us: int
    us_sdf_joint: int
    sdf_temporary_us: int
    returned: int


def use_counts(catalog: Catalog, as_of: str | None = None) -> UseCounts:
    """Counts by ``use``; the list count is for ``as_of`` (default: the national count's date)."""
    if as_of is None:
        count = catalog.figures.get("figure:national-exclusive-count")
        as_of = count.as_of if count else ""
    bases = _bases(catalog)
    listed = [b for b in bases if on_list_as_of(b, as_of)]
    by_use = {u: sum(1 for b in bases if b.use == u) for u in ("us", "us_sdf_joint", "sdf_temporary_us", "returned")}
    return UseCounts(
        list_as_of=as_of,
        on_list=len(listed),
        on_list_okinawa=sum(1 for b in listed if b.prefecture == "Okinawa"),
        returned_since=sum(1 for b in listed if b.status == "returned"),
        on_list_now=sum(1 for b in bases if b.on_mod_exclusive_list),
        us=by_use["us"],
        us_sdf_joint=by_use["us_sdf_joint"],
        sdf_temporary_us=by_use["sdf_temporary_us"],
        returned=by_use["returned"],
    )


def okinawa_concentration(catalog: Catalog) -> Concentration | None:
    """Okinawa's area and share, for the date of the national total in figures.toml."""
    national = catalog.figures.get(NATIONAL_TOTAL)
    if national is None:
        return None
    oki = [b for b in exclusive_bases(catalog, national.as_of) if b.prefecture == "Okinawa"]
    listed = [b for b in _bases(catalog) if b.prefecture == "Okinawa" and on_list_as_of(b, national.as_of)]
    area = sum(b.area_km2 or 0.0 for b in oki)
    dated = sorted(b.area_as_of for b in oki if b.area_as_of)
    count = catalog.figures.get("figure:national-exclusive-count")
    land = catalog.figures.get("figure:okinawa-land-share")
    return Concentration(
        as_of=national.as_of,
        okinawa_km2=round(area, 3),
        okinawa_count=len(listed),
        national_km2=national.value,
        share_pct=round(100.0 * area / national.value, 2) if national.value else None,
        national_count=count.value if count else None,
        land_share_pct=land.value if land else None,
        oldest_area=dated[0] if dated else "",
        undated_areas=sum(1 for b in oki if not b.area_as_of),
        without_area=tuple(b.id for b in listed if b not in oki),
    )


@dataclass(frozen=True)
class ShareGap:
    """Why a share of the national exclusive-use area computed here is a lower bound.

    The share sums the areas of the facilities the atlas holds on MOD's list, against
    MOD's national total of ``as_of``. Two things can only add to it: facilities on MOD's
    list that the atlas lacks (``missing``, when a published count of that date exists),
    and facilities it holds but can give no area of that date for (``without_area``:
    none read, or only a later one).
    """

    as_of: str
    listed: int | None      # MOD's published count on ``as_of`` (None: no count of that date)
    held: int               # facilities the atlas holds on the list on ``as_of``
    without_area: int       # of those, the ones the share cannot count
    missing: int | None     # listed - held, never below 0 (None without a published count)


def share_gap(catalog: Catalog, prefecture: str = "") -> ShareGap | None:
    """The gap behind every share of the national total, or one prefecture's (None without a total).

    MOD's count is national, so a prefecture's gap gives no ``missing`` figure.
    """
    national = catalog.figures.get(NATIONAL_TOTAL)
    if national is None:
        return None
    counts = use_counts(catalog, national.as_of)
    held = [b for b in _bases(catalog) if on_list_as_of(b, national.as_of)
            and (not prefecture or b.prefecture == prefecture)]
    counted = {b.id for b in exclusive_bases(catalog, national.as_of)}
    count = catalog.figures.get("figure:national-exclusive-count")
    listed = int(count.value) if count is not None and count.as_of == national.as_of and not prefecture else None
    return ShareGap(
        as_of=national.as_of,
        listed=listed,
        held=len(held) if prefecture else counts.on_list,
        without_area=sum(1 for b in held if b.id not in counted),
        missing=max(0, listed - counts.on_list) if listed is not None else None,
    )


@dataclass(frozen=True)
class DataQuality:
    """How far the bases and sources are from issue 13's targets, counted from the data itself.

    ``validate`` prints it, and ``geodata/README.md`` quotes it (a test keeps the two equal),
    so the documented state of the atlas can never drift from the files.
    """

    bases: int
    within_1km: int
    unverified: int
    area_null: int
    sources: int
    sources_without_url: int
    sources_without_date: int

    def line(self) -> str:
        return (f"{self.bases} bases: {self.within_1km} placed within 1 km, {self.unverified} POSITION UNVERIFIED, "
                f"{self.area_null} without an area; {self.sources} sources: {self.sources_without_url} without a URL, "
                f"{self.sources_without_date} without a date or date_note")


def data_quality(catalog: Catalog) -> DataQuality:
    bases = [f for f in catalog.layer("bases") if isinstance(f, Base)]  # Japan's and Korea's alike
    sources = catalog.sources.values()
    return DataQuality(
        bases=len(bases),
        within_1km=sum(1 for b in bases
                       if b.position_precision_m is not None and b.position_precision_m <= TARGET_PRECISION_M),
        unverified=sum(1 for b in bases if b.position_unverified),
        area_null=sum(1 for b in bases if b.area_km2 is None),
        sources=len(catalog.sources),
        sources_without_url=sum(1 for s in sources if not s.url),
        sources_without_date=sum(1 for s in sources if not s.date and not s.date_note),
    )
