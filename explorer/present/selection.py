"""The live figures of a selection as one line of text (filter panel, tests).

Always with the date the national total is true for: a share without its
date is not a figure the atlas shows.
"""

from __future__ import annotations

from explorer.atlas.query import Figures


def figures_line(fig: Figures) -> str:
    """``"12 facilities · 61.3 km² · 23.30% of the national exclusive-use area (…, figures as of 2020-01-01)"``."""
    if fig.count == 0:
        return "No facility in the selection."
    area = f"{fig.area_km2:,.1f} km²" + (f" ({fig.area_missing} without a published area)" if fig.area_missing else "")
    out = f"{fig.count} facilit{'y' if fig.count == 1 else 'ies'} · {area}"
    if fig.share_pct is not None and fig.as_of is not None:
        out += (f" · {fig.share_pct:.2f}% of the national exclusive-use area "
                f"({fig.exclusive_km2:,.1f} of {fig.national_km2:,.1f} km², figures as of {fig.as_of})")
    elif fig.as_of is None:
        out += " · no national total in the data, so no share"
    return out


__all__ = ["figures_line"]
