"""Helpers for the unit tests: scratch copies of an atlas that a test may break."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

import pytest


class AtlasCopy:
    """A writable copy of a data directory, with small editing helpers."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def edit_json(self, rel: str, change: Callable[[dict], None]) -> None:
        path = self.root / rel
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    def props(self, data: dict, fid: str) -> dict:
        """The properties of the GeoJSON feature with id ``fid``."""
        for feat in data["features"]:
            if feat["properties"]["id"] == fid:
                return feat["properties"]
        raise AssertionError(f"fixture has no feature {fid}")

    def feature(self, data: dict, fid: str) -> dict:
        for feat in data["features"]:
            if feat["properties"]["id"] == fid:
                return feat
        raise AssertionError(f"fixture has no feature {fid}")

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Text substitution that fails loudly if the fixture no longer has ``old``."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{rel} does not contain {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def atlas_copy(tmp_path: Path, fixture_dir: Path) -> AtlasCopy:
    """A fresh copy of tests/data/atlas_min (valid until a test breaks it)."""
    root = tmp_path / "atlas"
    shutil.copytree(fixture_dir, root)
    return AtlasCopy(root)
