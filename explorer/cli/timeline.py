"""The CLI's "as of" and "where" options for ``list --as-of`` and ``info ID --as-of``.

(``export --as-of`` and ``--where`` are parsed into the map state itself,
``explorer.mapping.state``.) No Qt here. A bad date or facet is one
``ExplorerError`` line.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, Callable, Iterable

from explorer.errors import ExplorerError


class OptionError(ExplorerError):
    """A malformed --as-of or --where value."""


def as_of(text: str | None) -> dt.date | None:
    """The day a ``--as-of`` value stands for (its last day), or None if not given."""
    if not text:
        return None
    from explorer.atlas.timeline import parse_as_of

    try:
        return parse_as_of(text)
    except ValueError as exc:
        raise OptionError(str(exc)) from None


def as_of_text(text: str | None) -> str:
    """The ``--as-of`` value checked and normalised for ``MapState.as_of`` ("" if none)."""
    if not text:
        return ""
    as_of(text)
    return text.strip()


def where_filter(items: Iterable[str] | None) -> dict[str, Any] | None:
    """``FACET=VALUE`` items (repeatable; OR within a facet, AND across) as ``Filter.to_json()``."""
    from explorer.errors import ViewError
    from explorer.mapping.state import parse_where

    try:
        flt = parse_where(list(items) if items else None)
    except ViewError as exc:
        raise OptionError(str(exc)) from None
    return flt.to_json() if flt is not None else None


# -- list and info -----------------------------------------------------------------------------

def list_rows(catalog, feats, when: dt.date) -> list[tuple[Any, dict[str, Any]]]:
    """The features valid on ``when``, each with what the date says about it."""
    from explorer.atlas import query, timeline
    from explorer.atlas.records import Base
    from explorer.present import labels

    rev = timeline.reversion_date(catalog)
    out = []
    for f in feats:
        if not query.validity(f).contains(when):
            continue
        extra: dict[str, Any] = {"as_of": when.isoformat(), "start_known": f.valid_from is not None}
        if isinstance(f, Base):
            regime = timeline.base_regime(catalog, f, when)
            extra["held"] = regime
            extra["held_text"] = labels.REGIME[regime].format(when=f" on {rev}" if rev else "")
        out.append((f, extra))
    return out


def print_list(catalog, feats, when: dt.date, as_json: bool, feature_json) -> None:
    rows = list_rows(catalog, feats, when)
    if as_json:
        json.dump([{**feature_json(f), **extra} for f, extra in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    print(f"# as of {when.isoformat()}: {len(rows)} of {len(list(feats))} features")
    for f, extra in rows:
        mark = f"  [{extra['held_text']}]" if extra.get("held") and extra["held"] != "provided" else ""
        unknown = "" if extra["start_known"] else "  (start unknown)"
        print(f"{f.id:40} {f.name}{mark}{unknown}")


def info_data(catalog, rid: str, when: dt.date | None) -> dict[str, Any]:
    """The dossier of a feature, provision or controversy id (optionally as of a date)."""
    from explorer.present.dossier import controversy_info, dossier_dict, provision_info

    if rid.startswith("provision:"):
        return provision_info(catalog, rid, when)
    if rid.startswith("controversy:"):
        return controversy_info(catalog, rid, when)
    return dossier_dict(catalog, rid, when)


def print_law_info(data: dict[str, Any], emit: Callable[[str], None] = print) -> None:
    """Plain text for a provision or a controversy, one ``emit``ted line at a time.

    The CLI passes an ``emit`` that escapes controls and bidi marks, as for every
    other text it prints from the data.
    """
    emit(data.get("headline") or data.get("title"))
    emit(f"  {data['kind']} · {data['id']}")
    if data.get("as_of"):
        emit(f"  As of {data['as_of']}: {data['status_text']}")
    if data["kind"] == "provision":
        emit(f"  {data['instrument']}" + (f", {data['dates']}" if data["dates"] else ""))
        if data.get("valid_to") or data.get("superseded_by_id"):
            emit(f"  Applies until: {data.get('valid_to') or '?'}"
                 + (f" (superseded by {data['superseded_by_id']})" if data.get("superseded_by_id") else ""))
    else:
        emit(f"  {data['years']}")
    emit("")
    emit(f"{data['summary']}")
    if data.get("note"):
        emit("")
        emit(f"Note: {data['note']}")
    if data["kind"] == "provision":
        for key, title in (("governs", "Governs"), ("related", "Read with"), ("replaces", "Replaces")):
            if data.get(key):
                emit("")
                emit(f"{title}:")
                for x in data[key]:
                    emit(f"  - {x.get('name') or x.get('short')} ({x['id']})")
    else:
        if data["features"]:
            emit("")
            emit("Concerns:")
            for x in data["features"]:
                emit(f"  - {x['name']} ({x['id']})")
    emit("")
    emit("Sources:")
    for s in data["sources"]:
        emit(f"  [{s['n']}] {s['text']}" if s.get("n") else f"  - {s['text']}")
    for s in data.get("valid_sources") or ():
        emit(f"  - (dates) {s['text']}")


__all__ = ["as_of", "as_of_text", "where_filter", "list_rows", "print_list", "info_data",
           "print_law_info", "OptionError"]
