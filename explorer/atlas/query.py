"""Faceted filters over the atlas, and the figures of whatever is selected.

The filter panel asks three questions: which features match (``select``),
what would each click give (``facet_counts``), and what do the matching
bases add up to (``figures``). A ``Filter`` is a frozen value with a JSON
form, because it is part of the saved map state and of shareable views;
``from_json`` validates, so a hand-edited state file fails with a message
instead of silently filtering nothing.

Semantics: AND across facets, OR within a facet, an empty facet means
"any". A feature that has no value for a facet (a state has no ``service``)
does not match a non-empty constraint on it.
"""

from __future__ import annotations

import datetime as dt
import json
import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from explorer.atlas import figures as _figures
from explorer.atlas.catalog import Catalog
from explorer.atlas.dates import Interval, PartialDate
from explorer.atlas.records import Base, Feature, Threat
from explorer.atlas.search import fold
from explorer.atlas.userlayers import UserFeature

#: The facets, in the order the panel shows them.
FACETS: tuple[str, ...] = ("layers", "service", "prefecture", "island", "use", "status",
                           "threat_kind", "actor", "provision", "controversy", "attribute")

#: MOD's "exclusive-use facility" list is these two uses together.
EXCLUSIVE_USES = frozenset({"us", "us_sdf_joint"})


def base_use(b: Base) -> str:
    """A base's use category (SOFA Art. II)."""
    return b.use


@dataclass(frozen=True)
class Filter:
    """Facet constraints plus free text; the default Filter() matches everything."""

    layers: frozenset[str] = frozenset()
    service: frozenset[str] = frozenset()
    prefecture: frozenset[str] = frozenset()
    island: frozenset[str] = frozenset()
    use: frozenset[str] = frozenset()
    status: frozenset[str] = frozenset()
    threat_kind: frozenset[str] = frozenset()
    actor: frozenset[str] = frozenset()
    provision: frozenset[str] = frozenset()
    controversy: frozenset[str] = frozenset()
    #: A user layer's attributes, ``LAYER:FIELD=VALUE`` each. Unlike the other facets it
    #: constrains only the layers it names: every other feature passes it.
    attribute: frozenset[str] = frozenset()
    text: str = ""

    def __post_init__(self) -> None:
        # Accept any iterable of strings, but never a bare string (a set of its letters).
        for name in FACETS:
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"facet {name!r} must be a collection of strings, got {value!r}")
            object.__setattr__(self, name, frozenset(value))
        if not isinstance(self.text, str):
            raise ValueError(f"text must be a string, got {type(self.text).__name__}")
        # Layer names are checked against the registry by whoever knows it (the map state,
        # the CLI): the model cannot, since user layers are registered above it.

    def without(self, facet: str) -> "Filter":
        """The same filter with one facet's constraint removed."""
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}")
        return dataclasses.replace(self, **{facet: frozenset()})

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict: non-empty facets as sorted lists, and ``text`` if set."""
        out: dict[str, Any] = {name: sorted(getattr(self, name)) for name in FACETS if getattr(self, name)}
        if self.text:
            out["text"] = self.text
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | str) -> "Filter":
        """Inverse of :meth:`to_json`; ValueError on an unknown facet or a wrong type."""
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                raise ValueError(f"filter is not valid JSON: {exc}") from None
        if not isinstance(data, Mapping):
            raise ValueError(f"filter must be a JSON object, got {type(data).__name__}")
        unknown = set(data) - set(FACETS) - {"text"}
        if unknown:
            raise ValueError(f"unknown filter facet(s) {sorted(unknown)}")
        kwargs: dict[str, Any] = {}
        for name, value in data.items():
            if name == "text":
                if not isinstance(value, str):
                    raise ValueError("filter text must be a string")
                kwargs[name] = value
            elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"filter facet {name!r} must be a list of strings")
            else:
                kwargs[name] = frozenset(value)
        return cls(**kwargs)


def facet_values(catalog: Catalog, f: Feature) -> dict[str, frozenset[str]]:
    """The values a feature has for each facet (empty where the facet does not apply)."""
    d = catalog.dossier(f.id)
    out: dict[str, frozenset[str]] = {name: frozenset() for name in FACETS}
    out["layers"] = frozenset({f.layer})
    # The provisions that govern it, as the map highlights them; one it only invokes is left out.
    out["provision"] = frozenset(p.id for p in d.provisions if p.id not in f.invokes or p.id in f.provisions)
    out["controversy"] = frozenset(c.id for c in d.controversies)
    if isinstance(f, Base):
        for name, value in (("service", f.service), ("prefecture", f.prefecture), ("island", f.island),
                            ("use", base_use(f)), ("status", f.status)):
            out[name] = frozenset({value}) if value else frozenset()
    if isinstance(f, Threat):
        out["threat_kind"] = frozenset({f.threat_kind})
        out["actor"] = frozenset({f.actor}) if f.actor else frozenset()
    if isinstance(f, UserFeature):
        out["attribute"] = frozenset(attribute_value(f.layer, k, v) for k, v in f.props
                                     if v is not None and not isinstance(v, (list, dict)))
    return out


def attribute_value(layer: str, field: str, value: object) -> str:
    """The ``attribute`` facet's form of one user attribute: ``LAYER:FIELD=VALUE``."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{layer}:{field}={value}"


def validity(f: Feature) -> Interval:
    """When a feature is valid: ``[valid_from, valid_to)`` as the loaders parsed it
    (an event's ``date`` when it gives no ``valid_from``); an unknown end is open."""
    return Interval(f.valid_from, f.valid_to)


def _text_match(needle: str, f: Feature) -> bool:
    return any(needle in fold(s) for s in (f.name, f.name_ja, f.id) if s)


def _matches(values: dict[str, frozenset[str]], flt: Filter, skip: str = "") -> bool:
    for name in FACETS:
        want = getattr(flt, name)
        if name == "attribute" and want and name != skip:
            layers = values["layers"]
            want = frozenset(w for w in want if w.split(":", 1)[0] in layers)  # only its own layer's
        if name != skip and want and not (want & values[name]):
            return False
    return True


def _candidates(catalog: Catalog, flt: Filter, as_of: dt.date | None) -> list[tuple[Feature, dict[str, frozenset[str]]]]:
    """Features passing the text and date constraints, with their facet values."""
    needle = fold(flt.text)
    out = []
    for f in catalog.features.values():
        if needle and not _text_match(needle, f):
            continue
        if as_of is not None and not validity(f).contains(as_of):
            continue
        out.append((f, facet_values(catalog, f)))
    return out


def select(catalog: Catalog, flt: Filter, as_of: dt.date | None = None) -> tuple[str, ...]:
    """Ids of the features matching ``flt`` (valid on ``as_of`` if given), in catalog order."""
    return tuple(f.id for f, values in _candidates(catalog, flt, as_of) if _matches(values, flt))


def facet_counts(catalog: Catalog, flt: Filter, as_of: dt.date | None = None) -> dict[str, dict[str, int]]:
    """For each facet and value: how many features have that value among those
    matching every *other* constraint (standard faceted-search counts: the
    facet's own constraint is left out, so a count is what selecting that value
    alone in the facet would give). Values are those present in the
    candidates, plus any value the filter asks for (count 0 if absent);
    most frequent first."""
    cands = _candidates(catalog, flt, as_of)
    counts: dict[str, dict[str, int]] = {}
    for name in FACETS:
        tally: dict[str, int] = {v: 0 for v in getattr(flt, name)}
        for _, values in cands:
            if _matches(values, flt, skip=name):
                for v in values[name]:
                    tally[v] = tally.get(v, 0) + 1
        counts[name] = dict(sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))
    return counts


@dataclass(frozen=True)
class Figures:
    """What a selection of bases adds up to, with the date the share is true for."""

    count: int
    area_km2: float
    area_missing: int
    exclusive_count: int = 0
    exclusive_km2: float = 0.0
    national_km2: float | None = None
    share_pct: float | None = None
    as_of: PartialDate | None = None
    ids: tuple[str, ...] = field(default=(), repr=False)


def figures(catalog: Catalog, ids: Iterable[str]) -> Figures:
    """Count and area of the bases among ``ids``, and their share of the national
    exclusive-use area. The share counts only the bases that
    :func:`explorer.atlas.figures.exclusive_bases` counts for the national
    total's date (exclusive use, not returned, area given for that date), so
    it is the same computation as the Okinawa concentration, over any set."""
    wanted = list(dict.fromkeys(ids))
    bases = [b for b in (catalog.features.get(i) for i in wanted) if isinstance(b, Base)]
    area = sum(b.area_km2 for b in bases if b.area_km2 is not None)
    missing = sum(1 for b in bases if b.area_km2 is None)
    national = catalog.figures.get(_figures.NATIONAL_TOTAL)
    if national is None:
        return Figures(len(bases), round(area, 3), missing, ids=tuple(b.id for b in bases))
    chosen = {b.id for b in bases}
    excl = [b for b in _figures.exclusive_bases(catalog, national.as_of) if b.id in chosen]
    excl_km2 = sum(b.area_km2 or 0.0 for b in excl)
    return Figures(
        count=len(bases),
        area_km2=round(area, 3),
        area_missing=missing,
        exclusive_count=len(excl),
        exclusive_km2=round(excl_km2, 3),
        national_km2=national.value,
        share_pct=round(100.0 * excl_km2 / national.value, 2) if national.value else None,
        as_of=PartialDate.parse(national.as_of),
        ids=tuple(b.id for b in bases),
    )


__all__ = ["attribute_value", "Filter", "FACETS", "EXCLUSIVE_USES", "base_use", "select", "facet_counts", "figures",
           "Figures", "facet_values", "validity"]
