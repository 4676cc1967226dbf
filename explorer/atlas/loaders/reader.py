"""The reader that turns raw TOML and JSON into checked values, collecting every problem with its place.

Loading never stops at the first bad record: each :class:`Problem` is collected
with its file, record id and field, so ``validate`` prints all of them at once and
the app refuses a broken directory with one clear message.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.atlas.dates import PartialDate
from explorer.atlas.loaders.checks import (
    _BAD_CHAR,
    _BIDI,
    DATE_RE,
    ID_RE,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    NAME_KEYS,
    _bidi_balanced,
    _finite_float,
    _is_date,
    _no_constant,
    _short,
)
from explorer.atlas.loaders.geometry import _position_problem
from explorer.atlas.records import (
    SourceRef,
)


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
        if not isinstance(value, str):  # a number is not text: ``summary = 42`` is a slip, not a summary
            self.problem(path, rid, key, f"expected text, got {type(value).__name__} {_short(value)}")
            return ""
        value = value.strip()
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
