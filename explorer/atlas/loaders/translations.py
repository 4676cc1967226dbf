"""The atlas's own text in other languages: ``geodata/<lang>/*.toml``, one table per record.

The English records stay the reference: a translation file holds, for a record
id, the same text fields in another language, written as a translation of the
atlas's English text. A quotation inside a translation is the official text in
that language, read from a source; those sources are listed in the table's own
``sources`` (the English record's sources still apply)::

    ["provision:treaty1960-art6"]
    title = "施設・区域の使用の許与"
    summary = "…「日本国の安全に寄与し…」…"
    sources = [{ id = "src:law-treaty1960-ja", at = "第6条" }]

    ["briefing:futenma"]          # a step of the guided briefing
    text = "…"

Which fields a record may translate, and that its id exists, is checked once the
catalog is built (:func:`check_translations`), so a misspelt id is one problem
with its place, not a silent English fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from explorer.atlas.loaders.reader import Problem, Reader
from explorer.atlas.records import SourceRef

#: Languages the atlas may carry text in besides English (a folder of the data directory each).
LANGS: tuple[str, ...] = ("ja",)


@dataclass(frozen=True)
class Translation:
    """One record's text in one language."""

    id: str
    fields: Mapping[str, str] = field(hash=False, compare=False)
    #: Documents in that language the text quotes (official texts), with locators.
    sources: tuple[SourceRef, ...] = ()
    file: str = ""

    def __reduce__(self):  # the cached catalog is pickled, and a mappingproxy does not pickle
        return _translation, (self.id, dict(self.fields), self.sources, self.file)


def _translation(rid: str, fields: dict[str, str], sources: tuple[SourceRef, ...], file: str) -> Translation:
    return Translation(rid, MappingProxyType(fields), sources, file)


def load_translations(reader: Reader) -> dict[str, dict[str, Translation]]:
    """``{lang: {record id: Translation}}`` for every language folder present."""
    out: dict[str, dict[str, Translation]] = {}
    for lang in LANGS:
        folder = reader.root / lang
        if not folder.is_dir():
            continue
        table: dict[str, Translation] = {}
        for path in sorted(folder.glob("*.toml")):
            raw = reader.read_toml(path)
            rel = str(path.relative_to(reader.root))
            for rid, item in raw.items():
                if not isinstance(item, dict):
                    reader.problem(path, rid, "", "expected a table of translated fields")
                    continue
                if rid in table:
                    reader.problem(path, rid, "", f"translated twice (also in {table[rid].file})")
                    continue
                if not reader.check_strings(path, rid, item):
                    continue
                texts: dict[str, str] = {}
                for key, value in item.items():
                    if key == "sources":
                        continue
                    if not isinstance(value, str) or not value.strip():
                        reader.problem(path, rid, key, "expected non-empty text")
                        continue
                    texts[key] = value.strip()
                refs: tuple[SourceRef, ...] = ()
                if "sources" in item:
                    refs = reader.sources(item, path, rid)
                table[rid] = Translation(rid, MappingProxyType(texts), refs, rel)
        out[lang] = table
    return out


def check_translations(catalog: Any, briefing_ids: set[str] | None = None) -> list[Problem]:
    """Each translated id exists, each field is one the record has in English, each source is known."""
    problems: list[Problem] = []
    records: dict[str, Any] = {**catalog.features, **catalog.provisions, **catalog.controversies,
                               **catalog.figures}
    for lang, table in catalog.translations.items():
        for rid, tr in table.items():
            if rid.startswith("briefing"):
                if briefing_ids is not None and rid != "briefing" and rid.split(":", 1)[1] not in briefing_ids:
                    problems.append(Problem(tr.file, rid, "", "no briefing step has this id"))
                continue
            rec = records.get(rid)
            if rec is None:
                problems.append(Problem(tr.file, rid, "", "no record has this id"))
                continue
            for key in tr.fields:
                english = getattr(rec, key, None)
                if not isinstance(english, str) or not english:
                    problems.append(Problem(tr.file, rid, key,
                                            "the English record has no such text to translate"))
            for ref in tr.sources:
                if ref.id not in catalog.sources:
                    problems.append(Problem(tr.file, rid, "sources", f"undefined source {ref.id}"))
    return problems
