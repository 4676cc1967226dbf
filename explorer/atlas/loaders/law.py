"""Sources, provisions, controversies and published figures: the atlas's law and its citations."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from explorer.atlas.dates import PartialDate
from explorer.atlas.loaders.reader import Reader
from explorer.atlas.records import (
    Controversy,
    Figure,
    Provision,
    Source,
)


def _table_records(reader: Reader, path: Path, key: str, prefix: str,
                   seen: dict) -> Iterator[tuple[str, dict]]:
    """(id, raw) for each ``[[key]]`` table with a well-formed id not already in ``seen``."""
    for i, raw in enumerate(reader.table(path, key)):
        rid = reader.record_id(raw, path, prefix, i)
        if not rid:
            continue
        if rid in seen:
            reader.problem(path, rid, "id", "duplicate id")
            continue
        yield rid, raw


def load_sources(reader: Reader) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for path in sorted((reader.root / "sources").glob("*.toml")):
        for rid, raw in _table_records(reader, path, "source", "src:", out):
            out[rid] = Source(
                id=rid,
                title=reader.text(raw, "title", path, rid, required=True),
                publisher=reader.text(raw, "publisher", path, rid),
                date=reader.date(raw, "date", path, rid),
                url=reader.text(raw, "url", path, rid),
                note=reader.text(raw, "note", path, rid),
                date_note=reader.text(raw, "date_note", path, rid),
            )
    if not out:
        reader.problem(reader.root / "sources", "", "", "no sources defined")
    return out


def load_provisions(reader: Reader) -> dict[str, Provision]:
    path = reader.root / "provisions.toml"
    out: dict[str, Provision] = {}
    for rid, raw in _table_records(reader, path, "provision", "provision:", out):
        browse_only = raw.get("browse_only", False)
        if not isinstance(browse_only, bool):
            reader.problem(path, rid, "browse_only", f"expected true or false, got {browse_only!r}")
            browse_only = False
        out[rid] = Provision(
            id=rid,
            instrument=reader.text(raw, "instrument", path, rid, required=True),
            short=reader.text(raw, "short", path, rid, required=True),
            article=reader.text(raw, "article", path, rid),
            title=reader.text(raw, "title", path, rid, required=True),
            summary=reader.text(raw, "summary", path, rid, required=True),
            signed=reader.date(raw, "signed", path, rid),
            in_force=reader.date(raw, "in_force", path, rid),
            sources=reader.sources(raw, path, rid),
            note=reader.text(raw, "note", path, rid),
            related=reader.ids(raw, "related", path, rid),
            browse_only=browse_only,
            **reader.validity(raw, path, rid, default_from=str(raw.get("in_force") or raw.get("signed") or "")),
            superseded_by=reader.text(raw, "superseded_by", path, rid),
            valid_note=reader.text(raw, "valid_note", path, rid),
        )
    return out


def load_controversies(reader: Reader) -> dict[str, Controversy]:
    path = reader.root / "controversies.toml"
    out: dict[str, Controversy] = {}
    for rid, raw in _table_records(reader, path, "controversy", "controversy:", out):
        out[rid] = Controversy(
            id=rid,
            title=reader.text(raw, "title", path, rid, required=True),
            summary=reader.text(raw, "summary", path, rid, required=True),
            start=reader.date(raw, "start", path, rid, required=True),
            end=reader.date(raw, "end", path, rid),
            features=reader.ids(raw, "features", path, rid),
            provisions=reader.ids(raw, "provisions", path, rid),
            sources=reader.sources(raw, path, rid),
            note=reader.text(raw, "note", path, rid),
            start_date=_parsed(raw, "start"),
            end_date=_parsed(raw, "end"),
        )
    return out


def _parsed(raw: dict, key: str) -> PartialDate | None:
    """A date already checked (and reported) by ``Reader.date``, parsed; None if empty or bad."""
    value = raw.get(key)
    try:
        return PartialDate.parse(value.strip()) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return None


def load_figures(reader: Reader) -> dict[str, Figure]:
    path = reader.root / "figures.toml"
    if not path.exists():
        return {}
    out: dict[str, Figure] = {}
    for i, raw in enumerate(reader.table(path, "figure")):
        rid = reader.record_id(raw, path, "figure:", i)
        value = reader.number(raw, "value", path, rid)
        if not rid or value is None:
            if rid:
                reader.problem(path, rid, "value", "figure has no numeric value")
            continue
        out[rid] = Figure(
            id=rid,
            label=reader.text(raw, "label", path, rid, required=True),
            value=value,
            unit=reader.text(raw, "unit", path, rid),
            as_of=reader.date(raw, "as_of", path, rid, required=True),
            sources=reader.sources(raw, path, rid),
            note=reader.text(raw, "note", path, rid),
        )
    return out
