"""The opinion panel's text: each series, its points with dates, and the sources they were read from.

Every string is escaped here; the chart (``gui/opinion_dock.py``) draws only
numbers and dates.
"""

from __future__ import annotations

from explorer.atlas.catalog import Catalog
from explorer.atlas.opinion import Series
from explorer import i18n
from explorer.i18n import N_, tr
from explorer.present.dossier import cites, day
from explorer.present.panel_html import esc

NOTE = N_("Each series is one pollster's answer to one question; points of different series are not joined, and "
          "no value between two points is implied. Filled markers: nationwide; hollow: Okinawa.")


def opinion_html(catalog: Catalog, series: list[Series], colours: dict[str, str]) -> str:
    out = [f'<p class="meta">{esc(tr(NOTE))}</p>']
    n = 0
    for s in series:
        colour = colours.get(s.key, "#333333")
        where = tr("Okinawa") if s.okinawa else tr("Nationwide")
        pts = i18n.join([tr("{value}% ({date})", value=f"{p.value:g}", date=day(p.when)) for p in s.points])
        out.append(f'<h4><span style="color:{esc(colour)}">{"○" if s.okinawa else "●"}</span> '
                   f'{esc(where)}: {esc(s.label)}</h4><p>{esc(pts)}</p><ol start="{n + 1}">')
        for p in s.points:
            for c in cites(catalog, p.figure.sources):
                n += 1
                out.append(f"<li>{esc(c['text'])}</li>")
        out.append("</ol>")
    if not series:
        out.append("<p>" + esc(tr("No opinion figures are in the atlas.")) + "</p>")
    return "".join(out)


__all__ = ["opinion_html", "NOTE"]
