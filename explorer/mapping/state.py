"""The map's state and an export's options: frozen, Qt-free, with one JSON form each.

``MapState`` is everything that decides what the map shows: where it looks
(``Camera``), which layers are on, what is selected and highlighted, and room
for a filter, an as-of date and range rings. The window's ``Session`` owns one;
the page applies it (``AtlasExplorer.apply``); settings, batch files and the
CLI read and write its JSON. ``ExportOptions`` is everything that decides how
a snapshot of a state is framed: format, size, scale, title, legend, source
line, dossier. Neither knows anything of Qt or of folium.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from explorer.errors import ViewError
from explorer.mapping.layers import REGISTRY, default_layers
from explorer.mapping.views import DEFAULT_VIEW, VIEWS

_CUSTOM = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$")
MAX_ZOOM = 18.0
MAX_IDS = 100_000
FORMATS = ("png", "pdf", "html", "geojson", "kml")


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def valid_center(lat: Any, lon: Any, zoom: Any) -> bool:
    """A centre and zoom the map can show: finite, latitude on Earth, sane zoom."""
    return (_finite(lat) and _finite(lon) and _finite(zoom) and -90 <= lat <= 90
            and -540 <= lon <= 540 and 0 <= zoom <= MAX_ZOOM)


@dataclass(frozen=True)
class Camera:
    """Where the map looks: a named view, a centre and zoom, or "frame this feature".

    Exactly one applies, in this order: ``focus`` (fit the feature), ``center``
    with ``zoom``, else the named ``view``'s bounds.
    """

    view: str = DEFAULT_VIEW
    center: tuple[float, float] | None = None
    zoom: float | None = None
    focus: str = ""

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ViewError(f"unknown view {self.view!r}; use {'|'.join(VIEWS)} or LAT,LON,ZOOM")
        if (self.center is None) != (self.zoom is None):
            raise ViewError("a camera needs both a centre and a zoom")
        if self.center is not None and not valid_center(self.center[0], self.center[1], self.zoom):
            raise ViewError(f"view {self.center},{self.zoom}: latitude, longitude or zoom out of range")

    def to_json(self) -> dict[str, Any]:
        if self.focus:
            return {"focus": self.focus, "view": self.view}
        if self.center is not None:
            return {"center": [self.center[0], self.center[1]], "zoom": self.zoom}
        return {"view": self.view, "bounds": [list(p) for p in VIEWS[self.view].bounds]}

    @classmethod
    def from_json(cls, raw: Any) -> "Camera":
        if not isinstance(raw, Mapping):
            raise ViewError("camera: expected an object")
        view = raw.get("view", DEFAULT_VIEW)
        if not isinstance(view, str):
            raise ViewError("camera.view: expected text")
        focus = raw.get("focus", "")
        if focus:
            if not isinstance(focus, str) or len(focus) > 200:
                raise ViewError("camera.focus: expected an id")
            return cls(view=view, focus=focus)
        center, zoom = raw.get("center"), raw.get("zoom")
        if center is not None or zoom is not None:
            if not (isinstance(center, (list, tuple)) and len(center) == 2):
                raise ViewError("camera.center: expected [lat, lon]")
            if not valid_center(center[0], center[1], zoom):
                raise ViewError("camera: centre or zoom out of range")
            return cls(center=(float(center[0]), float(center[1])), zoom=float(zoom))
        return cls(view=view)


def parse_view(spec: str) -> Camera:
    """``okinawa`` or ``26.3,127.8,10`` -> a Camera; ViewError otherwise."""
    spec = (spec or "").strip()
    if spec.lower() in VIEWS:
        return Camera(view=spec.lower())
    m = _CUSTOM.match(spec)
    if m:
        lat, lon, zoom = float(m[1]), float(m[2]), float(m[3])
        if not valid_center(lat, lon, zoom) or not -180 <= lon <= 360:
            raise ViewError(f"view {spec!r}: latitude, longitude or zoom out of range")
        return Camera(center=(lat, lon), zoom=zoom)
    raise ViewError(f"unknown view {spec!r}; use {'|'.join(VIEWS)} or LAT,LON,ZOOM")


def parse_layers(spec: str | list | tuple) -> tuple[str, ...]:
    """``bases,threats`` (or a list) -> ('bases', 'threats'); ViewError on a name not registered."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    if not all(isinstance(s, str) for s in items):
        raise ViewError("layers: expected names")
    names = tuple(dict.fromkeys(s.strip().lower() for s in items if s.strip()))
    bad = [n for n in names if n not in REGISTRY]
    if bad or not names:
        raise ViewError(f"unknown layer(s) {', '.join(bad) or '(none)'}; use {','.join(REGISTRY.ids())}")
    return names


def _ring_ok(r: Any) -> bool:
    """A user ring: a label, a centre on Earth and a range from 1 m to half the Earth's circumference."""
    return (isinstance(r, Mapping) and isinstance(r.get("id", ""), str) and isinstance(r.get("label", ""), str)
            and len(r.get("label", "")) <= 200 and valid_center(r.get("lat"), r.get("lon"), 0)
            and _finite(r.get("km")) and 0.001 <= r["km"] <= 20_000)


def _ids(raw: Any, what: str) -> tuple[str, ...]:
    if not isinstance(raw, (list, tuple)) or len(raw) > MAX_IDS or not all(isinstance(x, str) for x in raw):
        raise ViewError(f"{what}: expected a list of ids")
    return tuple(raw)


@dataclass(frozen=True)
class MapState:
    """What the map shows. Immutable: a change is a new state (``with_``), and equal states draw alike."""

    camera: Camera = field(default_factory=Camera)
    layers: tuple[str, ...] = field(default_factory=default_layers)
    selected: str = ""
    highlight: tuple[str, ...] = ()
    #: The query model's filter (``explorer.atlas.query.Filter.to_json()``); features it leaves
    #: out are hidden, or greyed when ``filter_mode`` is ``"grey"``.
    filter: Mapping[str, Any] | None = field(default=None, hash=False)
    filter_mode: str = "hide"
    #: Show the atlas as of this partial ISO date ("1971", "1995-06"); "" is today.
    as_of: str = ""
    #: User range rings: ``{"id", "label", "lat", "lon", "km"}`` each.
    rings: tuple[Mapping[str, Any], ...] = field(default=(), hash=False)
    #: The measure tool's points, ``(lat, lon)`` each: shown, never saved in settings.
    measure: tuple[tuple[float, float], ...] = ()
    #: Show the chart of Okinawa's share of the US exclusive-use area on the map.
    share_chart: bool = False

    def with_(self, **changes: Any) -> "MapState":
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The one JSON form: what the page applies, settings store and batch files mirror."""
        return {"camera": self.camera.to_json(), "layers": list(self.layers), "selected": self.selected,
                "highlight": list(self.highlight), "filter": dict(self.filter) if self.filter else None,
                "filterMode": self.filter_mode, "asOf": self.as_of, "rings": [dict(r) for r in self.rings],
                "measure": [list(p) for p in self.measure], "shareChart": self.share_chart}

    @classmethod
    def from_json(cls, raw: Any) -> "MapState":
        """A state from its JSON form, validated: ViewError names the first bad field.

        Unknown layers are dropped rather than refused, so a state saved while a
        user layer was open still restores without it.
        """
        if not isinstance(raw, Mapping):
            raise ViewError("map state: expected an object")
        camera = Camera.from_json(raw.get("camera", {}))
        layers_raw = raw.get("layers", list(default_layers()))
        layers = tuple(x for x in _ids(layers_raw, "layers") if x in REGISTRY)
        selected = raw.get("selected", "")
        if not isinstance(selected, str) or len(selected) > 200:
            raise ViewError("selected: expected an id")
        as_of = raw.get("asOf", "")
        if not isinstance(as_of, str) or len(as_of) > 10:
            raise ViewError("asOf: expected a date")
        flt = raw.get("filter")
        if flt is not None and not isinstance(flt, Mapping):
            raise ViewError("filter: expected an object")
        rings = raw.get("rings", [])
        if not isinstance(rings, list) or len(rings) > 100 or not all(_ring_ok(r) for r in rings):
            raise ViewError("rings: expected a list of {id, label, lat, lon, km}")
        mode = raw.get("filterMode", "hide")
        if mode not in ("hide", "grey"):
            raise ViewError("filterMode: expected hide or grey")
        measure = raw.get("measure", [])
        if not (isinstance(measure, list) and len(measure) <= 1000
                and all(isinstance(p, (list, tuple)) and len(p) == 2 and valid_center(p[0], p[1], 0) for p in measure)):
            raise ViewError("measure: expected a list of [lat, lon]")
        return cls(camera=camera, layers=layers, selected=selected,
                   highlight=_ids(raw.get("highlight", []), "highlight"), filter=flt, filter_mode=mode,
                   as_of=as_of, rings=tuple(dict(r) for r in rings),
                   measure=tuple((float(p[0]), float(p[1])) for p in measure),
                   share_chart=raw.get("shareChart", False) is True)


@dataclass(frozen=True)
class ExportOptions:
    """How a snapshot of a state is made: format, size, and what is drawn around the map."""

    fmt: str = "png"
    width: int = 1600
    height: int = 1000
    scale: float = 1.0
    title: str = ""
    subtitle: str = ""
    legend: bool = True
    source_line: bool = True
    dossier: bool = False

    def with_(self, **changes: Any) -> "ExportOptions":
        return replace(self, **changes)


__all__ = ["Camera", "MapState", "ExportOptions", "parse_view", "parse_layers", "valid_center", "FORMATS"]
