"""Shares of the national exclusive-use area, said as what they are: lower bounds.

A share computed by the atlas sums the areas of the facilities it holds against
MOD's published national total. Facilities it lacks, and facilities it holds
without an area of that date, can only add to it, so every such share is a
lower bound, and a reader who quotes "14% is out of range" would be quoting
area the atlas lacks. Every surface that shows a share (the filter figures,
the coverage lists, the CLI, the map's share chart, the welcome text) takes its
words from here, with the counts from :func:`explorer.atlas.figures.share_gap`,
so they say the same thing with the same numbers.
"""

from __future__ import annotations

from explorer.atlas.catalog import Catalog
from explorer.atlas.figures import ShareGap, share_gap
from explorer.i18n import tr


def is_lower_bound(gap: ShareGap | None) -> bool:
    """Whether anything the atlas lacks could raise the share (no gap: the share is complete)."""
    return gap is not None and bool(gap.missing or gap.without_area)


def share_words(pct: float, gap: ShareGap | None, digits: int = 1) -> str:
    """``at least 85.9%`` (or ``85.9%`` when nothing is missing)."""
    value = f"{pct:.{digits}f}%"
    return tr("at least {value}", value=value) if is_lower_bound(gap) else value


def rest_words(pct: float, gap: ShareGap | None, digits: int = 1) -> str:
    """The complement of a lower bound, ``at most 29.7%``."""
    value = f"{pct:.{digits}f}%"
    return tr("at most {value}", value=value) if is_lower_bound(gap) else value


def gap_note(gap: ShareGap | None, prefecture: str = "") -> str:
    """Why the share is a lower bound, in one sentence ("" when it is not one).

    National: ``A lower bound: the atlas lacks 3 of the 78 facilities on MOD's list of
    2020-01-01, and has no area of that date or earlier for 32 of the 75 it holds.``
    """
    if not is_lower_bound(gap):
        return ""
    assert gap is not None
    from explorer.present.dossier import day
    from explorer.present.labels import prefecture as prefecture_name

    f = {"missing": gap.missing, "listed": gap.listed, "date": day(gap.as_of), "without": gap.without_area,
         "held": gap.held, "prefecture": prefecture_name(prefecture)}
    if gap.missing and gap.without_area:
        if prefecture:
            return tr("A lower bound: the atlas lacks {missing} of the {listed} facilities on MOD's list of {date}, "
                      "and has no area of that date or earlier for {without} of the {held} {prefecture} facilities "
                      "it holds.", **f)
        return tr("A lower bound: the atlas lacks {missing} of the {listed} facilities on MOD's list of {date}, "
                  "and has no area of that date or earlier for {without} of the {held} it holds.", **f)
    if gap.missing:
        return tr("A lower bound: the atlas lacks {missing} of the {listed} facilities on MOD's list of {date}.", **f)
    if prefecture:
        return tr("A lower bound: the atlas has no area of {date} or earlier for {without} of the {held} {prefecture} "
                  "facilities it holds on MOD's list of that date.", **f)
    return tr("A lower bound: the atlas has no area of {date} or earlier for {without} of the {held} it holds "
              "on MOD's list of that date.", **f)


def national_note(catalog: Catalog) -> str:
    """:func:`gap_note` for any share of the national total."""
    return gap_note(share_gap(catalog))


__all__ = ["is_lower_bound", "share_words", "rest_words", "gap_note", "national_note"]
