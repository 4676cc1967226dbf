"""The live figures of a selection as one line of text (filter panel, tests).

Always with the date the national total is true for: a share without its
date is not a figure the atlas shows. The share is a lower bound, and says so
and why (:mod:`explorer.present.shares`).
"""

from __future__ import annotations

from explorer.atlas.figures import ShareGap
from explorer.atlas.query import Figures
from explorer.present.shares import gap_note, share_words


def figures_line(fig: Figures, gap: ShareGap | None = None) -> str:
    """``"12 facilities · 61.3 km² · at least 23.30% of the national exclusive-use area (…) A lower bound: …"``."""
    if fig.count == 0:
        return "No facility in the selection."
    area = f"{fig.area_km2:,.1f} km²" + (f" ({fig.area_missing} without a published area)" if fig.area_missing else "")
    out = f"{fig.count} facilit{'y' if fig.count == 1 else 'ies'} · {area}"
    if fig.share_pct is not None and fig.as_of is not None:
        out += (f" · {share_words(fig.share_pct, gap, 2)} of the national exclusive-use area "
                f"({fig.exclusive_km2:,.1f} of {fig.national_km2:,.1f} km², figures as of {fig.as_of})")
        note = gap_note(gap)
        if note:
            out += f". {note}"
    elif fig.as_of is None:
        out += " · no national total in the data, so no share"
    return out


__all__ = ["figures_line"]
