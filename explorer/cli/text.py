"""Text for a terminal: nothing from the data reaches it raw.

Every command prints data through :func:`safe` or :func:`dump_json`.
"""

from __future__ import annotations

import json
import re
import sys

#: What a terminal must never receive raw from the data: C0 and C1 controls
#: (ESC starts terminal escape sequences), DEL, bidi embeddings, overrides and
#: isolates and marks (they reorder what is shown), and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The same inside JSON, where json.dumps has already escaped C0 controls.
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_char(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` with every control, bidi control and surrogate shown as an escape (``\\x1b``)."""
    return _UNSAFE.sub(_escape_char, str(text))


def _json_escape_char(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def dump_json(data) -> None:
    """JSON on stdout, still valid JSON, with nothing a terminal would interpret."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    sys.stdout.write(_UNSAFE_JSON.sub(_json_escape_char, text) + "\n")



def one_line(text: str) -> str:
    return safe(" ".join(text.split("\n")))


__all__ = ["safe", "dump_json", "one_line"]
