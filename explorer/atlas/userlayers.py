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
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from explorer.atlas.records import Feature
from explorer.errors import ExplorerError

#: Files larger than this are refused before GDAL opens them.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: An archive may not unpack to more than this, nor compress any member more than MAX_RATIO times.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000
#: Above this many features, an even sample is drawn (and the user told so).
MAX_FEATURES = 200_000
#: Above this many polygon/line vertices, shapes are simplified for display (and the user told so).
MAX_VERTICES = 1_000_000
#: The id prefix of every user feature; a layer's own prefix is ``user:<layer id>:``.
PREFIX = "user:"

#: Extension -> (format name, GDAL drivers that may read it).
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    ".geojson": ("GeoJSON", ("GeoJSON", "GeoJSONSeq")),
    ".json": ("GeoJSON", ("GeoJSON", "GeoJSONSeq")),
    ".gpkg": ("GeoPackage", ("GPKG",)),
    ".kml": ("KML", ("KML", "LIBKML")),
    ".kmz": ("KMZ", ("KML", "LIBKML")),
    ".shp": ("Shapefile", ("ESRI Shapefile",)),
    ".zip": ("zipped Shapefile", ("ESRI Shapefile",)),
    ".fgb": ("FlatGeobuf", ("FlatGeobuf",)),
    ".gpx": ("GPX", ("GPX",)),
    ".csv": ("CSV", ("CSV",)),
}
#: What the open dialog offers.
FILE_FILTER = ("Vector layers (" + " ".join(f"*{e}" for e in FORMATS) + ");;All files (*)")

LAT_NAMES = ("lat", "latitude", "lat_dd", "y_lat", "decimallatitude", "緯度")
LON_NAMES = ("lon", "lng", "long", "longitude", "lon_dd", "x_lon", "decimallongitude", "経度")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "shape", "wkt_geom")
NAME_FIELDS = ("name", "title", "label", "名称", "名前", "site", "place", "description")


class LayerFileError(ExplorerError):
    """A file the user chose cannot be opened as a layer; the message says why."""


class Cancelled(ExplorerError):
    """The user cancelled a load."""


@dataclass(frozen=True)
class NeedsChoice(Exception):
    """The file is readable but something must be chosen first (never guessed).

    ``what`` is ``layer`` (a GeoPackage/GPX layer), ``crs`` (no CRS in the
    file), ``columns`` (CSV coordinate columns: each option is ``lat,lon`` or
    ``wkt:COLUMN``).
    """

    what: str
    question: str
    options: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.question


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


# -- the path and its archive ------------------------------------------------------------------

def check_path(path: Path | str) -> tuple[Path, str]:
    """A readable file of a known kind and size, or LayerFileError; returns it and its extension."""
    path = Path(path)
    name = path.name
    if "://" in str(path) or str(path).startswith("/vsi"):
        raise LayerFileError(f"{name}: only local files can be opened")
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise LayerFileError(f"{name}: not a layer format the app reads "
                             f"(use {', '.join(sorted({f[0] for f in FORMATS.values()}))})")
    try:
        st = path.stat()
    except OSError as exc:
        raise LayerFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if not path.is_file():
        raise LayerFileError(f"{name}: not a file")
    if st.st_size == 0:
        raise LayerFileError(f"{name}: the file is empty")
    if st.st_size > MAX_FILE_BYTES:
        raise LayerFileError(f"{name}: {st.st_size / 2**20:,.0f} MB is more than the "
                             f"{MAX_FILE_BYTES // 2**20} MB the app opens; clip or simplify it first")
    return path, ext


def _archive_member(path: Path, ext: str) -> str:
    """The member of a .zip/.kmz to read, after checking the archive is safe to read."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LayerFileError(f"{name}: not a readable {'KMZ' if ext == '.kmz' else 'zip'} archive ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise LayerFileError(f"{name}: the archive holds {len(infos):,} files; refusing to read it")
    total = 0
    for info in infos:
        p = PurePosixPath(info.filename.replace("\\", "/"))
        if p.is_absolute() or ".." in p.parts or re.match(r"^[A-Za-z]:", info.filename):
            raise LayerFileError(f"{name}: the archive has a file outside itself ({info.filename!r}); "
                                 "refusing to read it")
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise LayerFileError(f"{name}: {info.filename!r} expands {info.file_size / max(info.compress_size, 1):,.0f}"
                                 " times (a zip bomb?); refusing to read it")
    if total > MAX_UNZIPPED_BYTES:
        raise LayerFileError(f"{name}: the archive unpacks to {total / 2**20:,.0f} MB, more than the "
                             f"{MAX_UNZIPPED_BYTES // 2**20} MB the app opens")
    files = [i.filename for i in infos if not i.is_dir()]
    want = (".kml",) if ext == ".kmz" else (".shp",)
    found = [f for f in files if f.lower().endswith(want)]
    if ext == ".kmz":
        found.sort(key=lambda f: (PurePosixPath(f).name.lower() != "doc.kml", f))
    if not found:
        raise LayerFileError(f"{name}: the archive has no {want[0]} file in it")
    if ext == ".zip" and len(found) > 1:
        raise NeedsChoice("layer", f"{name} holds several shapefiles. Which one?", tuple(found))
    return found[0]


def _links_online(path: Path, ext: str, member: str) -> bool:
    """Whether a KML refers to anything on the web (only said, never fetched)."""
    try:
        if ext == ".kmz":
            with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
                head = fh.read(8 * 1024 * 1024)
        else:
            with open(path, "rb") as fh:
                head = fh.read(8 * 1024 * 1024)
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return b"<NetworkLink" in head or re.search(rb"<href>\s*(https?|ftp)://", head) is not None


def gdal_path(path: Path, ext: str, member: str = "") -> str:
    """What GDAL opens: the file, or a member of an archive read in place (``/vsizip/``)."""
    if ext in (".zip", ".kmz"):
        return f"/vsizip/{path.resolve()}/{member}"
    return str(path)


# -- asking GDAL --------------------------------------------------------------------------------

def _gdal():
    import pyogrio

    # No network from a user's file, whatever it links to.
    pyogrio.set_gdal_config_options({"GDAL_HTTP_MAX_RETRY": "0", "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": "none"})
    return pyogrio


def _short(exc: BaseException) -> str:
    """GDAL's message, cut to what a user can read: no paths, no hints about driver prefixes."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "not recognized as being in a supported file format" in text:
        return "the content is not in this format"
    text = re.sub(r"'?(/vsizip/)?/[^ ']*'?", "the file", text).split("; It might help")[0]
    return text[:160]


def _info(pyogrio, src: str, name: str, kind: str, layer: str | None, **opts) -> dict[str, Any]:
    from pyogrio.errors import CRSError

    try:
        return pyogrio.read_info(src, layer=layer, **opts)
    except CRSError:
        raise LayerFileError(f"{name}: its coordinate reference system is not one the app knows") from None
    except Exception as exc:  # noqa: BLE001 - GDAL's many error types all mean "not readable as this format"
        raise LayerFileError(f"{name}: not a readable {kind} file ({_short(exc)})") from None


#: GDAL drivers that read other files or URLs named inside a file: refused whatever the extension.
_INDIRECT = (b"<ogrvrtdatasource", b"<vrtdataset", b"<ogrwfsdatasource", b"<wfs_gdal")


def _sniff(path: Path, ext: str, member: str) -> None:
    """Refuse a file whose content would make GDAL open something else (a VRT naming /etc/passwd or a URL)."""
    try:
        if ext in (".zip", ".kmz"):
            with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
                head = fh.read(65536)
        else:
            with open(path, "rb") as fh:
                head = fh.read(65536)
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise LayerFileError(f"{path.name}: cannot be read ({exc})") from None
    low = head.lower()
    if any(tag in low for tag in _INDIRECT):
        raise LayerFileError(f"{path.name}: this is a GDAL virtual file that points at other data; "
                             "the app does not follow it")


def _layers(pyogrio, src: str, name: str, kind: str) -> list[str]:
    try:
        rows = pyogrio.list_layers(src)
    except Exception as exc:  # noqa: BLE001
        raise LayerFileError(f"{name}: not a readable {kind} file ({_short(exc)})") from None
    return [str(r[0]) for r in rows if r[1] is not None]


def _choose_layer(pyogrio, src: str, name: str, kind: str, ext: str, wanted: str) -> str | None:
    if ext not in (".gpkg", ".gpx"):
        return None
    layers = _layers(pyogrio, src, name, kind)
    if ext == ".gpx":
        layers = [lyr for lyr in layers if _info(pyogrio, src, name, kind, lyr).get("features", 0) > 0]
    if not layers:
        raise LayerFileError(f"{name}: the {kind} has no layer with geometry")
    if wanted:
        if wanted not in layers:
            raise LayerFileError(f"{name}: no layer {wanted!r} (it has {', '.join(layers)})")
        return wanted
    if len(layers) > 1:
        raise NeedsChoice("layer", f"{name} has {len(layers)} layers. Which one?", tuple(layers))
    return layers[0]


def csv_columns(fields: list[str]) -> list[str]:
    """The coordinate choices a CSV offers: ``lat,lon`` pairs by common names and ``wkt:COLUMN``."""
    folded = {f: f.strip().casefold() for f in fields}
    lats = [f for f in fields if folded[f] in LAT_NAMES]
    lons = [f for f in fields if folded[f] in LON_NAMES]
    if not lats and not lons:  # x/y only as a last resort, and only as a pair
        lats = [f for f in fields if folded[f] == "y"]
        lons = [f for f in fields if folded[f] == "x"]
    pairs = [f"{a},{o}" for a in lats for o in lons]
    wkts = [f"wkt:{f}" for f in fields if folded[f] in WKT_NAMES]
    return pairs + wkts


def _csv_options(columns: str, fields: list[str], name: str) -> dict[str, str]:
    if columns.startswith("wkt:"):
        col = columns[4:]
        if col not in fields:
            raise LayerFileError(f"{name}: no column {col!r}")
        return {"GEOM_POSSIBLE_NAMES": col, "KEEP_GEOM_COLUMNS": "NO"}
    lat, _, lon = columns.partition(",")
    if lat not in fields or lon not in fields:
        raise LayerFileError(f"{name}: no columns {lat!r} and {lon!r}")
    return {"X_POSSIBLE_NAMES": lon, "Y_POSSIBLE_NAMES": lat, "KEEP_GEOM_COLUMNS": "NO"}


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
    member = _archive_member(path, ext) if ext in (".zip", ".kmz") else ""
    if ext == ".zip" and request.layer and not member:
        member = request.layer
    if ext == ".shp" and not (path.with_suffix(".shx").exists() or path.with_suffix(".SHX").exists()):
        raise LayerFileError(f"{name}: the shapefile's .shx file is missing next to it")
    _sniff(path, ext, member)
    pyogrio = _gdal()
    src = gdal_path(path, ext, member)
    if ext in (".geojson", ".json", ".gpkg", ".csv"):  # the driver named: GDAL tries no other
        src = f"{FORMATS[ext][1][0]}:{src}"
    layer = _choose_layer(pyogrio, src, name, kind, ext, request.layer)
    opts: dict[str, str] = {}
    csv_latlon = False
    if ext == ".csv":
        info = _info(pyogrio, src, name, kind, None)
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
        opts = _csv_options(columns, fields, name)
        csv_latlon = not columns.startswith("wkt:")
        request = LoadRequest(**{**request.__dict__, "columns": columns})
    info = _info(pyogrio, src, name, kind, layer, **opts)
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
            raise LayerFileError(f"{name}: not a readable {kind} file ({_short(exc)})") from None
        notes.append("its text is not UTF-8; attributes were read as Latin-1 and may show wrong characters")
    except MemoryError:
        raise LayerFileError(f"{name}: too large to read into memory") from None
    except Exception as exc:  # noqa: BLE001
        raise LayerFileError(f"{name}: not a readable {kind} file ({_short(exc)})") from None
    if ext in (".kml", ".kmz") and _links_online(path, ext, member):
        notes.append("the KML links to online content (network links or images); it was not fetched")
    step(45, "Checking geometry…")
    return _to_features(frame, request, path, crs, crs_name, notes, step, len(frame))


def _to_features(frame, request: LoadRequest, path: Path, crs, crs_name: str, notes: list[str],
                 step: Callable[[int, str], None], total: int) -> Loaded:
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
            raise LayerFileError(f"{name}: could not reproject from {crs_name} ({_short(exc)})") from None
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

def attach(catalog, loaded: Loaded) -> None:
    """Add a loaded layer's features to a running catalog (clicks, search, the panel, exports)."""
    clash = [f.id for f in loaded.features[:1] if f.id in catalog.features]
    if clash:
        raise LayerFileError(f"a layer with id {loaded.layer_id!r} is already open")
    for f in loaded.features:
        catalog.features[f.id] = f


def detach(catalog, layer_id: str) -> int:
    """Remove a user layer's features from a catalog; returns how many went."""
    prefix = f"{PREFIX}{layer_id}:"
    gone = [fid for fid in catalog.features if fid.startswith(prefix)]
    for fid in gone:
        del catalog.features[fid]
    return len(gone)


__all__ = ["UserFeature", "LoadRequest", "Loaded", "NeedsChoice", "LayerFileError", "Cancelled", "read_layer",
           "check_path", "csv_columns", "attach", "detach", "layer_id_for", "FORMATS", "FILE_FILTER",
           "MAX_FILE_BYTES", "MAX_FEATURES", "MAX_VERTICES", "PREFIX"]
