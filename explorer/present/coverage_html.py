"""The panel's analysis sections, laid out from :mod:`explorer.present.coverage`.

Same rules as :mod:`explorer.present.panel_html`: every value from the data
or the user passes through ``text`` (escaped, bidi-isolated) or ``esc``.
Links the panel acts on, besides feature ids:

- ``sort:name|distance|margin``: re-render the coverage table in that order
  (the current column again reverses it). Links are keyboard-reachable in a
  QTextBrowser (Tab, then Enter).
- ``csv:save``: save the coverage table as CSV.
- ``ring:ID``: show a user ring's coverage; ``unring:ID``: remove that ring.
"""

from __future__ import annotations

from typing import Any

from explorer.i18n import tr
from explorer.present import labels
from explorer.present.panel_html import CSS, counted, esc, source_html, text, words

EXTRA_CSS = """
table.cov { border-collapse: collapse; margin-top: 4px; }
table.cov th { text-align: left; color: #1f4e79; padding: 1px 10px 1px 0; font-weight: normal; }
table.cov td { padding: 1px 10px 1px 0; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
ul.assume { margin: 2px 0 4px 16px; -qt-list-indent: 0; }
.actions { margin: 4px 0; }
"""

_ARROW = {False: " ▲", True: " ▼"}


def _sources(cites: list[dict[str, Any]]) -> str:
    return "".join(source_html(c) for c in cites)


def _assumptions(items: list[str]) -> str:
    A = labels.ANALYSIS
    rows = "".join(f"<li>{esc(a)}</li>" for a in items)
    return f'<div class="meta"><b>{A["assumptions"]}</b><ul class="assume">{rows}</ul></div>'


def _head(cd: dict[str, Any], key: str, title: str, num: bool) -> str:
    arrow = _ARROW[cd["descending"]] if cd["sort"] == key else ""
    align = ' style="text-align: right"' if num else ""
    return f'<th{align}><a href="sort:{key}">{esc(title)}{arrow}</a></th>'


def coverage_section(cd: dict[str, Any]) -> str:
    """"Bases within range": the figures, the sortable table, the assumptions and the sources."""
    A = labels.ANALYSIS
    out = [f"<style>{EXTRA_CSS}</style>", f"<h3>{counted(words(A['within_range']), cd['count'])}</h3>"]
    out += [f"<div>{text(line)}</div>" for line in cd["summary"]]
    if not cd["bases"]:
        out.append(f'<div class="meta">{A["none_within"]}</div>')
    else:
        head = (_head(cd, "name", A["base"], False) + _head(cd, "distance", A["distance"], True)
                + _head(cd, "margin", A["margin"], True))
        rows = "".join(
            f'<tr><td><a href="{esc(r["id"])}">{text(r["name"])}</a></td>'
            f'<td class="num">{r["distance_km"]:,.1f}</td><td class="num">{r["margin_km"]:,.1f}</td></tr>'
            for r in cd["bases"])
        out.append(f'<table class="cov"><tr>{head}</tr>{rows}</table>')
        out.append(f'<div class="meta">{A["sort_hint"]}</div>')
        out.append(f'<div class="actions"><a href="csv:save">{A["save_csv"]}</a></div>')
    out.append(_assumptions(cd["assumptions"]))
    if cd["sources"]:
        out.append(f'<div class="meta"><b>{A["ring_sources"]}</b></div>{_sources(cd["sources"])}')
    return "".join(out)


def reach_section(rd: dict[str, Any]) -> str:
    """A base's "Within range of" and its distances to the points of interest."""
    A = labels.ANALYSIS
    yours = " <span class=meta>" + words(tr("(yours)")) + "</span>"
    distance = words(tr("Distance"))
    out = [f"<style>{EXTRA_CSS}</style>", f"<h3>{counted(words(A['reached_by']), len(rd['reached_by']))}</h3>"]
    if not rd["reached_by"]:
        out.append(f'<div class="meta">{A["none_reaches"]}</div>')
    else:
        rows = "".join(
            f'<tr><td><a href="{esc(r["id"])}">{text(r["name"])}</a>'
            f'{yours if r["user"] else ""}</td>'
            f'<td class="num">{text(r["range"])}</td>'
            f'<td class="num">{r["distance_km"]:,.1f}</td><td class="num">{r["margin_km"]:,.1f}</td></tr>'
            for r in rd["reached_by"])
        out.append(f'<table class="cov"><tr><th>{A["range"]}</th><th></th>'
                   f'<th style="text-align: right">{A["distance"]}</th>'
                   f'<th style="text-align: right">{A["margin"]}</th></tr>{rows}</table>')
    out.append(f"<h3>{A['distances']}</h3>")
    rows = "".join(
        "<tr><td>" + (f'<a href="{esc(p["id"])}">{text(p["name"])}</a>' if p["feature"] else text(p["name"]))
        + f'</td><td class="num">{p["km"]:,.0f} km</td><td class="num">{p["nmi"]:,.0f} nmi</td>'
          f'<td class="num">{p["mi"]:,.0f} mi</td><td class="num">{p["bearing_deg"]:.0f}°</td></tr>'
        for p in rd["poi"])
    out.append(f'<table class="cov"><tr><th>{A["to"]}</th><th colspan="3">{distance}</th>'
               f'<th>{A["bearing"]}</th></tr>{rows}</table>')
    out.append(_assumptions(rd["assumptions"]))
    if rd["sources"]:
        out.append(f'<div class="meta"><b>{A["reach_sources"]}</b></div>{_sources(rd["sources"])}')
    return "".join(out)


def ring_html(cd: dict[str, Any]) -> str:
    """A user ring's whole panel page: what it is, what it covers, and how to remove it."""
    A = labels.ANALYSIS
    r = cd["ring"]
    facts = [(labels.FACT["range"], f"{r['range_km']:,.0f} km"), (tr("Centre"), r["origin"])]
    rows = "".join(f'<tr><td class="k">{esc(k)}</td><td>{text(v)}</td></tr>' for k, v in facts)
    if r["threat"]:
        rows += ('<tr><td class="k">' + words(tr("Published range")) + f'</td><td><a href="{esc(r["threat"]["id"])}">'
                 f'{text(r["threat"]["name"])}</a></td></tr>')
    return (f"<style>{CSS}</style><h2>{text(r['label'])}</h2>"
            f'<div class="kind">{A["user_ring"]}</div><table class="facts">{rows}</table>'
            f'<div class="actions"><a href="unring:{esc(r["id"])}">{A["remove_ring"]}</a> '
            + words(tr("(Ctrl+Z undoes)")) + "</div>"
            + coverage_section(cd))


__all__ = ["coverage_section", "reach_section", "ring_html", "EXTRA_CSS"]
