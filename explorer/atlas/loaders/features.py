"""Bases, towns and threat vectors: the point and line features of the atlas."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from explorer.atlas import geodesy
from explorer.atlas.loaders.checks import BASE_STATUSES, THREAT_KINDS, _short
from explorer.atlas.loaders.geometry import _geometry_ok, _point_of
from explorer.atlas.loaders.reader import Reader
from explorer.atlas.records import (
    BASE_USES,
    Base,
    Claimant,
    Place,
    Threat,
)


def _common(reader: Reader, raw: dict, path: Path, rid: str, default_from: str = "") -> dict[str, Any]:
    return {
        **reader.validity(raw, path, rid, default_from),
        "valid_from_note": reader.text(raw, "valid_from_note", path, rid),
        "valid_to_note": reader.text(raw, "valid_to_note", path, rid),
        "id": rid,
        "name": reader.text(raw, "name", path, rid, required=True),
        "name_ja": reader.text(raw, "name_ja", path, rid),
        "provisions": reader.ids(raw, "provisions", path, rid),
        "invokes": reader.ids(raw, "invokes", path, rid),
        "controversies": reader.ids(raw, "controversies", path, rid),
        "sources": reader.sources(raw, path, rid),
        "note": reader.text(raw, "note", path, rid),
    }


def load_bases(reader: Reader) -> list[Base]:
    out: list[Base] = []
    paths = sorted((reader.root / "bases").glob("*.geojson"))
    if not paths:
        reader.problem(reader.root / "bases", "", "", "no bases/*.geojson file")
    for path in paths:
        for i, feat in enumerate(reader.features_of(path)):
            raw = (feat or {}).get("properties") or {}
            rid = reader.record_id(raw, path, "base:", i)
            geometry = (feat or {}).get("geometry")
            if not rid or not reader.claim(path, rid) or not _geometry_ok(reader, path, rid, geometry, ["Point"]):
                continue
            lon, lat = _point_of(geometry)
            status = reader.text(raw, "status", path, rid) or "active"
            if status not in BASE_STATUSES:
                reader.problem(path, rid, "status", f"status must be one of {', '.join(BASE_STATUSES)}")
            year = reader.number(raw, "status_year", path, rid)
            if "exclusive_use" in raw:
                reader.problem(path, rid, "exclusive_use", "exclusive_use was replaced by use "
                               f"(one of {', '.join(BASE_USES)})")
            use = raw.get("use")
            if not isinstance(use, str) or use not in BASE_USES:
                reader.problem(path, rid, "use", f"use must be one of {', '.join(BASE_USES)}, not {use!r}")
                use = use if isinstance(use, str) else ""
            elif (use == "returned") != (status == "returned"):
                reader.problem(path, rid, "use", f"use {use!r} does not agree with status {status!r}")
            country = reader.text(raw, "country", path, rid) or "JPN"
            if (country == "KOR") != (use == "rok_sofa") or country not in ("JPN", "KOR"):
                reader.problem(path, rid, "country", "country is JPN (the default) for a facility in Japan, or KOR "
                               f"with use 'rok_sofa' for one of US Forces Korea's; got {country!r} with use {use!r}")
            before = reader.text(raw, "use_before_return", path, rid)
            if before and (before not in BASE_USES or before == "returned" or use != "returned"):
                reader.problem(path, rid, "use_before_return",
                               "use_before_return is for returned bases: one of us, us_sdf_joint, sdf_temporary_us")
            precision = raw.get("position_precision_m")
            if precision is not None and (isinstance(precision, bool) or not isinstance(precision, int)
                                          or precision <= 0):
                reader.problem(path, rid, "position_precision_m", "expected a positive whole number of metres")
                precision = None
            out.append(
                Base(
                    **_common(reader, raw, path, rid),
                    layer="bases",
                    lat=lat,
                    lon=lon,
                    geometry=geometry,
                    service=reader.text(raw, "service", path, rid, required=True),
                    country=country,
                    prefecture=reader.text(raw, "prefecture", path, rid, required=country == "JPN"),
                    municipality=reader.text(raw, "municipality", path, rid),
                    island=reader.text(raw, "island", path, rid),
                    use=use,
                    use_before_return=before,
                    area_km2=reader.number(raw, "area_km2", path, rid),
                    area_as_of=reader.date(raw, "area_as_of", path, rid),
                    status=status,
                    status_year=int(year) if year is not None else None,
                    status_note=reader.text(raw, "status_note", path, rid),
                    units=reader.text(raw, "units", path, rid),
                    units_as_of=reader.date(raw, "units_as_of", path, rid),
                    position_source=reader.source_ref(raw, "position_source", path, rid),
                    position_precision_m=precision,
                    coast_exempt=reader.text(raw, "coast_exempt", path, rid),
                )
            )
    return out


def load_places(reader: Reader) -> list[Place]:
    """Towns and cities for orientation (``places/*.geojson``, optional): name, point, population."""
    out: list[Place] = []
    for path in sorted((reader.root / "places").glob("*.geojson")) if (reader.root / "places").is_dir() else []:
        for i, feat in enumerate(reader.features_of(path)):
            raw = (feat or {}).get("properties") or {}
            rid = reader.record_id(raw, path, "place:", i)
            geometry = (feat or {}).get("geometry")
            if not rid or not reader.claim(path, rid) or not _geometry_ok(reader, path, rid, geometry, ["Point"]):
                continue
            lon, lat = _point_of(geometry)
            pop = reader.number(raw, "population", path, rid)
            out.append(Place(**_common(reader, raw, path, rid), layer="places", lat=lat, lon=lon, geometry=geometry,
                             country=reader.text(raw, "country", path, rid),
                             population=int(pop) if pop is not None else 0))
    return out


#: No point on Earth is farther than half the equator from another: π × 6,378.137 km (WGS 84's semi-major axis).
MAX_RANGE_KM = 20_037.5


def _range(reader: Reader, raw: dict, path: Path, rid: str) -> tuple[float, ...]:
    value = raw.get("range_km")
    if value is None or value == "":
        return ()
    values = value if isinstance(value, list) and 1 <= len(value) <= 2 else [value]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        reader.problem(path, rid, "range_km", f"expected a number or [min, max], got {_short(value)}")
        return ()
    if not all(math.isfinite(v) and 0 < v <= MAX_RANGE_KM for v in values):
        reader.problem(path, rid, "range_km", f"a range must be more than 0 and at most {MAX_RANGE_KM:,} km "
                                              f"(half the Earth's circumference), got {_short(value)}")
        return ()
    return tuple(sorted(float(v) for v in values))


_THREAT_GEOMETRY = {
    "overflight": ["LineString"],
    "missile_range": ["Point"],
    "island_chain": ["LineString", "MultiLineString"],
    "disputed_territory": ["Point", "Polygon", "MultiPolygon", "MultiPoint"],
    "maritime_pressure": ["Point", "Polygon", "MultiPolygon"],
    "eez_impact": ["Point"],
}


def load_threats(reader: Reader) -> list[Threat]:
    path = reader.root / "threats.geojson"
    out: list[Threat] = []
    for i, feat in enumerate(reader.features_of(path)):
        raw = (feat or {}).get("properties") or {}
        rid = reader.record_id(raw, path, "threat:", i)
        if not rid or not reader.claim(path, rid):
            continue
        kind = reader.text(raw, "kind", path, rid, required=True)
        if kind not in THREAT_KINDS:
            reader.problem(path, rid, "kind", f"kind must be one of {', '.join(THREAT_KINDS)}")
            continue
        geometry = (feat or {}).get("geometry")
        if not _geometry_ok(reader, path, rid, geometry, _THREAT_GEOMETRY[kind]):
            continue
        rng = _range(reader, raw, path, rid)
        lon, lat = _point_of(geometry)
        drawn = geometry
        if kind == "overflight":
            drawn = geodesy.track_geometry(geometry["coordinates"])
        elif kind == "missile_range":
            if not rng:
                reader.problem(path, rid, "range_km", "a missile range needs range_km")
                continue
            drawn = geodesy.range_geometry((lon, lat), rng)
        claimants = []
        for c in reader.items(raw, "claimants", path, rid):
            if isinstance(c, dict) and c.get("state") and c.get("name"):
                claimants.append(Claimant(str(c["state"]), str(c["name"])))
            else:
                reader.problem(path, rid, "claimants", f"bad claimant {_short(c)}")
        date = reader.date(raw, "date", path, rid)
        period = reader.text(raw, "period", path, rid)
        if not (date or period):
            reader.problem(path, rid, "date", "a threat needs a date or a period")
        out.append(
            Threat(
                **_common(reader, raw, path, rid, default_from=date),
                layer="threats",
                lat=lat,
                lon=lon,
                geometry=drawn,
                threat_kind=kind,
                date=date,
                period=period,
                actor=reader.text(raw, "actor", path, rid),
                description=reader.text(raw, "description", path, rid, required=True),
                system=reader.text(raw, "system", path, rid),
                apogee_km=reader.number(raw, "apogee_km", path, rid),
                range_km=rng,
                response=reader.text(raw, "response", path, rid),
                reference_point=reader.text(raw, "reference_point", path, rid),
                band_sources=reader.text(raw, "band_sources", path, rid),
                claimants=tuple(claimants),
            )
        )
    return out
