"""Opinion on the alliance as the atlas records it: dated, sourced points, grouped into series.

Each figure ``figure:opinion-<series>-<date>`` is one pollster's answer to one
question at one date. A series is the figures that share ``<series>``: the
same pollster and question. Points of different series are never joined, and
no value between two points of one series is implied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.atlas.catalog import Catalog
from explorer.atlas.dates import PartialDate
from explorer.atlas.records import Figure

PREFIX = "figure:opinion-"
_DATED = re.compile(r"^(?P<series>.+?)-(?P<year>\d{4})(?:-\d{2})?$")


@dataclass(frozen=True)
class Point:
    when: PartialDate
    value: float
    figure: Figure


@dataclass(frozen=True)
class Series:
    """One pollster's answers to one question over time, oldest first."""

    key: str
    label: str
    points: tuple[Point, ...]

    @property
    def okinawa(self) -> bool:
        """Asked in Okinawa (as against nationwide)."""
        return self.key.startswith("okinawa-")


def opinion_series(catalog: Catalog) -> list[Series]:
    """Every opinion series with its sourced, dated points; series in key order."""
    groups: dict[str, list[Point]] = {}
    labels: dict[str, str] = {}
    for fid, g in catalog.figures.items():
        if not fid.startswith(PREFIX) or not g.as_of or not g.sources:
            continue
        m = _DATED.match(fid[len(PREFIX):])
        if not m:
            continue
        try:
            when = PartialDate.parse(g.as_of)
        except ValueError:
            continue
        groups.setdefault(m["series"], []).append(Point(when, g.value, g))
        labels.setdefault(m["series"], g.label)
    return [Series(key, labels[key], tuple(sorted(pts, key=lambda p: p.when))) for key, pts in sorted(groups.items())]


__all__ = ["opinion_series", "Series", "Point", "PREFIX"]
