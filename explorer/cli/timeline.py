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
from explorer.i18n import tr


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
    from explorer.present.dated import regime_text

    out = []
    for f in feats:
        if not query.validity(f).contains(when):
            continue
        extra: dict[str, Any] = {"as_of": when.isoformat(), "start_known": f.valid_from is not None}
        if isinstance(f, Base):
            regime = timeline.base_regime(catalog, f, when)
            extra["held"] = regime
            extra["held_text"] = regime_text(catalog, regime)
        out.append((f, extra))
    return out


def print_list(catalog, feats, when: dt.date, as_json: bool, feature_json) -> None:
    rows = list_rows(catalog, feats, when)
    if as_json:
        json.dump([{**feature_json(f), **extra} for f, extra in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    from explorer.cli.text import safe
    from explorer.present import localize
    from explorer.present.dossier import day

    print(safe("# " + tr("as of {date}: {n} of {total} features", date=day(when.isoformat()), n=len(rows),
                         total=len(list(feats)))))
    for f, extra in rows:
        mark = f"  [{extra['held_text']}]" if extra.get("held") and extra["held"] != "provided" else ""
        unknown = "" if extra["start_known"] else "  " + tr("(start unknown)")
        print(safe(f"{f.id:40} {localize.name(f)}{mark}{unknown}"))


def info_data(catalog, rid: str, when: dt.date | None) -> dict[str, Any]:
    """The dossier of a feature, provision or controversy id (optionally as of a date)."""
    from explorer.present.dossier import controversy_info, dossier_dict, provision_info

    from explorer.errors import UnknownFeatureError

    if rid.startswith("provision:"):
        return provision_info(catalog, rid, when)
    if rid.startswith("controversy:"):
        return controversy_info(catalog, rid, when)
    if rid not in catalog.features:
        raise UnknownFeatureError(tr("no feature with id {id}; try 'alliance-explorer list'", id=repr(rid)))
    return dossier_dict(catalog, rid, when)


def print_law_info(data: dict[str, Any], emit: Callable[[str], None] = print) -> None:
    """Plain text for a provision or a controversy, one ``emit``ted line at a time.

    The CLI passes an ``emit`` that escapes controls and bidi marks, as for every
    other text it prints from the data.
    """
    from explorer import i18n
    from explorer.present.dossier import day

    kind = tr("provision") if data["kind"] == "provision" else tr("controversy")
    emit(data.get("headline") or data.get("title"))
    emit(f"  {kind} · {data['id']}")
    if data.get("as_of"):
        emit("  " + tr("As of {date}: {status}", date=data.get("as_of_text") or data["as_of"],
                       status=data["status_text"]))
    if data["kind"] == "provision":
        emit(f"  {data['instrument']}" + (i18n.join(["", data["dates"]]) if data["dates"] else ""))
        if data.get("valid_to") or data.get("superseded_by_id"):
            until = day(data.get("valid_to")) or "?"
            emit("  " + (tr("Applies until: {date} (superseded by {id})", date=until, id=data["superseded_by_id"])
                         if data.get("superseded_by_id") else tr("Applies until: {date}", date=until)))
    else:
        emit(f"  {data['years']}")
    emit("")
    emit(f"{data['summary']}")
    if data.get("note"):
        emit("")
        emit(tr("{label}: {value}", label=tr("Note"), value=data["note"]))
    if data["kind"] == "provision":
        for key, title in (("governs", tr("Governs:")), ("related", tr("Read with:")), ("replaces", tr("Replaces:"))):
            if data.get(key):
                emit("")
                emit(title)
                for x in data[key]:
                    emit(f"  - {x.get('name') or x.get('short')} ({x['id']})")
    else:
        if data["features"]:
            emit("")
            emit(tr("Concerns:"))
            for x in data["features"]:
                emit(f"  - {x['name']} ({x['id']})")
    emit("")
    emit(tr("Sources:"))
    for s in data["sources"]:
        emit(f"  [{s['n']}] {s['text']}" if s.get("n") else f"  - {s['text']}")
    for s in data.get("valid_sources") or ():
        emit("  - " + tr("(dates) {source}", source=s["text"]))


__all__ = ["as_of", "as_of_text", "where_filter", "list_rows", "print_list", "info_data",
           "print_law_info", "OptionError"]
