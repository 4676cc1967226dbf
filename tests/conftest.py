"""Test-wide isolation: a scratch cache and settings file, never the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers import AtlasCopy

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
FIXTURE = Path(__file__).resolve().parent / "data" / "atlas_min"

_scratch = Path(tempfile.mkdtemp(prefix="alliance-explorer-tests-"))
os.environ["ALLIANCE_EXPLORER_CACHE"] = str(_scratch / "cache")
os.environ["ALLIANCE_EXPLORER_SETTINGS"] = str(_scratch / "settings.ini")
os.environ.pop("ALLIANCE_EXPLORER_GEODATA", None)
# No start-up cache built with the app: a test's cold start parses and builds, as it asserts
# (tests/unit/test_prebuild.py points it at a folder of its own).
os.environ["ALLIANCE_EXPLORER_PREBUILT"] = ""
# The suite speaks English unless a test asks for Japanese, whatever the machine's locale.
for _key in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_key, None)
os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A test that switches the app to Japanese leaves it in English for the next one."""
    yield
    from explorer import i18n

    i18n.set_language("en")


@pytest.fixture(scope="session")
def geodata_dir() -> Path:
    return GEODATA


@pytest.fixture(scope="session")
def fixture_dir() -> Path:
    """A small atlas with hostile strings in it."""
    return FIXTURE


@pytest.fixture(scope="session")
def catalog():
    """The real atlas, loaded once."""
    from explorer.atlas.catalog import Catalog

    return Catalog.load(GEODATA)


@pytest.fixture(scope="session")
def mini_catalog():
    from explorer.atlas.catalog import Catalog

    return Catalog.load(FIXTURE)


@pytest.fixture
def atlas_copy(tmp_path: Path, fixture_dir: Path) -> AtlasCopy:
    """A fresh, writable copy of tests/data/atlas_min (valid until a test breaks it)."""
    return AtlasCopy.of(fixture_dir, tmp_path / "atlas")
