"""Opinion series: one pollster and one question each, dated and sourced points only."""

from __future__ import annotations

from explorer.atlas.opinion import opinion_series
from explorer.present.opinion_html import opinion_html


def test_series_group_one_question_each_and_carry_only_sourced_dated_points(catalog):
    series = opinion_series(catalog)
    keys = {s.key for s in series}
    assert {"national-anpo-useful", "national-us-affinity", "okinawa-bases-necessary-or-unavoidable-nhk"} <= keys
    for s in series:
        assert len({p.figure.label for p in s.points}) == 1, s.key  # one question per series
        assert all(p.figure.sources and p.figure.as_of for p in s.points)
        assert [p.when for p in s.points] == sorted(p.when for p in s.points)
    useful = next(s for s in series if s.key == "national-anpo-useful")
    assert [p.value for p in useful.points] == [catalog.figures[p.figure.id].value for p in useful.points]
    assert next(s for s in series if s.key.startswith("okinawa-")).okinawa


def test_the_list_names_every_point_and_escapes_its_text(catalog):
    import dataclasses

    series = opinion_series(catalog)
    html = opinion_html(catalog, series, {})
    for s in series:
        for p in s.points:
            assert f"{p.value:g}% ({p.when})" in html
    first = series[0]
    hostile = dataclasses.replace(first, label="<script>x</script>")
    assert "<script>" not in opinion_html(catalog, [hostile], {}) and "&lt;script&gt;" in opinion_html(catalog, [hostile], {})
