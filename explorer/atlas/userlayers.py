"""A user's own vector files, read through pyogrio/GDAL into ``UserFeature`` records.

Nothing here parses a format by hand: GeoJSON, GeoPackage, KML/KMZ, Shapefile
(plain or zipped), FlatGeobuf, GPX and CSV all go through GDAL, and every
geometry is reprojected to EPSG:4326 with pyproj. What can go wrong with a
file a user picks is checked before and after GDAL sees it, and each failure
is one :class:`LayerFileError` with a message a user can act on:

* the path: a regular file, of a known extension, under :data:`MAX_FILE_BYTES`;
* archives: no member outside the archive (``../``), no zip bomb;
* the driver GDAL picks must be the one the extension promises (a ``.json``
  that is really a VRT would otherwise read arbitrary files or URLs);
* geometry: empty, NaN and off-Earth coordinates are dropped and counted;
  invalid polygons are repaired with ``make_valid`` and counted;
* a file without a CRS, a GeoPackage with several layers or a CSV whose
  coordinate columns are ambiguous raises :class:`NeedsChoice`, never a guess.

Nothing is written anywhere: archives are read in place through ``/vsizip/``.
KML network links and icon URLs are text to GDAL's KML drivers; nothing is
fetched (a test listens on the link's port to prove it).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from explorer.atlas.records import Feature
from explorer.atlas.usercsv import csv_columns, csv_options, row_problems
from explorer.atlas.userfiles import (FILE_FILTER, FORMATS, MAX_FILE_BYTES, Cancelled, LayerFileError, NeedsChoice,
                                      archive_member, check_path, choose_layer, gdal, gdal_info, gdal_path, geojson_crs,
                                      short_error, links_online, sniff, unreadable)

#: Above this many features, an even sample is drawn (and the user told so).
MAX_FEATURES = 200_000
#: Above this many polygon/line vertices, shapes are simplified for display (and the user told so).
MAX_VERTICES = 1_000_000
#: The id prefix of every user feature; a layer's own prefix is ``user:<layer id>:``.
PREFIX = "user:"

NAME_FIELDS = ("name", "title", "label", "名称", "名前", "site", "place", "description")


@dataclass(frozen=True, kw_only=True)
class UserFeature(Feature):
    """A feature of a user's file: its attributes as read, with nothing sourced by the atlas."""

    props: tuple[tuple[str, Any], ...] = ()
    file: str = ""

    def attributes(self) -> dict[str, Any]:
        return dict(self.props)


@dataclass(frozen=True)
class LoadRequest:
    """What to read and how; the choices a :class:`NeedsChoice` asked for go here.

    Attributes:
        path: the file.
        layer_id: the map layer id (``user-…``); derived from the file name if empty.
        label: what the layer list calls it (default: the file name).
        layer: the GeoPackage/GPX layer to read.
        crs: the CRS to assume for a file that has none (``EPSG:6677``).
        columns: a CSV's coordinates, ``lat,lon`` or ``wkt:COLUMN``.
        name_field: the attribute that names a feature (search, tooltips).
    """

    path: Path
    layer_id: str = ""
    label: str = ""
    layer: str = ""
    crs: str = ""
    columns: str = ""
    name_field: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.layer_id, "label": self.label, "layer": self.layer, "crs": self.crs,
                "columns": self.columns, "name_field": self.name_field}


@dataclass
class Loaded:
    """A file read into records, with everything the app did to it on the way."""

    request: LoadRequest
    features: list[UserFeature]
    fields: tuple[str, ...]
    shape: str  # point | line | area
    crs: str
    total: int
    notes: list[str] = field(default_factory=list)

    @property
    def layer_id(self) -> str:
        return self.request.layer_id

    @property
    def prefix(self) -> str:
        return f"{PREFIX}{self.request.layer_id}:"


Progress = Callable[[int, str], None]


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return (s or "layer")[:40]


def layer_id_for(path: Path, taken: Callable[[str], bool] = lambda _: False) -> str:
    """``user-<file name>``, numbered if that id is taken."""
    base = f"user-{slug(path.stem)}"
    lid, n = base, 2
    while taken(lid):
        lid, n = f"{base}-{n}", n + 1
    return lid


# -- reading --------------------------------------------------------------------------------------

def _source_crs(crs_text: str | None, request: LoadRequest, name: str, csv_latlon: bool) -> tuple[Any, str, str]:
    """The pyproj CRS of the data: the file's own, the user's answer, or a question."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    note = ""
    if crs_text:
        try:
            crs = CRS.from_user_input(crs_text)
        except CRSError:
            raise LayerFileError(f"{name}: its coordinate reference system is not one the app knows") from None
        if request.crs:
            note = f"the file says {crs.to_string()}; that was used, not {request.crs}"
        return crs, crs.to_string(), note
    if csv_latlon:
        return CRS.from_epsg(4326), "EPSG:4326", "latitude/longitude columns read as WGS 84 degrees"
    if not request.crs:
        raise NeedsChoice("crs", f"{name} does not say which coordinate reference system it uses. "
                                 "Which one (an EPSG code, e.g. EPSG:6677)?",
                          ("EPSG:4326", "EPSG:6668", "EPSG:6677", "EPSG:32654", "EPSG:3857"))
    try:
        crs = CRS.from_user_input(request.crs)
    except CRSError:
        raise LayerFileError(f"{request.crs}: not a coordinate reference system the app knows") from None
    return crs, crs.to_string(), f"no CRS in the file; {crs.to_string()} assumed as you chose"


def _value(v: Any) -> Any:
    """An attribute as plain JSON-able data."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, float):
        return None if not math.isfinite(v) else v
    if isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, bytes):
        return v.hex()
    if hasattr(v, "isoformat"):
        try:
            return None if str(v) in ("NaT", "nan") else v.isoformat()
        except ValueError:
            return None
    return str(v)


def _name_field(fields: list[str], wanted: str, frame) -> str:
    if wanted:
        if wanted not in fields:
            raise LayerFileError(f"no field {wanted!r} to name features by (fields: {', '.join(fields[:20])})")
        return wanted
    folded = {f.casefold(): f for f in fields}
    for n in NAME_FIELDS:
        if n in folded and frame[folded[n]].notna().any():
            return folded[n]
    for f in fields:
        if frame[f].dtype == object and frame[f].map(lambda v: isinstance(v, str)).any():
            return f
    return ""


def read_layer(request: LoadRequest, progress: Progress | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> Loaded:
    """Read a file into ``UserFeature`` records in EPSG:4326.

    Raises:
        LayerFileError: the file cannot be used; the message says why.
        NeedsChoice: a layer, CRS or CSV columns must be chosen first.
        Cancelled: ``cancelled()`` became true between steps.
    """
    report = progress or (lambda pct, what: None)

    def step(pct: int, what: str) -> None:
        if cancelled():
            raise Cancelled("cancelled")
        report(pct, what)

    path, ext = check_path(request.path)
    name = path.name
    kind = FORMATS[ext][0]
    step(2, f"Opening {name}…")
    member = archive_member(path, ext) if ext in (".zip", ".kmz") else ""
    if ext == ".zip" and request.layer and not member:
        member = request.layer
    if ext == ".shp" and not (path.with_suffix(".shx").exists() or path.with_suffix(".SHX").exists()):
        raise LayerFileError(f"{name}: the shapefile's .shx file is missing next to it")
    sniff(path, ext, member)
    if ext in (".geojson", ".json"):
        geojson_crs(path)  # a linked or unknown CRS is refused before GDAL sees it
    pyogrio = gdal()
    src = gdal_path(path, ext, member)
    if ext in (".geojson", ".json", ".gpkg", ".csv"):  # the driver named: GDAL tries no other
        src = f"{FORMATS[ext][1][0]}:{src}"
    layer = choose_layer(pyogrio, src, name, kind, ext, request.layer)
    opts: dict[str, str] = {}
    csv_latlon = False
    if ext == ".csv":
        info = gdal_info(pyogrio, src, name, kind, None)
        fields = [str(f) for f in info["fields"]]
        choices = csv_columns(fields)
        columns = request.columns
        if not columns:
            if not choices:
                raise LayerFileError(f"{name}: no latitude/longitude or WKT column found "
                                     f"(columns: {', '.join(fields[:12]) or 'none'})")
            if len(choices) > 1:
                raise NeedsChoice("columns", f"{name}: which columns hold the coordinates?", tuple(choices))
            columns = choices[0]
        opts = csv_options(columns, fields, name)
        csv_latlon = not columns.startswith("wkt:")
        request = LoadRequest(**{**request.__dict__, "columns": columns})
    info = gdal_info(pyogrio, src, name, kind, layer, **opts)
    drivers = FORMATS[ext][1]
    if info.get("driver") not in drivers:
        raise LayerFileError(f"{name}: this is not a {kind} file (GDAL reads it as {info.get('driver')})")
    total = int(info.get("features") or 0)
    if total < 0:
        total = 0
    crs, crs_name, crs_note = _source_crs(info.get("crs"), request, name, csv_latlon)
    step(10, f"Reading {name}…")
    notes: list[str] = [crs_note] if crs_note else []
    try:
        frame = pyogrio.read_dataframe(src, layer=layer, **opts)
    except UnicodeDecodeError:
        try:
            frame = pyogrio.read_dataframe(src, layer=layer, encoding="latin-1", **opts)
        except Exception as exc:  # noqa: BLE001
            raise unreadable(name, kind, exc, src) from None
        notes.append("its text is not UTF-8; attributes were read as Latin-1 and may show wrong characters")
    except MemoryError:
        raise LayerFileError(f"{name}: too large to read into memory") from None
    except Exception as exc:  # noqa: BLE001
        raise unreadable(name, kind, exc, src) from None
    if ext in (".kml", ".kmz") and links_online(path, ext, member):
        notes.append("the KML links to online content (network links or images); it was not fetched")
    step(45, "Checking geometry…")
    rows = ""
    if csv_latlon and _some_unusable(frame.geometry):
        rows = row_problems(path, request.columns, "latin-1" if any("Latin-1" in n for n in notes) else "utf-8")
    return _to_features(frame, request, path, crs, crs_name, notes, step, len(frame), rows)


def _some_unusable(geometry) -> bool:
    """Whether any point is missing, empty or off the Earth (so the rows are read again to say which)."""
    b = geometry.bounds
    off = ~((b.minx >= -180) & (b.maxx <= 180) & (b.miny >= -90) & (b.maxy <= 90))
    return bool((geometry.isna() | geometry.is_empty | off).any())


def _to_features(frame, request: LoadRequest, path: Path, crs, crs_name: str, notes: list[str],
                 step: Callable[[int, str], None], total: int, rows: str = "") -> Loaded:
    """``rows``: a CSV's rows without a usable point, said in the user's words (replaces the counts)."""
    import numpy as np
    import shapely
    from pyproj import CRS, Transformer

    name = path.name
    if total == 0 or "geometry" not in frame:
        raise LayerFileError(f"{name}: the file has no features")
    geoms = np.asarray(frame.geometry.values, dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    empty = int((~keep).sum())
    if keep.any() and not crs.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        step(50, f"Reprojecting from {crs_name}…")
        tr = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

        def fn(xy):
            x, y = tr.transform(xy[:, 0], xy[:, 1], errcheck=False)
            return np.column_stack([x, y])
        try:
            geoms[keep] = shapely.transform(geoms[keep], fn)
        except Exception as exc:  # noqa: BLE001 - pyproj/shapely refusals become one message
            raise LayerFileError(f"{name}: could not reproject from {crs_name} ({short_error(exc)})") from None
    bounds = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        ok = (np.isfinite(bounds).all(axis=1) & (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180)
              & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90))
    # A coordinate NaN anywhere in a shape leaves its bounds finite: check every vertex.
    has_nan = np.zeros(len(geoms), dtype=bool)
    if keep.any():
        coords, idx = shapely.get_coordinates(geoms[keep], return_index=True)
        bad = ~np.isfinite(coords).all(axis=1)
        if bad.any():
            has_nan[np.flatnonzero(keep)[np.unique(idx[bad])]] = True
    off_earth = int((keep & (~ok | has_nan)).sum())
    keep &= ok & ~has_nan
    if rows and not keep.any():
        raise LayerFileError(f"{name}: {rows}")
    if rows:
        notes.append(f"{rows}; left out")
    else:
        if off_earth:
            notes.append(f"{off_earth:,} feature(s) with missing, NaN or off-Earth coordinates were left out")
        if empty:
            notes.append(f"{empty:,} feature(s) without geometry were left out")
    if not keep.any():
        raise LayerFileError(f"{name}: no feature has usable coordinates"
                             + (" (are they in a projected CRS? the file may say the wrong one)" if off_earth else ""))
    step(55, "Repairing geometry…")
    idx = np.flatnonzero(keep)
    if len(idx) > MAX_FEATURES:
        stride = math.ceil(len(idx) / MAX_FEATURES)
        notes.append(f"{len(idx):,} features is more than the {MAX_FEATURES:,} the map draws: an even sample "
                     f"of every {stride}th feature ({len(idx[::stride]):,}) is shown and searchable")
        idx = idx[::stride]
    sub = geoms[idx]
    invalid = ~shapely.is_valid(sub)
    if invalid.any():
        sub[invalid] = shapely.make_valid(sub[invalid])
        notes.append(f"{int(invalid.sum()):,} invalid geometr{'y was' if invalid.sum() == 1 else 'ies were'} "
                     "repaired (make_valid)")
    types = shapely.get_type_id(sub)
    points = np.isin(types, (0, 4))
    shape = "point" if points.mean() >= 0.5 else ("line" if np.isin(types, (1, 2, 5)).mean() >= 0.5 else "area")
    vertices = int(shapely.get_num_coordinates(sub[~points]).sum()) if (~points).any() else 0
    if vertices > MAX_VERTICES:
        tol = 0.0005
        while vertices > MAX_VERTICES and tol < 0.5:
            simpler = shapely.simplify(sub[~points], tol, preserve_topology=True)
            vertices = int(shapely.get_num_coordinates(simpler).sum())
            tol *= 2
        sub[~points] = simpler
        notes.append(f"shapes simplified for display to {vertices:,} vertices (tolerance about "
                     f"{tol / 2 * 111_000:,.0f} m); attributes unchanged")
    attrs = frame.iloc[idx]
    # Columns a driver always offers but this file never fills (LIBKML's "begin", "tessellate"...).
    fields = [str(c) for c in frame.columns if c != "geometry" and attrs[c].notna().any()]
    name_field = _name_field(fields, request.name_field, attrs) if fields else ""
    request = LoadRequest(**{**request.__dict__, "name_field": name_field})
    step(65, "Building features…")
    columns = [attrs[f].to_numpy(dtype=object) for f in fields]
    reps = shapely.point_on_surface(np.where(points, None, sub).astype(object)) if (~points).any() else None
    xy = shapely.get_coordinates(np.where(points, sub, None).astype(object)) if points.any() else None
    pid = 0
    prefix = f"{PREFIX}{request.layer_id}:"
    layer_id = request.layer_id
    file = str(path)
    name_col = fields.index(name_field) if name_field else -1
    out: list[UserFeature] = []
    n = len(sub)
    chunk = max(n // 20, 1)
    for i in range(n):
        if i % chunk == 0 and i:
            step(65 + 30 * i // n, f"Building features… {i:,} of {n:,}")
        props = tuple((f, _value(col[i])) for f, col in zip(fields, columns))
        label = props[name_col][1] if name_col >= 0 else None
        g = sub[i]
        if points[i] and types[i] == 0:
            x, y = float(xy[pid][0]), float(xy[pid][1])
            pid += 1
            geometry: dict[str, Any] = {"type": "Point", "coordinates": [x, y]}
        else:
            if points[i]:  # a MultiPoint: its points were counted in xy too
                pid += int(shapely.get_num_coordinates(g))
            import json

            geometry = json.loads(shapely.to_geojson(g))
            rp = reps[i] if reps is not None and reps[i] is not None else shapely.point_on_surface(g)
            x, y = float(shapely.get_x(rp)), float(shapely.get_y(rp))
        out.append(UserFeature(id=f"{prefix}{int(idx[i])}", layer=layer_id,
                               name=str(label) if label not in (None, "") else f"Feature {int(idx[i]) + 1}",
                               lat=y, lon=x, geometry=geometry, props=props, file=file))
    step(98, "Done reading")
    return Loaded(request, out, tuple(fields), shape, crs_name, total, notes)


# -- the running catalog ----------------------------------------------------------------------------

__all__ = ["UserFeature", "LoadRequest", "Loaded", "NeedsChoice", "LayerFileError", "Cancelled", "read_layer",
           "check_path", "csv_columns", "layer_id_for", "FORMATS", "FILE_FILTER",
           "MAX_FILE_BYTES", "MAX_FEATURES", "MAX_VERTICES", "PREFIX"]
