"""A corpus of broken data directories, as mutations of a copy of ``tests/data/atlas_min``.

Each case is ``(name, mutate)``; ``mutate(root)`` breaks the copy at ``root``
in one way. Special files (FIFOs, symlinks, a sparse 65 MB file) are made at
test time, never committed. Every case must make a strict load report a
problem, so ``validate`` exits 1 and ``list``/``export`` refuse with one line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

BASES = "bases/okinawa.geojson"
THREATS = "threats.geojson"
BASEMAP = "basemap/mini.geojson"

Mutation = Callable[[Path], None]


def _edit_json(rel: str, change: Callable[[dict], object]) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        data = json.loads(path.read_text(encoding="utf-8"))
        result = change(data)
        text = result if isinstance(result, str) else json.dumps(data, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
    return mutate


def _feature(data: dict, fid: str) -> dict:
    return next(f for f in data["features"] if f["properties"]["id"] == fid)


def _prop(fid: str, key: str, value) -> Mutation:
    return _edit_json(BASES if fid.startswith("base:") else THREATS,
                      lambda d: _feature(d, fid)["properties"].__setitem__(key, value))


def _geometry(fid: str, geometry) -> Mutation:
    return _edit_json(BASES if fid.startswith("base:") else THREATS,
                      lambda d: _feature(d, fid).__setitem__("geometry", geometry))


def _replace(rel: str, old: str, new: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} has no {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def _write(rel: str, data: bytes | str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        path.unlink(missing_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return mutate


def _append(rel: str, text: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return mutate


def _fifo(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    return mutate


def _symlink(rel: str, target: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        path.unlink(missing_ok=True)
        os.symlink(target, path)
    return mutate


def _directory(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).mkdir()
    return mutate


def _sparse(rel: str, size: int) -> Mutation:
    def mutate(root: Path) -> None:
        with open(root / rel, "wb") as fh:
            fh.truncate(size)
    return mutate


def _deep_json(depth: int) -> Mutation:
    """``properties.note`` nested ``depth`` arrays deep (text edit: json.dumps would recurse)."""
    return _replace(BASES, '"units": "Marine Aircraft Group 36"',
                    '"units": ' + "[" * depth + "1" + "]" * depth)


CASES: list[tuple[str, Mutation]] = [
    # -- JSON syntax and numbers
    ("json-garbage", _write(BASES, "{not json")),
    ("json-empty-file", _write(BASES, b"")),
    ("json-not-utf8", _write(BASES, b'{"type": "FeatureCollection", "features": [], "x": "\xff\xfe"}')),
    ("json-nan-coordinate", _replace(BASES, "[127.7556, 26.2744]", "[NaN, 26.2744]")),
    ("json-infinity-area", _replace(BASES, '"area_km2": 4.8', '"area_km2": Infinity')),
    ("json-minus-infinity", _replace(BASES, '"area_km2": 4.8', '"area_km2": -Infinity')),
    ("json-overflow-float", _replace(BASES, '"area_km2": 4.8', '"area_km2": 1e999')),
    ("json-huge-integer", _replace(BASES, '"status_year": 1996', '"status_year": ' + "9" * 5000)),
    ("json-nested-100000", _deep_json(100_000)),
    ("json-nested-200", _deep_json(200)),
    ("json-top-level-list", _write(BASES, "[1, 2, 3]")),
    ("json-features-object", _write(BASES, '{"type": "FeatureCollection", "features": {"a": 1}}')),
    ("json-feature-is-string", _edit_json(BASES, lambda d: d["features"].append("base:nothing"))),
    ("json-properties-list", _edit_json(BASES, lambda d: _feature(d, "base:kadena").__setitem__("properties", [1]))),
    # -- geometry
    ("geom-null", _geometry("base:futenma", None)),
    ("geom-wrong-type", _geometry("base:futenma", {"type": "Polygon", "coordinates": [[[127, 26], [128, 26], [128, 27], [127, 26]]]})),
    ("geom-point-one-coordinate", _geometry("base:futenma", {"type": "Point", "coordinates": [127.7]})),
    ("geom-point-strings", _geometry("base:futenma", {"type": "Point", "coordinates": ["127.7", "26.2"]})),
    ("geom-point-booleans", _geometry("base:futenma", {"type": "Point", "coordinates": [True, False]})),
    ("geom-point-nested", _geometry("base:futenma", {"type": "Point", "coordinates": [[127.7, 26.2]]})),
    ("geom-lat-out-of-range", _geometry("base:futenma", {"type": "Point", "coordinates": [127.7, 95.0]})),
    ("geom-lon-out-of-range", _geometry("base:futenma", {"type": "Point", "coordinates": [287.7, 26.2]})),
    ("geom-line-one-point", _geometry("threat:test-track", {"type": "LineString", "coordinates": [[129.66, 40.85]]})),
    ("geom-ring-unclosed", _geometry("threat:senkaku", {"type": "Polygon", "coordinates": [[[123, 25], [124, 25], [124, 26], [123, 26]]]})),
    ("geom-ring-three-positions", _geometry("threat:senkaku", {"type": "Polygon", "coordinates": [[[123, 25], [124, 25], [123, 25]]]})),
    ("geom-self-intersecting", _geometry("threat:senkaku", {"type": "Polygon", "coordinates": [[[123, 25], [124, 26], [124, 25], [123, 26], [123, 25]]]})),
    ("geom-multipolygon-empty-part", _geometry("threat:senkaku", {"type": "MultiPolygon", "coordinates": [[]]})),
    ("geom-unknown-type", _geometry("threat:senkaku", {"type": "Sphere", "coordinates": [1, 2]})),
    # -- value types
    ("type-name-list", _prop("base:futenma", "name", ["a", "b"])),
    ("type-name-object", _prop("base:futenma", "name", {"en": "x"})),
    ("type-area-string", _prop("base:futenma", "area_km2", "4.8 km2")),
    ("type-year-boolean", _prop("base:futenma", "status_year", True)),
    ("type-exclusive-string", _prop("base:futenma", "exclusive_use", "yes")),
    ("type-sources-string", _prop("base:futenma", "sources", "src:fixture-saco")),
    ("type-sources-item-int", _prop("base:futenma", "sources", [7])),
    ("type-provisions-object", _prop("base:futenma", "provisions", {"a": 1})),
    ("type-range-string", _prop("threat:test-range", "range_km", "far")),
    ("type-claimants-int", _prop("threat:senkaku", "claimants", 5)),
    ("type-id-number", _prop("base:futenma", "id", 42)),
    # -- text
    ("text-name-301", _prop("base:futenma", "name", "N" * 301)),
    ("text-note-20000", _prop("base:futenma", "note", "n" * 20_000)),
    ("text-nul", _prop("base:futenma", "name", "Futenma\x00")),
    ("text-escape", _prop("base:futenma", "name", "\x1b[2J\x1b[31mFutenma")),
    ("text-c1", _prop("base:futenma", "name", "Futenma\x85")),
    ("text-lone-surrogate", _replace(BASES, '"name": "Kadena Air Base"', '"name": "Kadena \\ud800 Air Base"')),
    ("text-rlo-unterminated", _prop("base:futenma", "name", "Futenma \u202egpj.exe")),
    ("text-stray-pdi", _prop("base:futenma", "municipality", "Ginowan\u2069")),
    ("text-id-control", _prop("base:futenma", "id", "base:futenma\x07")),
    # -- TOML
    ("toml-garbage", _write("provisions.toml", "[[provision]\nid = ")),
    ("toml-nan", _replace("provisions.toml", 'article = "Article V"', 'article = "Article V"\nweight = nan')),
    ("toml-inf", _replace("provisions.toml", 'article = "Article V"', 'article = "Article V"\nweight = -inf')),
    ("toml-not-tables", _write("provisions.toml", "provision = [1, 2]\n")),
    ("toml-title-array", _replace("provisions.toml", 'title = "Facilities and areas for US forces"', "title = [1, 2]")),
    ("toml-escape-in-summary", _replace("controversies.toml", "summary = ", 'summary = "\\u001b]0;pwned\\u0007"\nold_summary = ')),
    ("toml-deep-arrays", _append("states.toml", "\n[[state]]\nid = \"state:deep\"\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")),
    ("toml-treaties-int", _replace("states.toml", 'role = "competitor"', 'role = "competitor"\ntreaties = 5')),
    ("toml-label-point-strings", _replace("states.toml", 'role = "competitor"', 'role = "competitor"\nlabel_point = ["a", "b"]')),
    ("toml-source-title-400", _append("sources/fixture.toml", '\n[[source]]\nid = "src:long"\ntitle = "' + "T" * 400 + '"\n')),
    ("toml-not-utf8", _write("controversies.toml", b'[[controversy]]\nid = "controversy:x"\ntitle = "\xff"\n')),
    ("toml-treaty-provisions-nested", _replace("states.toml", 'provisions = ["provision:treaty1960-art5"]',
                                                'provisions = [["provision:treaty1960-art5"]]')),
    ("toml-claimant-not-table", _prop("threat:senkaku", "claimants", ["state:chn"])),
    # -- basemap
    ("basemap-feature-string", _edit_json(BASEMAP, lambda d: d["features"].append("Japan"))),
    ("basemap-nan", _replace(BASEMAP, "[110.0, 25.0]", "[NaN, 25.0]")),
    ("basemap-point", _edit_json(BASEMAP, lambda d: d["features"][0].__setitem__("geometry", {"type": "Point", "coordinates": [1, 2]}))),
    # -- references (checked by a strict load too, not only by validate)
    ("ref-dangling-provision", _prop("base:futenma", "provisions", ["provision:no-such-article"])),
    ("ref-unknown-source", _replace("provisions.toml", 'sources = ["src:fixture-saco"]', 'sources = ["src:nowhere"]')),
    # -- files that are not regular files
    ("file-fifo-in-bases", _fifo("bases/extra.geojson")),
    ("file-fifo-provisions", _fifo("provisions.toml")),
    ("file-symlink-dev-zero", _symlink("bases/zero.geojson", "/dev/zero")),
    ("file-basemap-dev-zero", _symlink(BASEMAP, "/dev/zero")),
    ("file-symlink-loop", _symlink("bases/loop.geojson", "loop.geojson")),
    ("file-dangling-symlink", _symlink(THREATS, "no-such-file.geojson")),
    ("file-directory-geojson", _directory("bases/dir.geojson")),
    ("file-sparse-65mb", _sparse("bases/huge.geojson", 65 * 2**20)),
]
