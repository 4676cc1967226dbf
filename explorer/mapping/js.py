"""The one way Python text reaches a page's script: JSON escaped for ``<script>``.

Used for the page payload and for every Python->JS call (qutebrowser's
``utils/javascript.py`` and folium's templates do the same), so a hostile
string can never end a script element or run as code.
"""

from __future__ import annotations

import json
from typing import Any


def script_json(value: Any) -> str:
    """JSON safe to put inside ``<script>``: no ``<``, ``>``, ``&`` or quote can end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def js_call(function: str, *args: Any) -> str:
    """``AtlasExplorer.apply({...})``: a call with every argument JSON-escaped.

    ``function`` is always a constant from our own code; arguments may be
    anything, including hostile strings, and are never formatted into JS.
    """
    return f"{function}({','.join(script_json(a) for a in args)})"


__all__ = ["script_json", "js_call"]
