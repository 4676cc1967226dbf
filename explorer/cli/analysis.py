"""``coverage`` and ``distance``: the reach questions of issue 11, from the shell.

Kept out of ``cli.py`` so that module stays the short list of core commands;
``cli.build_parser`` calls :func:`add_parsers`. Nothing here imports Qt, and
the catalog is loaded exactly as the other commands load it (``store.catalog_for``).

    alliance-explorer coverage --threat threat:range-nodong --csv
    alliance-explorer coverage --origin 39.0,125.7 --range 1300 --json
    alliance-explorer distance base:kadena 25.05306,121.52639

A coordinate is ``LAT,LON`` in decimal degrees; one starting with a minus
sign must come after ``--`` (``distance base:kadena -- -33.86,151.21``) or be
attached to its option (``--origin=-33.86,151.21``).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from typing import Any

from explorer.errors import ExplorerError, UnknownFeatureError
from explorer.i18n import tr


class AnalysisError(ExplorerError):
    """A coverage or distance request that cannot be answered as given."""


def parse_latlon(text: str) -> tuple[float, float]:
    """``"LAT,LON"`` in decimal degrees, range-checked; AnalysisError otherwise."""
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise AnalysisError(tr("{text} is not LAT,LON (decimal degrees, e.g. 26.35,127.77)", text=repr(text))) from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise AnalysisError(tr("{text} is out of range: latitude -90..90, longitude -180..180", text=repr(text)))
    return lat, lon


def _place(catalog: Any, text: str) -> tuple[str, float, float]:
    """A feature id or ``LAT,LON`` as (label, lat, lon)."""
    if ":" in text and "," not in text:
        f = catalog.feature(text)  # UnknownFeatureError with a hint
        return f.id, f.lat, f.lon
    lat, lon = parse_latlon(text)
    return f"{lat},{lon}", lat, lon


def _ring(catalog: Any, args: argparse.Namespace):
    from explorer.atlas import coverage as cv

    if args.threat and (args.origin or args.range is not None):
        raise AnalysisError(tr("give either --threat or --origin/--range, not both"))
    if args.threat:
        for ring in cv.rings_from_catalog(catalog):
            if ring.id == args.threat:
                return ring
        f = catalog.feature(args.threat)  # unknown id: UnknownFeatureError
        raise UnknownFeatureError(tr("{id} is not a missile range; try 'alliance-explorer list --layer threats'",
                                     id=f.id))
    if not args.origin or args.range is None:
        raise AnalysisError(tr("give --threat ID, or --origin LAT,LON and --range KM"))
    if not (math.isfinite(args.range) and args.range > 0):
        raise AnalysisError(tr("--range must be a positive number of km, got {km}", km=f"{args.range:g}"))
    points = [parse_latlon(o) for o in args.origin]
    origins = cv.densify(points, step_km=10.0, closed=len(points) > 2) if len(points) > 1 else tuple(points)
    label = " / ".join(args.origin)
    return cv.Ring(id="custom", label=tr("{km} km from {place}", km=f"{args.range:g}", place=label), origins=origins,
                   range_km=args.range)


def coverage_json(cov: Any, note: str = "") -> dict[str, Any]:
    """The ``coverage --json`` document; ``note`` says why the share is a lower bound."""
    fig = cov.figures
    return {
        "ring": {"id": cov.ring.id, "label": cov.ring.label, "range_km": cov.ring.range_km,
                 "origins": [list(o) for o in cov.ring.origins], "sources": list(cov.ring.sources),
                 "date": cov.ring.date or None},
        "count": cov.count,
        "area_km2": fig.area_km2,
        "area_missing": fig.area_missing,
        "exclusive_km2": fig.exclusive_km2,
        "share_pct": fig.share_pct,
        "share_is_lower_bound": bool(note) if fig.share_pct is not None else None,
        "lower_bound": (note or None) if fig.share_pct is not None else None,
        "as_of": str(fig.as_of) if fig.as_of else None,
        "bases": [{"id": c.id, "name": c.name, "distance_km": round(c.distance_km, 3),
                   "margin_km": round(c.margin_km, 3)} for c in cov.bases],
    }


def cmd_coverage(args: argparse.Namespace) -> int:
    from explorer.atlas import coverage as cv
    from explorer.store import catalog_for

    catalog = catalog_for(args.data, args.no_cache)
    from explorer.atlas.figures import share_gap
    from explorer.present.shares import gap_note, share_words

    cov = cv.coverage(catalog, _ring(catalog, args))
    gap = share_gap(catalog)
    if args.json:
        json.dump(coverage_json(cov, gap_note(gap)), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["id", "name", "distance_km", "margin_km", "area_km2"])
        for c in cov.bases:
            area = catalog.features[c.id].area_km2
            w.writerow([c.id, c.name, f"{c.distance_km:.3f}", f"{c.margin_km:.3f}", "" if area is None else area])
    else:
        from explorer.cli.text import safe
        from explorer.present import localize
        from explorer.present.dossier import day

        fig = cov.figures
        threat = catalog.features.get(cov.ring.id)
        label = localize.name(threat) if threat is not None else cov.ring.label
        print(safe(f"{label}: {cov.ring.range_km:,.0f} km"))
        print("  " + tr("{n} base(s) within range, {area} km² ({missing} without an area)", n=cov.count,
                        area=f"{fig.area_km2:g}", missing=fig.area_missing))
        if fig.share_pct is not None:
            print("  " + tr("{share} of the national exclusive-use area (as of {date})",
                            share=share_words(fig.share_pct, gap, 2), date=day(fig.as_of)))
            if gap_note(gap):
                print(f"  {gap_note(gap)}")
        for c in cov.bases:
            margin = tr("margin {km} km", km=f"{c.margin_km:8,.1f}")
            print(safe(f"  {c.id:32} {c.distance_km:9,.1f} km  {margin}  {localize.name(catalog.features[c.id])}"))
    return 0


def cmd_distance(args: argparse.Namespace) -> int:
    from explorer.atlas import coverage as cv
    from explorer.store import catalog_for

    catalog = catalog_for(args.data, args.no_cache) if any(":" in p and "," not in p for p in (args.a, args.b)) else None
    a = _place(catalog, args.a)
    b = _place(catalog, args.b)
    d = cv.distance((a[1], a[2]), (b[1], b[2]))
    if args.json:
        json.dump({"from": {"id": a[0], "lat": a[1], "lon": a[2]}, "to": {"id": b[0], "lat": b[1], "lon": b[2]},
                   "km": d.km, "nmi": d.nmi, "mi": d.mi, "bearing_deg": d.bearing_deg}, sys.stdout, indent=1)
        print()
    else:
        print(tr("{a} -> {b}: {km} km, {nmi} nmi, {mi} mi, initial bearing {bearing}°", a=a[0], b=b[0],
                 km=f"{d.km:,.3f}", nmi=f"{d.nmi:,.2f}", mi=f"{d.mi:,.2f}", bearing=f"{d.bearing_deg:.1f}"))
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``coverage`` and ``distance`` to the CLI's sub-command parsers."""
    from explorer.cli.examples import help_kwargs

    sp = sub.add_parser("coverage", help="which bases a missile range (or any range) reaches", **help_kwargs("coverage"))
    sp.add_argument("--threat", metavar="ID", help="id of a published missile_range threat, e.g. threat:range-nodong (required, unless --origin)")
    sp.add_argument("--origin", action="append", metavar="LAT,LON",
                    help="reference point in decimal degrees; repeat for the vertices of an origin area "
                         "(required, unless --threat)")
    sp.add_argument("--range", type=float, metavar="KM", help="range in km (required with --origin)")
    fmt = sp.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON document (default: text)")
    fmt.add_argument("--csv", action="store_true", help="CSV with a header row (default: text)")
    sp.set_defaults(func=cmd_coverage)

    sp = sub.add_parser("distance", help="geodesic distance and bearing between two places", **help_kwargs("distance"))
    sp.add_argument("a", help="a feature id or LAT,LON in decimal degrees")
    sp.add_argument("b", help="a feature id or LAT,LON in decimal degrees")
    sp.add_argument("--json", action="store_true", help="one JSON document (default: text)")
    sp.set_defaults(func=cmd_distance)
