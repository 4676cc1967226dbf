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


def test_every_section_names_a_briefing_step_that_exists(catalog):
    """Each of the fifteen sections is walked to by a step of the guided briefing."""
    from explorer.atlas import briefing

    steps = {s.id for s in briefing.read(catalog.root).steps}
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if re.match(r"\| *\d+ *\|", line)]
    for row in rows:
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        named = re.findall(r"`([a-z0-9-]+)`", cells[3])
        assert named and set(named) <= steps, (cells[0], named)
    assert "15 of 15 sections are reachable" in DOC.read_text(encoding="utf-8")
