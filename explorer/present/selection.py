"""The live figures of a selection as one line of text (filter panel, tests).

Always with the date the national total is true for: a share without its
date is not a figure the atlas shows. The share is a lower bound, and says so
and why (:mod:`explorer.present.shares`).
"""

from __future__ import annotations

from explorer.atlas.figures import ShareGap
from explorer.atlas.query import Figures
from explorer.i18n import tr
from explorer.present.shares import gap_note, share_words


def figures_line(fig: Figures, gap: ShareGap | None = None) -> str:
    """``"12 facilities · 61.3 km² · at least 23.30% of the national exclusive-use area (…) A lower bound: …"``."""
    from explorer.present.dossier import day

    if fig.count == 0:
        return tr("No facility in the selection.")
    area = f"{fig.area_km2:,.1f} km²"
    if fig.area_missing:
        area = tr("{area} ({n} without a published area)", area=area, n=fig.area_missing)
    count = tr("1 facility") if fig.count == 1 else tr("{n} facilities", n=fig.count)
    out = f"{count} · {area}"
    if fig.share_pct is not None and fig.as_of is not None:
        out += " · " + tr("{share} of the national exclusive-use area ({km2} of {total} km², figures as of {date})",
                          share=share_words(fig.share_pct, gap, 2), km2=f"{fig.exclusive_km2:,.1f}",
                          total=f"{fig.national_km2:,.1f}", date=day(fig.as_of))
        note = gap_note(gap)
        if note:
            out += tr(". {note}", note=note)
    elif fig.as_of is None:
        out += " · " + tr("no national total in the data, so no share")
    return out


__all__ = ["figures_line"]
