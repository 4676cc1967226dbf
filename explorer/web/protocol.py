"""What the page may say to Python, parsed and validated without Qt.

Anything on the page, hostile data included, can call the bridge, so a
message is trusted for nothing: its size, JSON, shape, types, finite numbers
and ranges, and that its ids name registered layers and real features are all
checked here. A bad message is returned as ``Rejected`` with a reason (which
the bridge logs), never raised.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Union


MAX_MESSAGE = 4096
#: At most this many other features under a click are listed.
MAX_ALSO = 8


@dataclass(frozen=True)
class Click:
    """A click on a feature; ``also`` holds the other features under the pointer (layer, id)."""

    layer: str
    id: str
    also: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Clear:
    """A click on the empty map: clear the selection and highlight."""


@dataclass(frozen=True)
class Layers:
    layers: tuple[str, ...]


@dataclass(frozen=True)
class View:
    """The map moved; ``seq`` is the apply whose camera it started from (0: the initial one)."""

    lat: float
    lon: float
    zoom: float
    seq: int = 0


@dataclass(frozen=True)
class Applied:
    seq: int


@dataclass(frozen=True)
class Point:
    """A map click while a tool (measure, ring) is on: a place, not a feature."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Rejected:
    reason: str


Message = Union[Click, Clear, Layers, View, Applied, Point, Rejected]


def _reject_constant(name: str) -> float:
    raise ValueError(f"non-finite number {name}")


def parse(message: object, is_layer: Callable[[str], bool],
          is_feature: Callable[[str, str], bool]) -> Message:
    """One message from the page, as a typed value or ``Rejected``."""
    from explorer.mapping.state import valid_center  # here: the view that parses is made before the model is imported

    if not isinstance(message, str) or len(message) > MAX_MESSAGE:
        return Rejected("oversized or non-text message")
    try:
        msg = json.loads(message, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return Rejected("malformed JSON")
    if not isinstance(msg, dict):
        return Rejected("not an object")
    kind = msg.get("type", "click")
    if kind == "click":
        layer, fid = msg.get("layer"), msg.get("id")
        if not (isinstance(layer, str) and isinstance(fid, str) and is_layer(layer) and is_feature(layer, fid)):
            return Rejected("click on an unknown feature")
        also = msg.get("also", [])
        if not (isinstance(also, list) and len(also) <= MAX_ALSO and all(
                isinstance(a, dict) and isinstance(a.get("layer"), str) and isinstance(a.get("id"), str)
                and is_layer(a["layer"]) and is_feature(a["layer"], a["id"]) for a in also)):
            return Rejected("click with unknown features under it")
        return Click(layer, fid, tuple((a["layer"], a["id"]) for a in also))
    if kind == "clear":
        return Clear()
    if kind == "layers":
        names = msg.get("layers")
        if not (isinstance(names, list) and len(names) <= 64
                and all(isinstance(n, str) and is_layer(n) for n in names)):
            return Rejected("unknown layers")
        return Layers(tuple(names))
    if kind == "view":
        center, zoom = msg.get("center"), msg.get("zoom")
        if not (isinstance(center, list) and len(center) == 2 and valid_center(center[0], center[1], zoom)):
            return Rejected("view out of range")
        seq = msg.get("seq", 0)
        if not (isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < 2**53):
            return Rejected("bad sequence number")
        return View(float(center[0]), float(center[1]), float(zoom), seq)
    if kind == "point":
        lat, lon = msg.get("lat"), msg.get("lon")
        if not valid_center(lat, lon, 0):
            return Rejected("point out of range")
        return Point(float(lat), float(lon))
    if kind == "applied":
        seq = msg.get("seq")
        if not (isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < 2**53):
            return Rejected("bad sequence number")
        return Applied(seq)
    return Rejected(f"unknown type {str(kind)[:40]!r}")


__all__ = ["parse", "Click", "Clear", "Layers", "View", "Applied", "Point", "Rejected", "Message", "MAX_MESSAGE"]
