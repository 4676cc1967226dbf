"""Read geodata files into frozen records, reporting every problem with its place.

Loading never stops at the first bad record: each problem is collected with
its file, record id and field, so ``alliance-explorer validate`` can print all
of them at once and the app can refuse a broken directory with one clear
message. The JSON and TOML readers are from the standard library; shapely and
pyproj are used only where geometry must be derived.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from explorer.atlas import geodesy
from explorer.atlas.dates import PartialDate
from explorer.atlas.records import (
    BASE_USES,
    Base,
    Claimant,
    Controversy,
    Figure,
    Place,
    Provision,
    Source,
    SourceRef,
    State,
    Threat,
    TreatyTie,
)

ID_RE = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
THREAT_KINDS = ("overflight", "missile_range", "island_chain", "disputed_territory", "maritime_pressure",
                "eez_impact")
BASE_STATUSES = ("active", "partially_returned", "planned_return", "returned")

#: The basemap lays the world out eastwards past the antimeridian (the Americas east of
#: the region), so its longitudes may run to here.
BASEMAP_EAST = 360.0
#: No data file is read past this size (the real basemap is ~1.3 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Deepest nesting of arrays/objects in a record's properties or a TOML table.
MAX_DEPTH = 16
#: Longest text: names and titles, and anything else (summaries, notes).
MAX_NAME_CHARS = 300
MAX_TEXT_CHARS = 10_000
NAME_KEYS = frozenset({"id", "name", "name_ja", "short", "title", "label", "iso_a3", "kind", "status", "role",
                       "service", "prefecture", "date", "start", "end", "signed", "in_force", "as_of", "unit"})
#: C0 controls but tab and newline, DEL, C1 controls, lone surrogates: never in data.
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Bidi embeddings/overrides (closed by U+202C) and isolates (closed by U+2069).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _bidi_balanced(text: str) -> bool:
    """Whether every bidi embedding, override and isolate is closed, in order, within ``text``."""
    stack: list[str] = []
    for m in _BIDI.finditer(text):
        ch = m.group()
        if ch == "\u202c":
            if not stack or stack.pop() != "embed":
                return False
        elif ch == "\u2069":
            if not stack or stack.pop() != "isolate":
                return False
        else:
            stack.append("isolate" if ch in "\u2066\u2067\u2068" else "embed")
    return not stack


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]!r} is not finite")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


def _short(value: Any, limit: int = 60) -> str:
    """A value's repr, cut to ``limit`` characters for a one-line message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _is_date(value: str) -> bool:
    """A well-formed and real calendar date (no month 13, no 30 February)."""
    if not DATE_RE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix."""

    file: str
    record: str
    field: str
    message: str
    #: ``"error"`` fails ``validate``; ``"warning"`` is printed but does not.
    severity: str = "error"

    def __str__(self) -> str:
        where = ":".join(p for p in (self.file, self.record, self.field) if p)
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{where}: {self.message}"


class Reader:
    """Collects problems while turning raw mappings into records."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        #: Which file each feature came from, so later checks can name it.
        self.files: dict[str, str] = {}

    def claim(self, path: Path, rid: str) -> bool:
        """Record that ``rid`` comes from ``path``; False (and a problem) if it is taken."""
        if rid in self.files:
            self.problem(path, rid, "id", f"duplicate id (first defined in {self.files[rid]})")
            return False
        self.files[rid] = str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)
        return True

    # -- plumbing ---------------------------------------------------------
    def problem(self, path: Path | str, record: str, field: str, message: str) -> None:
        rel = str(path.relative_to(self.root)) if isinstance(path, Path) and path.is_relative_to(self.root) else str(path)
        self.problems.append(Problem(rel, record, field, message))

    def read_bytes(self, path: Path) -> bytes | None:
        """A data file's bytes, only if it is a regular file within the size cap.

        Opened non-blocking and checked with ``fstat`` before any read, so a
        FIFO, a device (a symlink to /dev/zero), a directory or a symlink loop
        is a problem, never a hang or an endless read.
        """
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            self.problem(path, "", "", "file is missing")
            return None
        except OSError as exc:
            self.problem(path, "", "", f"cannot be opened: {exc.strerror or exc}")
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                kind = ("a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode)
                        else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket")
                self.problem(path, "", "", f"is {kind}, not a regular file")
                return None
            if st.st_size > MAX_FILE_BYTES:
                self.problem(path, "", "", f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
                return None
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_FILE_BYTES:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > MAX_FILE_BYTES:
                self.problem(path, "", "", f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
                return None
            return b"".join(chunks)
        except OSError as exc:
            self.problem(path, "", "", f"cannot be read: {exc.strerror or exc}")
            return None
        finally:
            os.close(fd)

    def _decode(self, path: Path, raw: bytes, what: str) -> str | None:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(path, "", "", f"not valid {what}: not UTF-8 ({exc.reason} at byte {exc.start})")
            return None

    def read_toml(self, path: Path) -> dict[str, Any]:
        raw = self.read_bytes(path)
        text = None if raw is None else self._decode(path, raw, "TOML")
        if text is None:
            return {}
        try:
            return tomllib.loads(text, parse_float=_finite_float)
        except tomllib.TOMLDecodeError as exc:
            self.problem(path, "", "", f"not valid TOML: {exc}")
        except RecursionError:
            self.problem(path, "", "", "not valid TOML: nested too deeply")
        except ValueError as exc:  # a non-finite float, an integer too long to convert
            self.problem(path, "", "", f"not valid TOML: {exc}")
        return {}

    def read_json(self, path: Path) -> dict[str, Any]:
        raw = self.read_bytes(path)
        text = None if raw is None else self._decode(path, raw, "JSON")
        if text is None:
            return {}
        try:
            # NaN and Infinity are refused here; 1e999 (read as inf) by the record checks.
            data = json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            self.problem(path, "", "", f"not valid JSON: {exc}")
            return {}
        except RecursionError:
            self.problem(path, "", "", "not valid JSON: nested too deeply")
            return {}
        except ValueError as exc:  # NaN/Infinity, an integer too long to convert
            self.problem(path, "", "", f"not valid JSON: {exc}")
            return {}
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            self.problem(path, "", "type", "expected a GeoJSON FeatureCollection")
            return {}
        return data

    def check_strings(self, path: Path, rid: str, value: Any, key: str = "", depth: int = 0) -> bool:
        """Every text in a record: no control characters, surrogates or unclosed bidi controls,
        names at most MAX_NAME_CHARS and other text MAX_TEXT_CHARS long, nesting at most MAX_DEPTH.
        False (and problems) if anything is wrong."""
        ok = True
        if depth > MAX_DEPTH:
            self.problem(path, rid, key, f"nested deeper than {MAX_DEPTH} levels")
            return False
        if isinstance(value, str):
            bad = _BAD_CHAR.search(value)
            if bad:
                self.problem(path, rid, key, f"contains control character or surrogate U+{ord(bad.group()):04X}")
                ok = False
            if _BIDI.search(value) and not _bidi_balanced(value):
                self.problem(path, rid, key, "contains an unterminated bidi control (U+202A–202E, U+2066–2069)")
                ok = False
            limit = MAX_NAME_CHARS if key in NAME_KEYS else MAX_TEXT_CHARS
            if len(value) > limit:
                self.problem(path, rid, key, f"text is {len(value)} characters long; at most {limit}")
                ok = False
        elif isinstance(value, float) and not math.isfinite(value):
            self.problem(path, rid, key, "number is not finite")
            ok = False
        elif isinstance(value, dict):
            for k, v in value.items():
                ok = self.check_strings(path, rid, v, str(k), depth + 1) and ok
        elif isinstance(value, list):
            for v in value:
                ok = self.check_strings(path, rid, v, key, depth + 1) and ok
        return ok

    def text(self, raw: dict, key: str, path: Path, rid: str, required: bool = False) -> str:
        value = raw.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(path, rid, key, f"expected text, got {type(value).__name__}")
            return ""
        value = str(value).strip()
        if required and not value:
            self.problem(path, rid, key, "required field is missing or empty")
        return value

    def date(self, raw: dict, key: str, path: Path, rid: str, required: bool = False) -> str:
        value = self.text(raw, key, path, rid, required)
        if value and not DATE_RE.match(value):
            self.problem(path, rid, key, f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        elif value and not _is_date(value):
            self.problem(path, rid, key, f"date {value!r} is not a real calendar date")
        return value

    def number(self, raw: dict, key: str, path: Path, rid: str) -> float | None:
        value = raw.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, rid, key, f"expected a number, got {value!r}")
            return None
        return float(value)

    def ids(self, raw: dict, key: str, path: Path, rid: str) -> tuple[str, ...]:
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, rid, key, "expected a list of ids")
            return ()
        return tuple(v.strip() for v in value)

    def sources(self, raw: dict, path: Path, rid: str) -> tuple[SourceRef, ...]:
        value = raw.get("sources") or []
        refs: list[SourceRef] = []
        if not isinstance(value, list):
            self.problem(path, rid, "sources", "expected a list")
            return ()
        for item in value:
            if isinstance(item, str):
                refs.append(SourceRef(item.strip()))
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                refs.append(SourceRef(item["id"].strip(), str(item.get("at", "") or "")))
            else:
                self.problem(path, rid, "sources", f"bad source reference {item!r}")
        if not refs:
            self.problem(path, rid, "sources", "record cites no source")
        return tuple(refs)

    def source_ref(self, raw: dict, key: str, path: Path, rid: str) -> SourceRef | None:
        """One citation given as ``{ "id": "src:...", "at": "..." }`` (or a bare id string)."""
        item = raw.get(key)
        if item is None:
            return None
        if isinstance(item, str) and item.strip():
            return SourceRef(item.strip())
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            return SourceRef(item["id"].strip(), str(item.get("at", "") or ""))
        self.problem(path, rid, key, f"bad source reference {_short(item)}")
        return None

    def partial(self, raw: dict, key: str, path: Path, rid: str) -> PartialDate | None:
        """A date field parsed once into a :class:`PartialDate` (None if empty or bad; bad is reported)."""
        value = self.date(raw, key, path, rid)
        try:
            return PartialDate.parse_optional(value)
        except ValueError:
            return None  # already reported by date()

    def refs(self, raw: dict, key: str, path: Path, rid: str) -> tuple[SourceRef, ...]:
        """An optional list of citations (like ``sources``, but may be empty)."""
        value = raw.get(key) or []
        if not isinstance(value, list):
            self.problem(path, rid, key, "expected a list")
            return ()
        out: list[SourceRef] = []
        for item in value:
            if isinstance(item, str) and item.strip():
                out.append(SourceRef(item.strip()))
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                out.append(SourceRef(item["id"].strip(), str(item.get("at", "") or "")))
            else:
                self.problem(path, rid, key, f"bad source reference {_short(item)}")
        return tuple(out)

    def validity(self, raw: dict, path: Path, rid: str, default_from: str = "") -> dict[str, Any]:
        """``valid_from``/``valid_to`` parsed once, with their sources and notes (geodata/README.md, Timeline).

        ``default_from`` (an event's ``date``, a provision's ``in_force``) is used when the
        record gives no ``valid_from`` of its own; it was already checked where it was read.
        """
        valid_from = self.partial(raw, "valid_from", path, rid)
        if valid_from is None and not raw.get("valid_from") and default_from:
            try:
                valid_from = PartialDate.parse(default_from)
            except ValueError:
                valid_from = None
        return {"valid_from": valid_from, "valid_to": self.partial(raw, "valid_to", path, rid),
                "valid_sources": self.refs(raw, "valid_sources", path, rid)}

    def items(self, raw: dict, key: str, path: Path, rid: str) -> list:
        """A list-valued field (absent: empty); anything else is a problem."""
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, rid, key, f"expected a list, got {_short(value)}")
            return []
        return value

    def point(self, raw: dict, key: str, path: Path, rid: str) -> list | None:
        """A ``[lon, lat]`` field (absent: None); anything else is a problem."""
        value = raw.get(key)
        if value is None:
            return None
        bad = _position_problem(value)
        if bad:
            self.problem(path, rid, key, bad)
            return None
        return value

    def record_id(self, raw: dict, path: Path, prefix: str, index: int) -> str:
        rid = raw.get("id")
        if not isinstance(rid, str) or not rid:
            self.problem(path, f"#{index}", "id", "record has no id")
            return ""
        if not ID_RE.match(rid) or not rid.startswith(prefix):
            self.problem(path, rid, "id", f"id must look like '{prefix}slug' (lowercase, digits, hyphens)")
        return rid

    def table(self, path: Path, key: str) -> list[dict]:
        data = self.read_toml(path)
        rows = data.get(key, [])
        if data and not isinstance(rows, list):
            self.problem(path, "", key, f"expected [[{key}]] tables")
            return []
        out = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                self.problem(path, f"#{i}", key, f"expected a [[{key}]] table, got {_short(row)}")
                continue
            rid = row.get("id") if isinstance(row.get("id"), str) else f"#{i}"
            self.check_strings(path, rid[:MAX_NAME_CHARS], row)
            out.append(row)
        return out

    def features_of(self, path: Path) -> list[dict]:
        rows = self.read_json(path).get("features", [])
        if not isinstance(rows, list):
            self.problem(path, "", "features", "expected a list of features")
            return []
        out = []
        for i, feat in enumerate(rows):
            props = feat.get("properties") if isinstance(feat, dict) else None
            if not isinstance(feat, dict) or not isinstance(props, (dict, type(None))):
                self.problem(path, f"#{i}", "properties", f"expected a GeoJSON Feature with properties, got {_short(feat)}")
                continue
            props = props or {}
            rid = props.get("id") if isinstance(props.get("id"), str) else f"#{i}"
            self.check_strings(path, rid[:MAX_NAME_CHARS], props)
            out.append(feat)
        return out


def _point_of(geometry: dict) -> tuple[float, float]:
    """A representative ``(lon, lat)``: the point, a middle vertex, or an inner point."""
    gtype = geometry.get("type")
    coords = geometry.get("coordinates")
    if gtype == "Point":
        return float(coords[0]), float(coords[1])
    if gtype == "LineString":
        mid = coords[len(coords) // 2]
        return float(mid[0]), float(mid[1])
    from shapely.geometry import shape

    geom = shape(geometry)
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    p = geom.representative_point()
    return p.x, p.y


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _position_problem(pos: Any, east: float = 180.0) -> str | None:
    if not isinstance(pos, list) or not 2 <= len(pos) <= 3 or not all(_is_number(v) for v in pos):
        return f"a position must be [lon, lat] with finite numbers, got {_short(pos)}"
    if not (-180.0 <= pos[0] <= east and -90.0 <= pos[1] <= 90.0):
        hint = "; are lon and lat swapped?" if -90.0 <= pos[0] <= 90.0 and -180.0 <= pos[1] <= 180.0 else ""
        return f"position {_short(pos)} is out of range (lon -180..{east:g}, lat -90..90){hint}"
    return None


def _positions_problem(positions: list, east: float = 180.0) -> str | None:
    """The first bad position in a list of them; a fast path for the common, all-good case."""
    if (all(type(p) is list and 2 <= len(p) <= 3 for p in positions)
            and {type(v) for p in positions for v in p} <= {int, float}):
        lons = [p[0] for p in positions]
        lats = [p[1] for p in positions]
        # A NaN or an infinity (1e999) makes the sum non-finite; so may a huge
        # finite value, which the slow path then judges exactly.
        if (math.isfinite(sum(lons)) and math.isfinite(sum(lats))
                and min(lons) >= -180.0 and max(lons) <= east and min(lats) >= -90.0 and max(lats) <= 90.0):
            return None
    return next((m for m in (_position_problem(p, east) for p in positions) if m), None)


def _coords_problem(gtype: str, coords: Any, east: float = 180.0) -> str | None:
    """What is wrong with ``coords`` for a GeoJSON ``gtype`` (RFC 7946 §3.1), or None.
    ``east`` is the largest longitude allowed (the basemap lays the world out past 180)."""
    if gtype == "Point":
        return _position_problem(coords, east)
    if not isinstance(coords, list) or not coords:
        return "geometry has no coordinates"
    if gtype in ("MultiPoint", "LineString"):
        if gtype == "LineString" and len(coords) < 2:
            return "a LineString needs at least 2 positions"
        return _positions_problem(coords, east)
    if gtype == "Polygon":
        for ring in coords:
            if not isinstance(ring, list) or len(ring) < 4:
                return "a polygon ring needs at least 4 positions"
            bad = _positions_problem(ring, east)
            if bad:
                return bad
            if ring[0] != ring[-1]:
                return "a polygon ring must be closed (last position = first)"
        return None
    part = {"MultiLineString": "LineString", "MultiPolygon": "Polygon"}.get(gtype)
    if part is None:
        return f"unknown geometry type {gtype!r}"
    return next((m for m in (_coords_problem(part, c, east) for c in coords) if m), None)


def _geometry_ok(reader: Reader, path: Path, rid: str, geometry: Any, allowed: Iterable[str]) -> bool:
    allowed = tuple(allowed)
    if not isinstance(geometry, dict) or geometry.get("type") not in allowed:
        gtype = geometry.get("type") if isinstance(geometry, dict) else geometry
        reader.problem(path, rid, "geometry", f"expected {' or '.join(allowed)}, got {_short(gtype)}")
        return False
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or not coords:
        reader.problem(path, rid, "geometry", "geometry has no coordinates")
        return False
    try:
        bad = _coords_problem(geometry["type"], coords)
    except RecursionError:
        bad = "coordinates nested too deeply"
    if bad:
        reader.problem(path, rid, "geometry", bad)
        # Out of range but well formed (swapped lon/lat): reported, and the
        # record kept so that nothing else is reported as dangling.
        return "out of range" in bad
    if geometry["type"] in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
        from shapely.geometry import shape
        from shapely.validation import explain_validity

        geom = shape(geometry)
        if not geom.is_valid:
            reader.problem(path, rid, "geometry", f"invalid geometry: {explain_validity(geom)}")
            return False
    return True


def _table_records(reader: Reader, path: Path, key: str, prefix: str,
                   seen: dict) -> Iterator[tuple[str, dict]]:
    """(id, raw) for each ``[[key]]`` table with a well-formed id not already in ``seen``."""
    for i, raw in enumerate(reader.table(path, key)):
        rid = reader.record_id(raw, path, prefix, i)
        if not rid:
            continue
        if rid in seen:
            reader.problem(path, rid, "id", "duplicate id")
            continue
        yield rid, raw


def load_sources(reader: Reader) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for path in sorted((reader.root / "sources").glob("*.toml")):
        for rid, raw in _table_records(reader, path, "source", "src:", out):
            out[rid] = Source(
                id=rid,
                title=reader.text(raw, "title", path, rid, required=True),
                publisher=reader.text(raw, "publisher", path, rid),
                date=reader.date(raw, "date", path, rid),
                url=reader.text(raw, "url", path, rid),
                note=reader.text(raw, "note", path, rid),
                date_note=reader.text(raw, "date_note", path, rid),
            )
    if not out:
        reader.problem(reader.root / "sources", "", "", "no sources defined")
    return out


def load_provisions(reader: Reader) -> dict[str, Provision]:
    path = reader.root / "provisions.toml"
    out: dict[str, Provision] = {}
    for rid, raw in _table_records(reader, path, "provision", "provision:", out):
        browse_only = raw.get("browse_only", False)
        if not isinstance(browse_only, bool):
            reader.problem(path, rid, "browse_only", f"expected true or false, got {browse_only!r}")
            browse_only = False
        out[rid] = Provision(
            id=rid,
            instrument=reader.text(raw, "instrument", path, rid, required=True),
            short=reader.text(raw, "short", path, rid, required=True),
            article=reader.text(raw, "article", path, rid),
            title=reader.text(raw, "title", path, rid, required=True),
            summary=reader.text(raw, "summary", path, rid, required=True),
            signed=reader.date(raw, "signed", path, rid),
            in_force=reader.date(raw, "in_force", path, rid),
            sources=reader.sources(raw, path, rid),
            note=reader.text(raw, "note", path, rid),
            related=reader.ids(raw, "related", path, rid),
            browse_only=browse_only,
            **reader.validity(raw, path, rid, default_from=str(raw.get("in_force") or raw.get("signed") or "")),
            superseded_by=reader.text(raw, "superseded_by", path, rid),
            valid_note=reader.text(raw, "valid_note", path, rid),
        )
    return out


def load_controversies(reader: Reader) -> dict[str, Controversy]:
    path = reader.root / "controversies.toml"
    out: dict[str, Controversy] = {}
    for rid, raw in _table_records(reader, path, "controversy", "controversy:", out):
        out[rid] = Controversy(
            id=rid,
            title=reader.text(raw, "title", path, rid, required=True),
            summary=reader.text(raw, "summary", path, rid, required=True),
            start=reader.date(raw, "start", path, rid, required=True),
            end=reader.date(raw, "end", path, rid),
            features=reader.ids(raw, "features", path, rid),
            provisions=reader.ids(raw, "provisions", path, rid),
            sources=reader.sources(raw, path, rid),
            note=reader.text(raw, "note", path, rid),
            start_date=_parsed(raw, "start"),
            end_date=_parsed(raw, "end"),
        )
    return out


def _parsed(raw: dict, key: str) -> PartialDate | None:
    """A date already checked (and reported) by ``Reader.date``, parsed; None if empty or bad."""
    value = raw.get(key)
    try:
        return PartialDate.parse(value.strip()) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return None


def load_figures(reader: Reader) -> dict[str, Figure]:
    path = reader.root / "figures.toml"
    if not path.exists():
        return {}
    out: dict[str, Figure] = {}
    for i, raw in enumerate(reader.table(path, "figure")):
        rid = reader.record_id(raw, path, "figure:", i)
        value = reader.number(raw, "value", path, rid)
        if not rid or value is None:
            if rid:
                reader.problem(path, rid, "value", "figure has no numeric value")
            continue
        out[rid] = Figure(
            id=rid,
            label=reader.text(raw, "label", path, rid, required=True),
            value=value,
            unit=reader.text(raw, "unit", path, rid),
            as_of=reader.date(raw, "as_of", path, rid, required=True),
            sources=reader.sources(raw, path, rid),
            note=reader.text(raw, "note", path, rid),
        )
    return out


def _common(reader: Reader, raw: dict, path: Path, rid: str, default_from: str = "") -> dict[str, Any]:
    return {
        **reader.validity(raw, path, rid, default_from),
        "valid_from_note": reader.text(raw, "valid_from_note", path, rid),
        "valid_to_note": reader.text(raw, "valid_to_note", path, rid),
        "id": rid,
        "name": reader.text(raw, "name", path, rid, required=True),
        "name_ja": reader.text(raw, "name_ja", path, rid),
        "provisions": reader.ids(raw, "provisions", path, rid),
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
                    prefecture=reader.text(raw, "prefecture", path, rid, required=True),
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


def load_basemap(reader: Reader) -> dict[str, Any]:
    """The basemap FeatureCollection (countries with ``iso_a3``/``sov_a3``), with its large-scale detail.

    Every ``basemap/*.geojson`` is read, in name order. A feature with a
    ``min_zoom`` is *detail*: a unit's land at large scale, which the page draws
    instead of that unit's features from that zoom on. Detail is kept out of
    ``features`` (states, validation and hit tests use the small-scale units)
    and goes to ``detail``: ``{iso_a3: {"min_zoom": z, "groups": [{"bbox": [w, s, e, n],
    "polygons": [[ring, ...], ...]}, ...]}}``, its islands grouped by 1-degree cells and
    each ring one compact string (:func:`encode_ring`). One string pickles,
    unpickles and crosses into the page far faster than 10^5 coordinate lists,
    and the page decodes it only when it first zooms that far in.
    """
    paths = sorted((reader.root / "basemap").glob("*.geojson"))
    if not paths:
        reader.problem(reader.root / "basemap", "", "", "no basemap/*.geojson file")
        return {"type": "FeatureCollection", "features": []}
    out: dict[str, Any] = {}
    features: list[dict] = []
    detail: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = reader.read_json(path)
        if not data:
            continue
        if not out:
            out = {k: v for k, v in data.items() if k != "features"}
        for f in _basemap_features(reader, path, data.get("features")):
            zoom = f["properties"].get("min_zoom")
            if zoom is None:
                features.append(f)
            elif not isinstance(zoom, int) or isinstance(zoom, bool) or not 0 <= zoom <= 20:
                reader.problem(path, str(f["properties"].get("iso_a3", "")), "min_zoom",
                               f"expected a whole zoom level from 0 to 20, got {_short(zoom)}")
            else:
                _add_detail(detail, f, zoom)
    if not out:
        return {"type": "FeatureCollection", "features": []}
    out["features"] = features
    if detail:
        out["detail"] = detail
    return out


#: Detail is grouped in cells of this many degrees, so that the page projects, clips and
#: decodes only the groups in view.
DETAIL_CELL_DEG = 1.0


def _add_detail(detail: dict[str, dict[str, Any]], feature: dict, zoom: int) -> None:
    iso = str(feature["properties"].get("iso_a3", ""))
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    entry = detail.setdefault(iso, {"min_zoom": zoom, "groups": []})
    entry["min_zoom"] = min(entry["min_zoom"], zoom)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for polygon in polygons:
        xs = [p[0] for p in polygon[0]]
        ys = [p[1] for p in polygon[0]]
        box = [min(xs), min(ys), max(xs), max(ys)]
        key = (math.floor((box[0] + box[2]) / 2 / DETAIL_CELL_DEG), math.floor((box[1] + box[3]) / 2 / DETAIL_CELL_DEG))
        cell = cells.setdefault(key, {"bbox": box, "polygons": []})
        cell["bbox"] = [min(cell["bbox"][0], box[0]), min(cell["bbox"][1], box[1]),
                        max(cell["bbox"][2], box[2]), max(cell["bbox"][3], box[3])]
        cell["polygons"].append([encode_ring(ring) for ring in polygon])
    entry["groups"].extend(cells[k] for k in sorted(cells))


def encode_ring(ring: list) -> str:
    """A ring as text: lon/lat in 1e-4 degrees, each value the difference from the previous
    vertex, zigzag-signed and written 5 bits a character from ``?`` (the polyline encoding
    of web maps). The closing vertex is left out. atlas.js ``decodeRing`` reads it back."""
    chars: list[str] = []
    px = py = 0
    closed = len(ring) > 1 and ring[0] == ring[-1]
    for x, y in ring[:-1] if closed else ring:
        ix, iy = round(x * 1e4), round(y * 1e4)
        for d in (ix - px, iy - py):
            v = ~(d << 1) if d < 0 else d << 1
            while v >= 0x20:
                chars.append(chr((0x20 | (v & 0x1F)) + 63))
                v >>= 5
            chars.append(chr(v + 63))
        px, py = ix, iy
    return "".join(chars)


def decode_ring(text: str) -> list[list[float]]:
    """The inverse of :func:`encode_ring` (for tests and tools), closed again."""
    values, shift, acc = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        acc |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(acc >> 1) if acc & 1 else acc >> 1)
            shift = acc = 0
    coords, x, y = [], 0, 0
    for dx, dy in zip(values[0::2], values[1::2]):
        x, y = x + dx, y + dy
        coords.append([x / 1e4, y / 1e4])
    return coords + coords[:1]


def _basemap_features(reader: Reader, path: Path, feats: Any) -> list[dict]:
    """The basemap's well-formed polygons; each malformed one is a problem."""
    if not isinstance(feats, list):
        reader.problem(path, "", "features", "expected a list of features")
        return []
    out = []
    for i, f in enumerate(feats):
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(props, dict) or not isinstance(f.get("geometry"), dict):
            reader.problem(path, f"#{i}", "", f"expected a Feature with properties and geometry, got {_short(f)}")
            continue
        iso = props.get("iso_a3")
        rid = iso if isinstance(iso, str) else f"#{i}"
        if not reader.check_strings(path, rid[:MAX_NAME_CHARS], props):
            continue
        geometry = f["geometry"]
        gtype = geometry.get("type")
        try:
            bad = (_coords_problem(gtype, geometry.get("coordinates"), BASEMAP_EAST)
                   if gtype in ("Polygon", "MultiPolygon")
                   else f"expected Polygon or MultiPolygon, got {_short(gtype)}")
        except RecursionError:
            bad = "coordinates nested too deeply"
        if bad:
            reader.problem(path, rid, "geometry", bad)
            continue
        out.append(f)
    return out


def state_shapes(basemap: dict[str, Any], iso_a3: str) -> list[dict]:
    """The basemap features that draw a state: its own unit or, when that lies
    outside the basemap (the US mainland), its territories in the region."""
    feats = basemap.get("features", [])
    own = [f for f in feats if f.get("properties", {}).get("iso_a3") == iso_a3]
    if own:
        return own
    return [f for f in feats if f.get("properties", {}).get("sov_a3") == iso_a3]


def _merge(shapes: list[dict]) -> dict | None:
    polys: list = []
    for f in shapes:
        g = f.get("geometry") or {}
        if g.get("type") == "Polygon":
            polys.append(g["coordinates"])
        elif g.get("type") == "MultiPolygon":
            polys.extend(g["coordinates"])
    if not polys:
        return None
    return {"type": "MultiPolygon", "coordinates": polys}


def load_states(reader: Reader, basemap: dict[str, Any]) -> list[State]:
    path = reader.root / "states.toml"
    out: list[State] = []
    for i, raw in enumerate(reader.table(path, "state")):
        rid = reader.record_id(raw, path, "state:", i)
        if not rid or not reader.claim(path, rid):
            continue
        iso = reader.text(raw, "iso_a3", path, rid, required=True).upper()
        geometry = _merge(state_shapes(basemap, iso))
        label = reader.point(raw, "label_point", path, rid)
        if geometry is None:
            reader.problem(path, rid, "iso_a3", f"no basemap polygon has iso_a3 {iso!r}")
            if not (isinstance(label, list) and len(label) == 2):
                continue
            geometry = {"type": "Point", "coordinates": label}
        if isinstance(label, list) and len(label) == 2:
            lon, lat = float(label[0]), float(label[1])
        else:
            lon, lat = _point_of(geometry)
        ties = []
        for t in reader.items(raw, "treaties", path, rid):
            if not isinstance(t, dict) or not t.get("name"):
                reader.problem(path, rid, "treaties", f"bad treaty entry {_short(t)}")
                continue
            year = t.get("year")
            ties.append(
                TreatyTie(
                    name=str(t["name"]),
                    year=int(year) if isinstance(year, int) else None,
                    provisions=reader.ids(t, "provisions", path, rid),
                )
            )
        out.append(
            State(
                **_common(reader, raw, path, rid),
                layer="states",
                lat=lat,
                lon=lon,
                geometry=geometry,
                iso_a3=iso,
                role=reader.text(raw, "role", path, rid, required=True),
                role_text=reader.text(raw, "role_text", path, rid),
                treaties=tuple(ties),
            )
        )
    return out


def _range(reader: Reader, raw: dict, path: Path, rid: str) -> tuple[float, ...]:
    value = raw.get("range_km")
    if value is None or value == "":
        return ()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (float(value),)
    if isinstance(value, list) and 1 <= len(value) <= 2 and all(isinstance(v, (int, float)) for v in value):
        return tuple(sorted(float(v) for v in value))
    reader.problem(path, rid, "range_km", f"expected a number or [min, max], got {value!r}")
    return ()


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

