"""Project files (``.aeproj``) and bookmarks: small, versioned, validated JSON.

A project holds a map state, named bookmarks (each a map state), and the
user layers open at the time: each as a path *relative to the project file*
plus the choices it was read with (layer, CRS, CSV columns, name field) and
its style. Range rings are part of the map state (``state.rings``).

Loading validates everything before anything changes; a layer file that is
missing or unreadable is reported in one line per file and the rest of the
project still opens (:func:`open_layers`). Bookmark states are kept as JSON
and parsed when restored, so a bookmark that shows a user layer keeps it as
long as that layer is open.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from explorer.atlas.userlayers import Cancelled, LayerFileError, LoadRequest, Loaded, NeedsChoice, read_layer
from explorer.errors import ExplorerError, ViewError
from explorer.mapping.state import MapState
from explorer.mapping.userlayer import UserStyle

FORMAT = "alliance-explorer-project"
VERSION = 1
SUFFIX = ".aeproj"
MAX_BYTES = 5 * 1024 * 1024
MAX_BOOKMARKS = 500
MAX_LAYERS = 50


class ProjectError(ExplorerError):
    """A project file cannot be read or written; the message names the file and the reason."""


@dataclass(frozen=True)
class Bookmark:
    """A named map state (kept as its JSON form; see the module doc)."""

    name: str
    state: dict[str, Any] = field(hash=False, compare=True)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > 200:
            raise ValueError("a bookmark needs a name of 1 to 200 characters")
        if not isinstance(self.state, dict):
            raise ValueError(f"bookmark {self.name!r}: its state must be an object")
        try:
            MapState.from_json(self.state)
        except (ViewError, TypeError, ValueError) as exc:
            raise ValueError(f"bookmark {self.name!r}: {exc}") from None

    @classmethod
    def of(cls, name: str, state: MapState) -> "Bookmark":
        return cls(name.strip(), state.with_(measure=()).to_json())

    def map_state(self) -> MapState:
        """The bookmark's state as saved (``Workspace.resolve`` drops what is not open now)."""
        return MapState.from_json(self.state)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "state": self.state}

    @classmethod
    def from_json(cls, raw: Any) -> "Bookmark":
        if not isinstance(raw, dict):
            raise ValueError("a bookmark must be an object")
        return cls(raw.get("name"), raw.get("state"))


def bookmarks_from_json(raw: Any) -> list[Bookmark]:
    if not isinstance(raw, list) or len(raw) > MAX_BOOKMARKS:
        raise ValueError(f"bookmarks: expected a list of at most {MAX_BOOKMARKS}")
    out = [Bookmark.from_json(b) for b in raw]
    names = [b.name for b in out]
    if len(set(names)) != len(names):
        raise ValueError("bookmarks: two bookmarks have the same name")
    return out


@dataclass(frozen=True)
class LayerEntry:
    """A user layer as a project records it."""

    path: str
    request: LoadRequest
    style: UserStyle

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, **self.request.to_json(), "style": self.style.to_json()}

    @classmethod
    def from_json(cls, raw: Any) -> "LayerEntry":
        if not isinstance(raw, dict):
            raise ValueError("a layer must be an object")
        path = raw.get("path")
        if not isinstance(path, str) or not path or len(path) > 4096:
            raise ValueError("a layer needs a path")
        text = {k: raw.get(k, "") for k in ("id", "label", "layer", "crs", "columns", "name_field")}
        if not all(isinstance(v, str) and len(v) <= 400 for v in text.values()):
            raise ValueError(f"layer {path!r}: id, label, layer, crs, columns and name_field must be text")
        if not text["id"].startswith("user-") or not text["id"].replace("-", "").isalnum():
            raise ValueError(f"layer {path!r}: id must look like user-name")
        req = LoadRequest(Path(path), layer_id=text["id"], label=text["label"], layer=text["layer"], crs=text["crs"],
                          columns=text["columns"], name_field=text["name_field"])
        return cls(path, req, UserStyle.from_json(raw.get("style", {})))


@dataclass(frozen=True)
class Project:
    """What a project file holds."""

    state: dict[str, Any]
    bookmarks: tuple[Bookmark, ...] = ()
    layers: tuple[LayerEntry, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "state": self.state,
                "bookmarks": [b.to_json() for b in self.bookmarks], "layers": [e.to_json() for e in self.layers]}

    @classmethod
    def from_json(cls, raw: Any) -> "Project":
        """Validated: ValueError names the first bad field."""
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("not an Alliance Explorer project")
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError("no schema version")
        if version > VERSION:
            raise ValueError(f"schema version {version} is newer than this app reads ({VERSION}); update the app")
        state = raw.get("state", {})
        if not isinstance(state, dict):
            raise ValueError("state: expected an object")
        try:
            MapState.from_json(state)
        except ViewError as exc:
            raise ValueError(f"state: {exc}") from None
        layers = raw.get("layers", [])
        if not isinstance(layers, list) or len(layers) > MAX_LAYERS:
            raise ValueError(f"layers: expected a list of at most {MAX_LAYERS}")
        entries = tuple(LayerEntry.from_json(e) for e in layers)
        ids = [e.request.layer_id for e in entries]
        if len(set(ids)) != len(ids):
            raise ValueError("layers: two layers have the same id")
        return cls(state, tuple(bookmarks_from_json(raw.get("bookmarks", []))), entries)


def relative(path: Path, project_path: Path) -> str:
    """A layer path relative to the project's folder (absolute if on another drive)."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(project_path).resolve().parent)).as_posix()
    except ValueError:
        return Path(path).resolve().as_posix()


def resolve(entry: LayerEntry, project_path: Path) -> Path:
    p = Path(entry.path).expanduser()
    return p if p.is_absolute() else (Path(project_path).resolve().parent / p)


def snapshot(state: MapState, bookmarks: list[Bookmark], layers: list[tuple[Loaded, UserStyle]],
             project_path: Path) -> Project:
    """The project for a window's state, bookmarks and open user layers."""
    entries = tuple(LayerEntry(relative(ld.request.path, project_path), ld.request, style) for ld, style in layers)
    return Project(state.with_(measure=()).to_json(), tuple(bookmarks), entries)


def save(project: Project, path: Path) -> Path:
    """Write atomically: a failed save leaves the old file as it was."""
    path = Path(path)
    text = json.dumps(project.to_json(), ensure_ascii=False, indent=1)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load(path: Path | str) -> Project:
    """Read and validate a project file; ProjectError with one line on any problem."""
    from explorer.inputs import InputFileError, read_input_text

    path = Path(path)
    try:
        raw = json.loads(read_input_text(path, "project file", MAX_BYTES))
    except InputFileError as exc:
        raise ProjectError(str(exc)) from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ProjectError(f"{path.name}: not a project file (not JSON: {str(exc)[:120]})") from None
    try:
        return Project.from_json(raw)
    except (ValueError, TypeError) as exc:
        raise ProjectError(f"{path.name}: {exc}") from None


def read_entries(project: Project, project_path: Path, progress: Callable[[int, str], None] | None = None,
                 cancelled: Callable[[], bool] = lambda: False) -> tuple[list[tuple[Loaded, UserStyle]], list[str]]:
    """Read every layer file of a project (no Qt, no registry): what loaded, and one line per failure."""
    loaded: list[tuple[Loaded, UserStyle]] = []
    problems: list[str] = []
    n = max(len(project.layers), 1)
    for i, entry in enumerate(project.layers):
        path = resolve(entry, project_path)
        req = LoadRequest(path, **{k: v for k, v in entry.request.__dict__.items() if k != "path"})

        def sub(pct: int, what: str, i: int = i) -> None:
            if progress:
                progress((100 * i + pct) // n, what)
        try:
            if not path.exists():
                raise LayerFileError(f"{entry.path}: the layer file is missing (looked in {path.parent})")
            loaded.append((read_layer(req, sub, cancelled), entry.style))
        except Cancelled:
            raise
        except (LayerFileError, NeedsChoice) as exc:
            problems.append(str(exc))
    return loaded, problems


def bookmark_named(project: Project, name: str) -> Bookmark:
    for b in project.bookmarks:
        if b.name == name:
            return b
    names = ", ".join(b.name for b in project.bookmarks) or "none"
    raise ProjectError(f"no bookmark {name!r} in the project (it has: {names})")


__all__ = ["Project", "Bookmark", "LayerEntry", "ProjectError", "load", "save", "snapshot",
           "read_entries", "bookmark_named", "bookmarks_from_json", "relative",
           "resolve", "FORMAT", "VERSION", "SUFFIX"]
