"""A user's file before GDAL reads it: what it may be, and how GDAL is asked about it.

Everything a hostile or broken file could do is checked here, before and
while GDAL opens it: a regular file of a known extension and size, archive
members that stay inside the archive and do not unpack into a bomb, a driver
that matches the extension (a ``.json`` that is really a VRT would otherwise
read arbitrary files or URLs), and no network access by any driver. The
readers in :mod:`explorer.atlas.userlayers` build on these.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from explorer.errors import ExplorerError

#: Files larger than this are refused before GDAL opens them.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: An archive may not unpack to more than this, nor compress any member more than MAX_RATIO times.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000
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


def archive_member(path: Path, ext: str) -> str:
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


def links_online(path: Path, ext: str, member: str) -> bool:
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

#: Where GDAL's HTTP client is sent instead of anywhere a file names: a closed local port, so any
#: request it tries fails at once and no packet leaves the machine.
_NOWHERE = "127.0.0.1:1"
#: GDAL configuration that keeps every driver off the network: every HTTP(S) request goes to
#: a closed port with no retry, and /vsicurl/ opens nothing.
GDAL_OFFLINE = {"GDAL_HTTP_PROXY": _NOWHERE, "GDAL_HTTPS_PROXY": _NOWHERE, "GDAL_HTTP_MAX_RETRY": "0",
                "GDAL_HTTP_TIMEOUT": "1", "GDAL_HTTP_CONNECTTIMEOUT": "1", "GDAL_HTTP_NETRC": "NO",
                "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": "none", "CPL_VSIL_CURL_ALLOWED_FILENAME": "none"}
#: A GeoJSON feature may be as large as the file cap allows: GDAL's default refuses a polygon of a
#: few million vertices ("object too complex"), which the reader then simplifies for display.
GDAL_LIMITS = {"OGR_GEOJSON_MAX_OBJ_SIZE": "0"}
_offline_done = False


def offline_env() -> None:
    """The environment half of :func:`offline`; the CLI calls it first, before any thread starts."""
    os.environ["PROJ_NETWORK"] = "OFF"
    for var in ("no_proxy", "NO_PROXY"):
        os.environ.pop(var, None)


def offline() -> None:
    """Make GDAL and PROJ unable to fetch anything a data file names; call before either is used.

    PROJ: ``PROJ_NETWORK=OFF`` (its own and GDAL's copy) and pyproj's switch, so no
    transformation grid is downloaded. GDAL has no switch for its HTTP client, so every
    request goes through a proxy that does not exist; ``no_proxy`` is dropped because
    curl would otherwise let listed hosts bypass that proxy. The app itself fetches
    nothing, so neither loss matters to it.
    """
    global _offline_done
    if os.environ.get("PROJ_NETWORK") != "OFF" or "no_proxy" in os.environ or "NO_PROXY" in os.environ:
        offline_env()  # normally done at start; checked on every use in case something set it since
    if _offline_done:
        return
    _offline_done = True
    import pyogrio
    import pyproj.network

    pyproj.network.set_network_enabled(False)
    pyogrio.set_gdal_config_options({**GDAL_OFFLINE, **GDAL_LIMITS})


def gdal():
    offline()
    import pyogrio

    return pyogrio


def short_error(exc: BaseException) -> str:
    """GDAL's message, cut to what a user can read: no paths, no hints about configuration options."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "not recognized as being in a supported file format" in text:
        return "the content is not in this format"
    text = re.sub(r"'?(/vsizip/)?/[^ ']*'?", "the file", text)
    text = re.split(r"\s*(?:; )?(?:It might help|You may define)", text)[0]
    return text[:160]


#: GDAL's words -> the user's, by format (None: any); the first match wins.
_PLAIN: tuple[tuple[str | None, str, str], ...] = (
    ("GeoPackage", r"sqlite|not a database|malformed|disk image", "not a GeoPackage, or damaged"),
    (None, r"not recognized as being in a supported file format", "not a {kind} file (its content is something else)"),
    ("GeoJSON", r"At line (\d+), character (\d+): (.+)", "not valid GeoJSON: line {0}, character {1}: {2}"),
    ("GeoJSON", r"Failed to read GeoJSON data", "not a GeoJSON file (its content is something else)"),
    (None, r"not well-formed|parsing kml|XML", "not a {kind} file (not well-formed XML)"),
    (None, r"out of bounds|truncated|unexpected end|short read|corrupt", "damaged or cut short"),
)


def unreadable(name: str, kind: str, exc: BaseException, src: str = "") -> LayerFileError:
    """One message for a file GDAL could not read, in the user's words where GDAL's are technical."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    for part in {src, src.partition(":")[2]} - {""}:
        text = text.replace(part, "the file")
    for fmt, pattern, words in _PLAIN:
        if fmt not in (None, kind):
            continue
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return LayerFileError(f"{name}: " + words.format(*(g.strip()[:80] for g in m.groups()), kind=kind))
    return LayerFileError(f"{name}: not a readable {kind} file ({short_error(exc)})")


def gdal_info(pyogrio, src: str, name: str, kind: str, layer: str | None, **opts) -> dict[str, Any]:
    from pyogrio.errors import CRSError

    try:
        return pyogrio.read_info(src, layer=layer, **opts)
    except CRSError:
        raise LayerFileError(f"{name}: its coordinate reference system is not one the app knows") from None
    except Exception as exc:  # noqa: BLE001 - GDAL's many error types all mean "not readable as this format"
        raise unreadable(name, kind, exc, src) from None


#: GDAL drivers that read other files or URLs named inside a file: refused whatever the extension.
_INDIRECT = (b"<ogrvrtdatasource", b"<vrtdataset", b"<ogrwfsdatasource", b"<wfs_gdal")


def sniff(path: Path, ext: str, member: str) -> None:
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


#: An ASCII letter written as a JSON escape (``\\u0063rs``): a key could hide behind it.
_ASCII_ESCAPE = re.compile(rb"\\u00[2-7][0-9a-fA-F]")


def geojson_crs(path: Path) -> str | None:
    """The CRS a GeoJSON file names in its old-style ``crs`` member, checked before GDAL reads it.

    GDAL would fetch a linked CRS (``"type": "link"``) from its URL, and reads a name it does not
    know as WGS 84; both are refused here, with one message. None when the file names no CRS.
    """
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LayerFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if b'"crs"' not in data and not _ASCII_ESCAPE.search(data):
        return None
    try:
        doc = json.loads(data.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        raise LayerFileError(f"{name}: not valid JSON (line {getattr(exc, 'lineno', '?')}: "
                             f"{getattr(exc, 'msg', exc)})") from None
    except RecursionError:
        raise LayerFileError(f"{name}: the JSON is nested too deeply") from None
    crs = doc.get("crs") if isinstance(doc, dict) else None
    if crs is None:
        return None
    kind = str(crs.get("type", "")).casefold() if isinstance(crs, dict) else ""
    props = crs.get("properties") if isinstance(crs, dict) else None
    props = props if isinstance(props, dict) else {}
    if kind == "link":
        raise LayerFileError(f"{name}: its coordinate reference system is a link to another file or address, "
                             "which the app does not follow; name the CRS in the file (e.g. EPSG:6677) "
                             "or leave it out for WGS 84")
    said = {"name": props.get("name"), "epsg": f"EPSG:{props.get('code')}", "ogc": props.get("urn")}.get(kind)
    text = said if isinstance(said, str) else None
    if text and "://" in text and not text.startswith("http://www.opengis.net/def/crs/"):
        text = None  # a URL: never handed to PROJ
    if text:
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        offline()
        try:
            CRS.from_user_input(text)
            return text
        except CRSError:
            pass
    shown = said if isinstance(said, str) else json.dumps(crs, ensure_ascii=False)
    shown = shown if len(shown) <= 80 else shown[:77] + "…"
    raise LayerFileError(f"{name}: its coordinate reference system ({shown}) is not one the app knows")


def gdal_layers(pyogrio, src: str, name: str, kind: str) -> list[str]:
    try:
        rows = pyogrio.list_layers(src)
    except Exception as exc:  # noqa: BLE001
        raise unreadable(name, kind, exc, src) from None
    return [str(r[0]) for r in rows if r[1] is not None]


def choose_layer(pyogrio, src: str, name: str, kind: str, ext: str, wanted: str) -> str | None:
    if ext not in (".gpkg", ".gpx"):
        return None
    layers = gdal_layers(pyogrio, src, name, kind)
    if ext == ".gpx":
        layers = [lyr for lyr in layers if gdal_info(pyogrio, src, name, kind, lyr).get("features", 0) > 0]
    if not layers:
        raise LayerFileError(f"{name}: the {kind} has no layer with geometry")
    if wanted:
        if wanted not in layers:
            raise LayerFileError(f"{name}: no layer {wanted!r} (it has {', '.join(layers)})")
        return wanted
    if len(layers) > 1:
        raise NeedsChoice("layer", f"{name} has {len(layers)} layers. Which one?", tuple(layers))
    return layers[0]


__all__ = ["LayerFileError", "Cancelled", "NeedsChoice", "check_path", "gdal_path", "archive_member", "sniff",
           "gdal", "offline", "offline_env", "geojson_crs", "GDAL_OFFLINE", "choose_layer", "gdal_info",
           "gdal_layers", "short_error", "unreadable", "links_online", "FORMATS", "FILE_FILTER",
           "MAX_FILE_BYTES", "MAX_UNZIPPED_BYTES", "MAX_RATIO", "MAX_MEMBERS"]
