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

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from explorer.atlas.dates import PartialDate
from explorer.atlas.query import Filter
from explorer.errors import ViewError
from explorer.mapping.layers import ATLAS_LAYER_IDS, Registry
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


def parse_layers(spec: str | list | tuple, known: Registry | tuple[str, ...] = ATLAS_LAYER_IDS) -> tuple[str, ...]:
    """``bases,threats`` (or a list) -> ('bases', 'threats'); ViewError on a name ``known`` lacks.

    ``known`` is the workspace's registry (user layers included) or, by default,
    the atlas's own layer ids.
    """
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    if not all(isinstance(s, str) for s in items):
        raise ViewError("layers: expected names")
    ids = known.ids() if isinstance(known, Registry) else tuple(known)
    names = tuple(dict.fromkeys(s.strip().lower() for s in items if s.strip()))
    bad = [n for n in names if n not in ids]
    if bad or not names:
        raise ViewError(f"unknown layer(s) {', '.join(bad) or '(none)'}; use {','.join(ids)}")
    return names


@dataclass(frozen=True)
class Ring(Mapping):
    """A user range ring: a label, a centre on Earth and a range from 1 m to half the Earth's circumference.

    Read like the JSON object it comes from (``ring["km"]``), so the coverage
    code that also takes plain dicts reads both; but it is checked once, here.
    """

    lat: float
    lon: float
    km: float
    id: str = ""
    label: str = ""
    threat: str = ""

    def __post_init__(self) -> None:
        if not (isinstance(self.id, str) and isinstance(self.label, str) and len(self.label) <= 200
                and isinstance(self.threat, str) and len(self.id) <= 200 and len(self.threat) <= 200):
            raise ViewError("rings: a ring's id and label must be text")
        if not valid_center(self.lat, self.lon, 0):
            raise ViewError("rings: a ring's centre must be a latitude and longitude on Earth")
        if not (_finite(self.km) and 0.001 <= self.km <= 20_000):
            raise ViewError("rings: a ring's range must be from 0.001 to 20,000 km")

    @classmethod
    def from_json(cls, raw: Any) -> "Ring":
        if isinstance(raw, Ring):
            return raw
        if not isinstance(raw, Mapping):
            raise ViewError("rings: expected a list of {id, label, lat, lon, km}")
        unknown = set(raw) - {"id", "label", "lat", "lon", "km", "threat"}
        if unknown:
            raise ViewError(f"rings: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        return cls(lat=raw.get("lat"), lon=raw.get("lon"), km=raw.get("km"), id=raw.get("id", ""),
                   label=raw.get("label", ""), threat=raw.get("threat", ""))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "label": self.label, "lat": self.lat, "lon": self.lon, "km": self.km}
        if self.threat:
            out["threat"] = self.threat
        return out

    # Mapping: the JSON form's keys, so ``ring["km"]`` and ``ring.get("label")`` read it.
    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_json())

    def __len__(self) -> int:
        return len(self.to_json())


def parse_date(value: Any, what: str = "asOf") -> PartialDate | None:
    """``"1971"``, ``"1995-06"``, ``"2017-08-29"``, a PartialDate or empty -> a PartialDate or None.

    ViewError, one line, for anything else: a bad date is refused where it
    enters, never at draw time.
    """
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str) or len(value) > 10:
        raise ViewError(f"{what}: expected a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        return PartialDate.parse(value.strip())
    except ValueError:
        raise ViewError(f"{what}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def parse_where(items: Any) -> Filter | None:
    """``FACET=VALUE`` items (OR within a facet, AND across; ``text=...`` for free text) -> a Filter or None.

    The one reading of ``--where`` and of a batch file's ``where``; ViewError names the bad item.
    """
    from explorer.atlas.query import FACETS

    if items is None:
        return None
    if isinstance(items, str) or not all(isinstance(i, str) for i in items):
        raise ViewError("where: expected a list of FACET=VALUE")
    facets: dict[str, set[str]] = {}
    text = ""
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not value:
            raise ViewError(f"--where {item!r}: use FACET=VALUE, e.g. service=USMC")
        if name == "text":
            text = value
        elif name in FACETS:
            facets.setdefault(name, set()).add(value)
        else:
            raise ViewError(f"--where {item!r}: unknown facet {name!r}; one of {', '.join(FACETS)}, text")
    return parse_filter(Filter(**{k: frozenset(v) for k, v in facets.items()}, text=text))


def parse_filter(value: Any) -> Filter | None:
    """A Filter, its JSON form, or nothing -> a Filter (None when it constrains nothing); ViewError otherwise."""
    if value is None:
        return None
    if isinstance(value, Filter):
        flt = value
    elif isinstance(value, Mapping):
        try:
            flt = Filter.from_json(value)
        except ValueError as exc:
            raise ViewError(f"filter: {exc}") from None
    else:
        raise ViewError("filter: expected an object")
    return flt if flt.to_json() else None


def _ids(raw: Any, what: str) -> tuple[str, ...]:
    if not isinstance(raw, (list, tuple)) or len(raw) > MAX_IDS or not all(isinstance(x, str) for x in raw):
        raise ViewError(f"{what}: expected a list of ids")
    return tuple(raw)


@dataclass(frozen=True)
class MapState:
    """What the map shows. Immutable: a change is a new state (``with_``), and equal states draw alike."""

    camera: Camera = field(default_factory=Camera)
    layers: tuple[str, ...] = ATLAS_LAYER_IDS
    selected: str = ""
    highlight: tuple[str, ...] = ()
    #: The query model's filter; features it leaves out are hidden, or greyed when
    #: ``filter_mode`` is ``"grey"``. None when nothing is filtered.
    filter: Filter | None = None
    filter_mode: str = "hide"
    #: Show the atlas as of this date (a year, month or day); None is today.
    as_of: PartialDate | None = None
    #: User range rings.
    rings: tuple[Ring, ...] = ()
    #: The measure tool's points, ``(lat, lon)`` each: shown, never saved in settings.
    measure: tuple[tuple[float, float], ...] = ()
    #: Show the chart of Okinawa's share of the US exclusive-use area on the map.
    share_chart: bool = False

    def __post_init__(self) -> None:
        # Typed at the door: a date, filter or ring given in its JSON form (the CLI, a
        # widget, a test) is parsed here once, and a bad one is a ViewError, never a
        # value that fails later at draw time.
        object.__setattr__(self, "as_of", parse_date(self.as_of))
        object.__setattr__(self, "filter", parse_filter(self.filter))
        if not isinstance(self.rings, tuple) or not all(isinstance(r, Ring) for r in self.rings):
            if not isinstance(self.rings, (list, tuple)) or len(self.rings) > 100:
                raise ViewError("rings: expected a list of at most 100 rings")
            object.__setattr__(self, "rings", tuple(Ring.from_json(r) for r in self.rings))
        if self.filter_mode not in ("hide", "grey"):
            raise ViewError("filterMode: expected hide or grey")

    def with_(self, **changes: Any) -> "MapState":
        return replace(self, **changes)

    @property
    def when(self) -> dt.date | None:
        """The day the map is seen from: the last day ``as_of`` covers ("1971" -> 1971-12-31), or None."""
        return self.as_of.end() if self.as_of is not None else None

    def to_json(self) -> dict[str, Any]:
        """The one JSON form: what the page applies, settings store and batch files mirror."""
        return {"camera": self.camera.to_json(), "layers": list(self.layers), "selected": self.selected,
                "highlight": list(self.highlight), "filter": self.filter.to_json() if self.filter else None,
                "filterMode": self.filter_mode, "asOf": str(self.as_of) if self.as_of else "",
                "rings": [r.to_json() for r in self.rings],
                "measure": [list(p) for p in self.measure], "shareChart": self.share_chart}

    @classmethod
    def from_json(cls, raw: Any) -> "MapState":
        """A state from its JSON form, parsed and checked: ViewError names the first bad field.

        Layer ids are kept as given (id syntax checked): which of them are open
        is the workspace's question (``Workspace.resolve``), so a state saved
        while a user layer was open restores with it when it is open again.
        """
        if not isinstance(raw, Mapping):
            raise ViewError("map state: expected an object")
        camera = Camera.from_json(raw.get("camera", {}))
        layers = _ids(raw.get("layers", list(ATLAS_LAYER_IDS)), "layers")
        if any(len(x) > 200 for x in layers):
            raise ViewError("layers: expected layer ids")
        selected = raw.get("selected", "")
        if not isinstance(selected, str) or len(selected) > 200:
            raise ViewError("selected: expected an id")
        as_of = parse_date(raw.get("asOf", ""))
        flt = parse_filter(raw.get("filter"))
        rings = raw.get("rings", [])
        if not isinstance(rings, list) or len(rings) > 100:
            raise ViewError("rings: expected a list of {id, label, lat, lon, km}")
        rings = tuple(Ring.from_json(r) for r in rings)
        mode = raw.get("filterMode", "hide")
        if mode not in ("hide", "grey"):
            raise ViewError("filterMode: expected hide or grey")
        measure = raw.get("measure", [])
        if not (isinstance(measure, list) and len(measure) <= 1000
                and all(isinstance(p, (list, tuple)) and len(p) == 2 and valid_center(p[0], p[1], 0) for p in measure)):
            raise ViewError("measure: expected a list of [lat, lon]")
        return cls(camera=camera, layers=layers, selected=selected,
                   highlight=_ids(raw.get("highlight", []), "highlight"), filter=flt, filter_mode=mode,
                   as_of=as_of, rings=rings,
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
    #: A PDF's paper (``a4``, ``letter``, ``a3``) and orientation.
    paper: str = "a4"
    landscape: bool = False

    def with_(self, **changes: Any) -> "ExportOptions":
        return replace(self, **changes)


__all__ = ["Camera", "MapState", "Ring", "ExportOptions", "parse_view", "parse_layers", "parse_date", "parse_filter",
           "parse_where",
           "valid_center", "FORMATS"]
