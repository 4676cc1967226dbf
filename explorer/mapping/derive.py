"""What the page needs to draw a state, derived from it without Qt: one function.

A ``MapState`` holds intent (a filter, an as-of date, rings as centre and
range, measure points); the page needs results (which features to show,
ring polygons, labelled measure segments). :func:`page_state` computes them
here, in Python, with the atlas's own query and geodesy, so the window, every
export and the HTML file draw the same thing, and atlas.js never re-implements
a filter or a geodesic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from explorer import i18n
from explorer.atlas.catalog import Catalog
from explorer.i18n import tr
from explorer.mapping.state import MapState
from explorer.mapping.words import date_text


def as_of_date(as_of) -> dt.date | None:
    """The last day a partial date (or its text) covers ("1971" -> 1971-12-31), or None for none."""
    if not as_of:
        return None
    from explorer.atlas.dates import PartialDate

    return (as_of if isinstance(as_of, PartialDate) else PartialDate.parse(as_of)).end()


def visible_ids(catalog: Catalog, state: MapState) -> list[str] | None:
    """The features the filter and as-of date keep, or None when nothing is filtered."""
    if not state.filter and not state.as_of:
        return None
    from explorer.atlas.query import Filter, select

    return list(select(catalog, state.filter or Filter(), state.when))


def ring_shapes(state: MapState) -> list[dict[str, Any]]:
    """User rings as geodesic polygons (split at the antimeridian), with their labels."""
    if not state.rings:
        return []
    from explorer.atlas.coverage import ring_polygon

    out = []
    for r in state.rings:
        try:  # a ring holding both poles has no sensible polygon: it is left out, not fatal
            geometry = ring_polygon(r["lat"], r["lon"], r["km"])
        except ValueError:
            continue
        out.append({"id": r.get("id", ""), "label": r.get("label") or tr("{km} km", km=format(r["km"], ",.0f")),
                    "center": [r["lat"], r["lon"]], "geometry": geometry})
    return out


def measure_line(state: MapState) -> dict[str, Any] | None:
    """The measure tool's points with a label per vertex: segment and running total, geodesic."""
    if not state.measure:
        return None
    from explorer.atlas.coverage import distance

    labels, total = [""], 0.0
    for a, b in zip(state.measure, state.measure[1:]):
        d = distance(a, b)
        total += d.km
        labels.append(tr("{km} km (total {total} km)", km=format(d.km, ",.1f"), total=format(total, ",.1f")))
    return {"points": [list(p) for p in state.measure], "labels": labels, "total_km": total}


def share_chart(catalog: Catalog) -> dict[str, Any] | None:
    """Okinawa's share of the US exclusive-use area (and of Japan's land), computed from the records.

    The national total is MOD's published figure; Okinawa's area is the sum of its
    facilities' own areas, so the bar moves if any of them is wrong.
    """
    from explorer.atlas.figures import okinawa_concentration, share_gap
    from explorer.present.shares import gap_note, rest_words, share_words

    c = okinawa_concentration(catalog)
    if c is None or c.share_pct is None:
        return None
    gap = share_gap(catalog, "Okinawa")
    note = gap_note(gap, "Okinawa")
    sep = "" if i18n.is_japanese() else " "
    return {"title": tr("Okinawa's share of US exclusive-use facility area"),
            "bars": [{"label": tr("Okinawa"), "pct": c.share_pct, "text": share_words(c.share_pct, gap)},
                     {"label": tr("Rest of Japan"), "pct": round(100 - c.share_pct, 2),
                      "text": rest_words(100 - c.share_pct, gap)}],
            "land": (tr("Okinawa is about {pct}% of Japan's land.", pct=format(c.land_share_pct, "g"))
                     if c.land_share_pct else ""),
            "note": (tr("{n} facilities, {km2} km² of {total} km²; computed from the facility areas against MOD's "
                        "national total of {when}.", n=c.okinawa_count, km2=format(c.okinawa_km2, ".1f"),
                        total=format(c.national_km2, "g"), when=date_text(c.as_of))
                     + (f"{sep}{note}" if note else ""))}


def dated_marks(catalog: Catalog, state: MapState, today: dt.date | None = None) -> dict[str, Any] | None:
    """What a past date changes in how facilities are drawn (None at today's map).

    ``usAdmin``: the facilities under US administration on the date (Okinawa before the
    Reversion Agreement entered into force); ``undated``: those whose start date no source
    gives, drawn at every date but marked so; ``cls``: the symbol class of the use and status on
    the date, where the dates say it differs from today's; ``region``: the islands' label (shown while any
    facility is under US administration), and ``legend``/``tips``: the words.
    """
    when = state.when
    if when is None or when >= (today or dt.date.today()):
        return None
    from explorer.atlas import timeline
    from explorer.atlas.records import Base
    from explorer.present import labels

    bases = [f for f in catalog.layer("bases") if isinstance(f, Base)]
    admin = [b for b in bases if timeline.base_regime(catalog, b, when) == "us_administration"]
    undated = [b.id for b in bases if timeline.unknown_start(b)]
    from dataclasses import replace

    from explorer.mapping.style import base_class

    cls = {}
    for b in bases:  # the symbol of the use and status on that date, where they differ from today's
        then = base_class(replace(b, use=timeline.use_on(b, when), status=timeline.status_on(b, when)))
        if then != base_class(b):
            cls[b.id] = then
    rev = timeline.reversion_date(catalog)
    until = date_text(str(rev)) if rev else tr("reversion")
    region = {"label": tr(labels.RYUKYU_LABEL).format(when=until)} if admin else None
    # The presenter's tables may answer in the reader's language already; tr() of a translation is itself.
    return {"usAdmin": [b.id for b in admin], "undated": undated, "region": region, "cls": cls,
            "legend": {k: tr(v).format(when=until) for k, v in labels.DATED_LEGEND.items()},
            "tips": {k: tr(v).format(when=until) for k, v in labels.DATED_TIP.items()}}


def page_state(catalog: Catalog, state: MapState) -> dict[str, Any]:
    """``state.to_json()`` plus what the page draws from it: the one argument of ``apply``."""
    out = state.to_json()
    out["visible"] = visible_ids(catalog, state)
    out["ringShapes"] = ring_shapes(state)
    out["measureLine"] = measure_line(state)
    out["shareChart"] = share_chart(catalog) if state.share_chart else None
    out["dated"] = dated_marks(catalog, state)
    return out


__all__ = ["share_chart", "dated_marks", "page_state", "visible_ids", "ring_shapes", "measure_line", "as_of_date"]
