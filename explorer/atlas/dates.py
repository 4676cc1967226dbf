"""Typed partial dates: ``1972``, ``1972-05`` or ``1972-05-15``, parsed once.

The atlas records dates at the precision its sources give, so a string like
``"1972"`` means "some time in 1972", not 1 January. Comparing such strings
lexically happens to work for equal precision and silently goes wrong across
precisions, and it cannot answer "was this in force on 1960-06-23?". A
``PartialDate`` knows the span of days it covers; an ``Interval`` answers
the as-of question with one documented rule for open and partial ends.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A year, a month of a year, or a day: the precision the source gives.

    Ordered by the first day covered, ties broken by the last (so
    ``1972-01-01 < 1972-01 < 1972``); equality is field equality, which is
    consistent with that order because (start, end) identifies the value.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range")
        if self.day is not None:
            dt.date(self.year, self.month or 1, self.day)  # raises ValueError for 30 February

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError on anything else."""
        if not isinstance(text, str):
            raise ValueError(f"expected a date string, got {type(text).__name__}")
        m = _DATE_RE.match(text)
        if not m:
            raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g is not None else None for g in m.groups())
        try:
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"date {text!r} is not a real calendar date ({exc})") from None

    @classmethod
    def parse_optional(cls, text: str | None) -> "PartialDate | None":
        """``None`` for an empty or missing value (an open end), else :meth:`parse`."""
        return cls.parse(text) if text else None

    def start(self) -> dt.date:
        """The first day the date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def end(self) -> dt.date:
        """The last day the date covers."""
        if self.day is not None:
            return self.start()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.start(), self.end())

    def __lt__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()


@dataclass(frozen=True)
class Interval:
    """When a record is valid: ``[valid_from.start(), valid_to.start())``.

    Both ends are taken at the *start* of the partial date: ``valid_from`` is
    inclusive, ``valid_to`` exclusive. Something valid to ``1960-06-23`` is
    not valid on that day, because its successor (valid from ``1960-06-23``)
    is; and a predecessor/successor pair that share a partial boundary such
    as ``"1960"`` neither overlap nor leave a gap, whatever the precision.
    The price: a ``valid_to = "1960"`` means "until the start of 1960", so
    data should give the boundary at the precision the successor starts at.
    ``None`` at either end is unbounded.
    """

    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None

    @classmethod
    def parse(cls, valid_from: str | None, valid_to: str | None) -> "Interval":
        """Build from the strings of a record (empty or None = open end)."""
        return cls(PartialDate.parse_optional(valid_from), PartialDate.parse_optional(valid_to))

    def contains(self, as_of: dt.date) -> bool:
        """Whether the record is valid on the day ``as_of``."""
        if self.valid_from is not None and as_of < self.valid_from.start():
            return False
        if self.valid_to is not None and as_of >= self.valid_to.start():
            return False
        return True

    def check_order(self) -> str | None:
        """An error text if the interval is empty (``valid_to`` not after ``valid_from``)."""
        if self.valid_from is None or self.valid_to is None:
            return None
        if self.valid_to.start() <= self.valid_from.start():
            return f"valid_to {self.valid_to} is not after valid_from {self.valid_from}"
        return None


__all__ = ["PartialDate", "Interval"]
