"""The documented state of the atlas is the state `validate` computes from the files."""

from __future__ import annotations

import re
from pathlib import Path

from explorer.atlas.figures import data_quality

ROOT = Path(__file__).resolve().parents[2]


def _text(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())  # line breaks in Markdown are spaces


def test_geodata_readme_quotes_the_current_data_quality_line(catalog):
    assert data_quality(catalog).line() in _text(ROOT / "geodata" / "README.md")


def test_data_quality_counts_what_validate_warns_about(catalog):
    q = data_quality(catalog)
    assert q.unverified <= q.bases - q.within_1km
    assert q.sources_without_url == sum(1 for s in catalog.sources.values() if not s.url)


def test_readme_states_the_facility_counts(catalog):
    from explorer.atlas.figures import use_counts

    u = use_counts(catalog)
    text = _text(ROOT / "README.md")
    assert f"{u.on_list} of the 78 facilities" in text
    assert re.search(rf"\b{data_quality(catalog).bases} facilities by their SOFA category", text)
