"""docs/coverage.md maps every topic of the essay outline to records that exist."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"
ID = re.compile(r"\b(?:base|state|threat|provision|controversy):[a-z0-9-]+")


def test_every_id_in_the_coverage_map_exists(catalog):
    ids = set(ID.findall(DOC.read_text(encoding="utf-8")))
    known = set(catalog.features) | set(catalog.provisions) | set(catalog.controversies)
    assert len(ids) > 50
    assert sorted(ids - known) == []


def test_every_topic_row_names_a_record():
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if re.match(r"\| *\d+ *\|", line)]
    assert len(rows) == 15  # the outline's fifteen sections
    assert all(ID.search(row) for row in rows), [r[:60] for r in rows if not ID.search(r)]
