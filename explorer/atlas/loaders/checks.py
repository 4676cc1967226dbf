"""What every data value must be before it becomes a record: ids, dates, text and sizes.

The constants and small checks the loaders share; no record is built here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from explorer.atlas.limits import MAX_FILE_BYTES  # with the store's fingerprint; re-exported with the other limits

ID_RE = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
THREAT_KINDS = ("overflight", "missile_range", "island_chain", "disputed_territory", "maritime_pressure",
                "eez_impact")
BASE_STATUSES = ("active", "partially_returned", "planned_return", "returned")

#: The basemap lays the world out eastwards past the antimeridian (the Americas east of
#: the region), so its longitudes may run to here.
BASEMAP_EAST = 360.0
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
