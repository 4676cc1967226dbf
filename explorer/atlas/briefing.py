"""The guided briefing: ``geodata/briefing.toml`` read into frozen records.

A briefing is a title and an ordered list of steps. Each step carries its
text (our words, stating only what the records it names say), the ids of
those records, the sources it cites and the map state it shows, kept here as
the plain ``MapState`` JSON mapping: the model knows nothing of the map, and
``explorer.mapping.state.MapState.from_json`` turns it into a state where one
is needed. Loading collects every problem with its file, step and field;
``explorer.atlas.validate.check_briefing`` adds the checks that need the
catalog (ids and sources that must exist).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from explorer.atlas.loaders import Problem
from explorer.errors import DataError

FILE = "briefing.toml"
STEP_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: A step's text: long enough to say something, short enough to read beside a map.
MIN_WORDS, MAX_WORDS = 80, 200
#: The keys of a map state's JSON form (``MapState.to_json``).
STATE_KEYS = frozenset({"camera", "layers", "selected", "highlight", "filter", "filterMode", "asOf", "rings",
                        "measure"})
STEP_KEYS = frozenset({"id", "title", "text", "records", "sources", "state"})


def _freeze(value: Any) -> Any:
    """Read-only copies of TOML tables and arrays, so a frozen step stays frozen."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain dicts and lists again (for JSON and ``MapState.from_json``)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class Step:
    """One step of the briefing.

    Attributes:
        id: a short slug, unique in the briefing (``futenma``).
        title: the step's heading.
        text: paragraphs separated by blank lines.
        records: ids of the features, provisions, controversies and figures it draws on.
        sources: ids of the sources it cites.
        state: the map state it shows, in ``MapState`` JSON form (read-only).
    """

    id: str
    title: str
    text: str
    records: tuple[str, ...]
    sources: tuple[str, ...]
    state: Mapping[str, Any] = field(hash=False)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", self.text.strip()) if p.strip())

    @property
    def words(self) -> int:
        return len(self.text.split())

    def state_json(self) -> dict[str, Any]:
        return thaw(self.state)


@dataclass(frozen=True)
class Briefing:
    title: str
    subtitle: str
    steps: tuple[Step, ...]

    def index(self, step_id: str) -> int:
        for i, s in enumerate(self.steps):
            if s.id == step_id:
                return i
        raise KeyError(step_id)


def _where(i: int, raw: Any) -> str:
    sid = raw.get("id") if isinstance(raw, Mapping) else None
    return f"step {i}" + (f" ({sid})" if isinstance(sid, str) and sid else "")


def _ids(raw: Any, where: str, name: str, out: list[Problem], file: str) -> tuple[str, ...]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
        out.append(Problem(file, where, name, "expected a list of ids"))
        return ()
    if len(set(value)) != len(value):
        out.append(Problem(file, where, name, "an id is listed twice"))
    return tuple(value)


def parse(raw: Any, file: str = FILE) -> tuple[Briefing | None, list[Problem]]:
    """A briefing from a parsed TOML mapping, and every problem in it (the steps that are usable are kept)."""
    out: list[Problem] = []
    if not isinstance(raw, Mapping):
        return None, [Problem(file, "", "", "expected a table")]
    title = raw.get("title", "")
    if not isinstance(title, str) or not title.strip():
        out.append(Problem(file, "", "title", "the briefing needs a title"))
        title = ""
    subtitle = raw.get("subtitle", "")
    if not isinstance(subtitle, str):
        out.append(Problem(file, "", "subtitle", "expected text"))
        subtitle = ""
    rows = raw.get("step")
    if not isinstance(rows, list) or not rows:
        out.append(Problem(file, "", "step", "expected one or more [[step]] tables"))
        return None, out
    steps: list[Step] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        where = _where(i, row)
        if not isinstance(row, Mapping):
            out.append(Problem(file, where, "", "expected a table"))
            continue
        before = len(out)
        for key in sorted(set(row) - STEP_KEYS):
            out.append(Problem(file, where, key, "unknown field"))
        sid = row.get("id")
        if not isinstance(sid, str) or not STEP_ID_RE.match(sid):
            out.append(Problem(file, where, "id", "expected a short id of lower-case letters, digits and '-'"))
        elif sid in seen:
            out.append(Problem(file, where, "id", f"step id {sid!r} is used twice"))
        else:
            seen.add(sid)
        stitle = row.get("title")
        if not isinstance(stitle, str) or not stitle.strip():
            out.append(Problem(file, where, "title", "a step needs a title"))
        text = row.get("text")
        if not isinstance(text, str):
            out.append(Problem(file, where, "text", "a step needs text"))
        elif not MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            out.append(Problem(file, where, "text",
                               f"{len(text.split())} words; a step's text is {MIN_WORDS} to {MAX_WORDS} words"))
        records = _ids(row, where, "records", out, file)
        sources = _ids(row, where, "sources", out, file)
        if not records and "records" not in [p.field for p in out[before:]]:
            out.append(Problem(file, where, "records", "a step must name the records it draws on"))
        if not sources and "sources" not in [p.field for p in out[before:]]:
            out.append(Problem(file, where, "sources", "a step must cite at least one source"))
        state = row.get("state")
        if not isinstance(state, Mapping):
            out.append(Problem(file, where, "state", "a step needs a map state table"))
        else:
            for key in sorted(set(state) - STATE_KEYS):
                out.append(Problem(file, where, f"state.{key}", "not a map state field"))
        if len(out) == before:
            steps.append(Step(id=sid, title=stitle.strip(), text=text.strip(), records=records, sources=sources,
                              state=_freeze(state)))
    return Briefing(title=title.strip(), subtitle=subtitle.strip(), steps=tuple(steps)), out


def load(root: Path | str) -> tuple[Briefing | None, list[Problem]]:
    """``root/briefing.toml``: (None, []) when the directory has no briefing."""
    path = Path(root) / FILE
    if not path.exists():
        return None, []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(FILE, "", "", f"cannot read the file: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(FILE, "", "", f"not valid TOML: {exc}")]
    return parse(raw)


def read(root: Path | str) -> Briefing:
    """The briefing of a data directory, or ``DataError`` naming the first problem."""
    briefing, problems = load(root)
    if problems:
        raise DataError(f"{Path(root) / FILE}: {problems[0]}" + (f" (and {len(problems) - 1} more; run "
                        "'alliance-explorer validate')" if len(problems) > 1 else ""))
    if briefing is None:
        raise DataError(f"{Path(root) / FILE}: this data directory has no briefing")
    return briefing


__all__ = ["Briefing", "Step", "load", "read", "parse", "thaw", "FILE", "MIN_WORDS", "MAX_WORDS"]
