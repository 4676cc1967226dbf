"""The atlas at a date: what was in force, what had begun, who administered what.

One place answers every "as of" question, for the map (through
``query.validity``), the presenter, the CLI and the timeline panel, from the
dates the loaders parsed once (``valid_from``/``valid_to``, a controversy's
``start``/``end``). Nothing here invents a date: where a record's date is
unknown the record is treated as open at that end, and the callers say so
(``unknown_start``).

Okinawa is the one place where a date changes what a base *is* rather than
whether it is shown: until the Okinawa Reversion Agreement entered into
force, the islands were under US administration (Peace Treaty Art. 3) and
their facilities were not "provided" under the 1960 SOFA. The reversion date
is read from the agreement's own record (``provision:reversion1972``), never
typed in here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from explorer.atlas.catalog import Catalog
from explorer.atlas.dates import Interval, PartialDate
from explorer.atlas.records import Base, Controversy, Feature, Figure, Provision

#: The agreement that ended US administration of the Ryukyu and Daito Islands.
REVERSION = "provision:reversion1972"
#: The prefecture those islands form today.
REVERSION_PREFECTURE = "Okinawa"
#: Published figures of Okinawa's share of exclusive-use area (ids start with this).
OKINAWA_SHARE_PREFIX = "figure:okinawa-exclusive-share"
#: The slider's range starts here: the start of the occupation.
FIRST_YEAR = 1945


def parse_as_of(text: str) -> dt.date:
    """The last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` covers ("1971" -> 1971-12-31).

    ValueError with a one-line message on anything else.
    """
    try:
        return PartialDate.parse(text.strip()).end()
    except (ValueError, AttributeError):
        raise ValueError(f"as-of date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from None


def interval(record: Feature | Provision) -> Interval:
    """When a feature or provision applies (open ends where unknown or unbounded)."""
    return Interval(record.valid_from, record.valid_to)


def unknown_start(f: Feature) -> bool:
    """A feature shown at every date because its start was not read in a source."""
    return f.valid_from is None


# -- provisions ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ProvisionStatus:
    """A provision on a date: ``not_yet`` (before it applied), ``in_force``, ``superseded``
    (replaced by ``successor``) or ``ended`` (stopped applying, no successor recorded)."""

    state: str
    successor: Provision | None = None
    since: PartialDate | None = None


def provision_status(catalog: Catalog, p: Provision, as_of: dt.date) -> ProvisionStatus:
    if p.valid_from is not None and as_of < p.valid_from.start():
        return ProvisionStatus("not_yet", since=p.valid_from)
    if p.valid_to is not None and as_of >= p.valid_to.start():
        successor = catalog.provisions.get(p.superseded_by) if p.superseded_by else None
        return ProvisionStatus("superseded" if successor else "ended", successor, p.valid_to)
    return ProvisionStatus("in_force", since=p.valid_from)


# -- controversies ---------------------------------------------------------------------------

def controversy_status(c: Controversy, as_of: dt.date) -> str:
    """``not_started``, ``ongoing`` or ``ended`` on ``as_of`` (the end year counts as ongoing)."""
    if c.start_date is not None and as_of < c.start_date.start():
        return "not_started"
    if c.end_date is not None and as_of > c.end_date.end():
        return "ended"
    return "ongoing"


def controversies_by(catalog: Catalog, as_of: dt.date) -> list[Controversy]:
    """Controversies begun by ``as_of``, most recent start first."""
    out = [c for c in catalog.controversies.values() if controversy_status(c, as_of) != "not_started"]
    return sorted(out, key=lambda c: c.start_date.start() if c.start_date else dt.date.min, reverse=True)


# -- bases -------------------------------------------------------------------------------------

def reversion_date(catalog: Catalog) -> PartialDate | None:
    """When Okinawa reverted to Japan: the Reversion Agreement's entry into force, from the data."""
    p = catalog.provisions.get(REVERSION)
    return p.valid_from if p is not None else None


def base_regime(catalog: Catalog, b: Base, as_of: dt.date) -> str:
    """Under what a base was held on ``as_of``: ``us_administration`` (Okinawa before
    reversion), ``returned``, ``not_yet`` or ``provided`` (to US forces in Japan)."""
    if b.valid_from is not None and as_of < b.valid_from.start():
        return "not_yet"
    if b.valid_to is not None and as_of >= b.valid_to.start():
        return "returned"
    rev = reversion_date(catalog)
    if b.prefecture == REVERSION_PREFECTURE and rev is not None and as_of < rev.start():
        return "us_administration"
    return "provided"


#: The agreement under which each use category holds a facility (so that a date before it can say so).
USE_PROVISION = {"us": "provision:sofa-art2", "us_sdf_joint": "provision:sofa-art2",
                 "sdf_temporary_us": "provision:sofa-art2", "rok_sofa": "provision:rok-sofa1966-facilities"}
#: Statuses that an event in ``status_year`` brought about; before that year the facility was in use.
LATER_STATUSES = frozenset({"partially_returned", "planned_return", "returned"})


def use_on(b: Base, as_of: dt.date) -> str:
    """A base's use category on ``as_of``: a returned facility had its earlier use until its return."""
    if b.use == "returned" and b.use_before_return:
        if b.valid_to is not None:
            return b.use_before_return if as_of < b.valid_to.start() else "returned"
        if b.status_year is not None and as_of.year < b.status_year:
            return b.use_before_return
    return b.use


def status_on(b: Base, as_of: dt.date) -> str:
    """A base's status on ``as_of``, where dated: a partial return, a return plan or a return dated
    in a later year (``status_year``) had not happened yet, so the facility was in use (``active``)."""
    if b.status in LATER_STATUSES and b.status_year is not None and as_of.year < b.status_year:
        return "active"
    if b.status == "returned" and b.valid_to is not None and as_of < b.valid_to.start():
        return "active"
    return b.status


def use_agreement(catalog: Catalog, use: str, as_of: dt.date) -> tuple[Provision | None, bool]:
    """The agreement behind ``use`` and whether it applied on ``as_of`` (True when none is recorded)."""
    p = catalog.provisions.get(USE_PROVISION.get(use, ""))
    if p is None:
        return None, True
    return p, p.valid_from is None or as_of >= p.valid_from.start()


# -- figures over time -------------------------------------------------------------------------

def okinawa_share_series(catalog: Catalog) -> list[Figure]:
    """Published figures of Okinawa's share of exclusive-use area, oldest first (sourced only)."""
    pts = [g for gid, g in catalog.figures.items() if gid.startswith(OKINAWA_SHARE_PREFIX) and g.as_of and g.sources]
    return sorted(pts, key=lambda g: PartialDate.parse(g.as_of))


def share_as_of(catalog: Catalog, as_of: dt.date) -> Figure | None:
    """The latest published Okinawa share true on or before ``as_of`` (None if none is that old)."""
    known = [g for g in okinawa_share_series(catalog) if PartialDate.parse(g.as_of).start() <= as_of]
    return known[-1] if known else None


__all__ = ["parse_as_of", "interval", "unknown_start", "ProvisionStatus", "provision_status",
           "controversy_status", "controversies_by", "reversion_date", "base_regime", "use_on", "status_on",
           "use_agreement", "USE_PROVISION",
           "okinawa_share_series", "share_as_of", "REVERSION", "FIRST_YEAR"]
