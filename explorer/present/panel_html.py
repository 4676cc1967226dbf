"""The side panel's rich text, laid out from :func:`explorer.present.dossier.dossier_dict`.

Escape, then format: every value from the data passes through :func:`text`,
which HTML-escapes it and wraps it in a Unicode bidi isolate (U+2068 … U+2069),
so a hostile name stays text and an unterminated right-to-left override in one
value cannot reverse the ids and dates after it. Links carry record ids
(``provision:treaty1960-art6`` is already a URL); only web URLs become
external links, anything else (``javascript:``…) is shown as plain text.
A very long value is cut for layout, with a link that shows it whole.
"""

from __future__ import annotations

import html
from typing import Any

from explorer import i18n
from explorer.atlas.catalog import Catalog
from explorer.i18n import N_, tr
from explorer.present import labels

CSS = """
h2 { margin: 0 0 2px 0; font-size: 16pt; }
.ja { color: #444; font-size: 12pt; }
.kind { color: #666; margin-bottom: 6px; }
h3 { margin: 12px 0 4px 0; color: #1f4e79; font-size: 12pt; }
table.facts td { padding: 1px 8px 1px 0; vertical-align: top; }
td.k { color: #555; white-space: nowrap; }
.item { margin: 0 0 8px 0; }
.meta { color: #666; font-size: 9pt; }
.src { color: #555; font-size: 9pt; }
.note { color: #7a4b00; font-size: 9pt; }
a { color: #1f5fbf; text-decoration: none; }
"""

#: Longer values are cut in the panel (the rest is one click away): laying out a
#: single 1,000,000-character word blocks Qt's text engine for minutes.
MAX_SHOWN = 4000
FSI, PDI = "\u2068", "\u2069"


def esc(value: object) -> str:
    """HTML-escape any value, quotes included."""
    return html.escape("" if value is None else str(value), quote=True)


def words(value: object) -> str:
    """Our own words (not data) as element content: ``<``, ``>`` and ``&`` escaped, quotes as written."""
    return html.escape("" if value is None else str(value), quote=False)


def fill(message: str, **values: object) -> str:
    """``tr(message)`` as element text, each ``{field}`` filled with its value escaped and bidi-isolated
    (as :func:`text` does), so a value from the data stays text wherever the translation puts it."""
    marked = words(tr(message, **{k: f"\x00{k}\x00" for k in values}))
    for k, v in values.items():
        marked = marked.replace(f"\x00{k}\x00", text(v))
    return marked


def text(value: object, full: bool = False) -> str:
    """A data value as safe rich text: escaped, bidi-isolated, and cut if very long."""
    s = "" if value is None else str(value)
    if not full and len(s) > MAX_SHOWN:
        s = s[:MAX_SHOWN] + "…"
    return FSI + esc(s) + PDI if s else ""


def source_html(c: dict[str, Any]) -> str:
    """One citation from :func:`explorer.present.dossier.cite`."""
    line = (f"[{c['n']}] " if c.get("n") else "") + text(c["text"])
    if c["link"]:
        line += f' — <a href="{esc(c["url"])}">' + words(tr("link")) + "</a>"
    elif c["url"]:
        line += f" — {text(c['url'])}"
    return f'<div class="src">{words(labels.SECTION["source"])}{colon()}{line}</div>'


def _sources(items: list[dict[str, Any]]) -> str:
    return "".join(source_html(c) for c in items)


def _facts(dd: dict[str, Any], full: bool) -> str:
    rows = "".join(f'<tr><td class="k">{esc(x["label"])}</td><td>{text(x["value"], full)}</td></tr>'
                   for x in dd["facts"])
    return f'<table class="facts">{rows}</table>' if rows else ""


def _is_cut(dd: dict[str, Any]) -> bool:
    values = [dd.get("note") or "", *(x["value"] for x in dd["facts"]),
              *(p["summary"] for p in dd["provisions"]), *(c["summary"] for c in dd["controversies"])]
    return any(len(v) > MAX_SHOWN for v in values)


#: The sections of a dossier a reader can fold, in the order they come.
FOLDABLE = ("facts", "provisions", "controversies")
#: A fact goes into the summary line if it is this short (a service, a place, a use, not a story).
SUMMARY_FACT_CHARS = 40


def summary_line(dd: dict[str, Any]) -> str:
    """One line to scan before the sections: up to three short facts, then how much law and dispute there is."""
    short = [x["value"] for x in dd["facts"] if x["value"] and len(str(x["value"])) <= SUMMARY_FACT_CHARS][:3]
    n_p, n_c = len(dd["provisions"]), len(dd["controversies"])
    counts = i18n.join([tr("1 treaty provision") if n_p == 1 else tr("{n} treaty provisions", n=n_p),
                        tr("1 controversy") if n_c == 1 else tr("{n} controversies", n=n_c)])
    return " · ".join([*map(str, short), counts])


def _heading(key: str, title: str, folded: frozenset[str]) -> str:
    """A section's heading: a link that folds or unfolds it (``fold:key``)."""
    mark = "▸" if key in folded else "▾"
    tip = esc(tr("Show this section") if key in folded else tr("Fold this section"))
    return f'<h3><a href="fold:{key}" title="{tip}">{mark} {title}</a></h3>'


def dossier_html(dd: dict[str, Any], full: bool = False, lead: str = "", tail: str = "",
                 folded: frozenset[str] = frozenset()) -> str:
    """The whole panel page for one feature; ``full`` shows every value uncut.

    A summary line comes first, then the facts, the law and the controversies as
    sections with a heading each; a section named in ``folded`` shows its heading
    only. The sources stay numbered at the end.

    ``lead`` and ``tail`` are sections already rendered (and escaped) by another
    presenter, e.g. :mod:`explorer.present.coverage_html`: ``lead`` goes after the
    facts, ``tail`` before the feature's own sources.
    """
    S = labels.SECTION
    if dd.get("user"):
        return user_html(dd, full)
    out = [f"<style>{CSS}</style>", f"<h2>{text(dd['name'])}</h2>"]
    alt = dd.get("name_alt", dd["name_ja"])
    if alt:
        out.append(f'<div class="ja">{text(alt)}</div>')
    out.append(f'<div class="kind">{text(dd["kind"])}</div>')
    out.append(f'<div><b>{text(summary_line(dd))}</b></div>')
    if dd.get("as_of"):
        out.append('<div class="meta"><b>' + fill(N_("As of {date}"), date=_as_of(dd)) + "</b></div>")
        if dd.get("dates_note"):
            out.append(f'<div class="meta">{text(dd["dates_note"], full)}</div>')
        if dd.get("dates_sources"):
            out.append(_sources(dd["dates_sources"]))
    if dd["facts"] or dd["note"]:
        out.append(_heading("facts", counted(words(S["facts"]), len(dd["facts"])), folded))
    if "facts" not in folded:
        out.append(_facts(dd, full))
        if dd["note"]:
            out.append(f'<div class="note">{words(S["note"])}{colon()}{text(dd["note"], full)}</div>')
    if not full and _is_cut(dd):
        out.append(f'<div class="meta"><a href="full:{esc(dd["id"])}">' + words(tr("Show the full text")) + "</a></div>")
    out.append(lead)

    out.append(_heading("provisions", counted(words(S["provisions"]), len(dd["provisions"])), folded))
    if not dd["provisions"] and "provisions" not in folded:
        out.append(f'<div class="meta">{S["no_provisions"]}</div>')
    for p in dd["provisions"] if "provisions" not in folded else ():
        out.append(
            '<div class="item">'
            f'<a href="{esc(p["id"])}"><b>{text(p["short"])}</b> — {text(p["title"])}</a>'
            f'<div class="meta">{text(p["instrument"])}{_sep() + text(p["dates"]) if p["dates"] else ""}</div>'
            + (f'<div class="meta">{text(p["invoked"])}</div>' if p.get("invoked") else "")
            + (f'<div class="meta"><b>{text(_as_of(dd))}{colon()}{text(p["status_text"])}</b></div>' if p.get("status_text") else "")
            + f'<div>{text(p["summary"], full)}</div>{_sources(p["sources"])}</div>')

    out.append(_heading("controversies", counted(words(S["controversies"]), len(dd["controversies"])), folded))
    if not dd["controversies"] and "controversies" not in folded:
        out.append(f'<div class="meta">{S["no_controversies"]}</div>')
    for c in dd["controversies"] if "controversies" not in folded else ():
        extra = ""
        others = [f'<a href="{esc(x["id"])}">{text(x["name"])}</a>' for x in c["features"] if x["id"] != dd["id"]]
        if others:
            extra += f'<div class="meta">{words(S["also_concerns"])}{colon()}{_sep().join(others)}</div>'
        law = [f'<a href="{esc(x["id"])}">{text(x["short"])}</a>' for x in c["provisions"]]
        if law:
            extra += f'<div class="meta">{words(S["governed_by_law"])}{colon()}{_sep().join(law)}</div>'
        years = ' <span class="meta">' + fill(N_("({years})"), years=c["years"]) + "</span>" if c["years"] else ""
        if c.get("status_text"):
            years += (' <span class="meta">— '
                      + fill(N_("{status} on {date}"), status=c["status_text"], date=_as_of(dd)) + "</span>")
        out.append(
            '<div class="item">'
            f'<a href="{esc(c["id"])}"><b>{text(c["title"])}</b></a>{years}'
            f'<div>{text(c["summary"], full)}</div>{extra}{_sources(c["sources"])}</div>')

    out.append(tail)
    out.append(f"<h3>{S['sources']}</h3>")
    out.append(_sources(dd["sources"]))
    return "".join(out)


def here_html(catalog: Catalog, fid: str, ids: list[str]) -> str:
    """The overlap chooser: the other features that lay under the click that opened ``fid``, as links."""
    others = [i for i in ids if i != fid and i in catalog.features]
    if fid not in ids or not others:
        return ""
    from explorer.present import localize

    links = _sep().join(f'<a href="{esc(i)}">{text(localize.name(catalog.features[i]))}</a>' for i in others)
    return '<p style="background-color:#fff4cc">' + words(tr("Also under the pointer:")) + f" {links}</p>"


def user_html(dd: dict[str, Any], full: bool = False) -> str:
    """A user-layer feature: the note first (whose data this is), then its attributes as an escaped table."""
    out = [f"<style>{CSS}</style>", f"<h2>{text(dd['name'])}</h2>", f'<div class="kind">{text(dd["kind"])}</div>',
           f'<div class="note">{text(dd["note"], True)}</div>', f"<h3>{labels.SECTION['attributes']}</h3>"]
    out.append(_facts(dd, full) or f'<div class="meta">{labels.SECTION["no_attributes"]}</div>')
    out.append(f'<div class="meta">{words(labels.SECTION["position"])}{colon()}{dd["lat"]:.6f}, {dd["lon"]:.6f}</div>')
    if not full and _is_cut(dd):
        out.append(f'<div class="meta"><a href="full:{esc(dd["id"])}">' + words(tr("Show the full text")) + "</a></div>")
    return "".join(out)


def colon() -> str:
    """After a label in running text: ": " or 「：」."""
    return "：" if i18n.is_japanese() else ": "


def counted(title: str, n: int) -> str:
    """A heading with its count: ``Facts (7)`` / 概要（7）."""
    return f"{title}（{n}）" if i18n.is_japanese() else f"{title} ({n})"


def _sep() -> str:
    """Between items of a list in running text: ", " or 「、」."""
    return i18n.join(["", ""])


def _as_of(dd: dict[str, Any]) -> str:
    """The dossier's date as the reader writes it."""
    return dd.get("as_of_text") or dd["as_of"]


def _concentration(catalog: Catalog) -> str:
    """Okinawa's burden, computed from the facilities' own areas: a lower bound, which it says."""
    from explorer.atlas.figures import okinawa_concentration, share_gap
    from explorer.present.dossier import day
    from explorer.present.shares import gap_note, share_words

    c = okinawa_concentration(catalog)
    if c is None or c.share_pct is None:
        return ""
    gap = share_gap(catalog, "Okinawa")
    land = tr(", on about {pct}% of Japan's land", pct=f"{c.land_share_pct:g}") if c.land_share_pct else ""
    dates = (tr("facility areas as published from {date} on", date=day(c.oldest_area)) if c.oldest_area
             else tr("facility areas"))
    gap_words = tr(" ({n} undated)", n=c.undated_areas) if c.undated_areas else ""
    note = gap_note(gap, "Okinawa")
    head = tr("{okinawa} holds {n} facilities on the MOD exclusive-use list covering {km2} km²: "
              "{share} of the national exclusive-use area{land}",
              okinawa="\x00b", n=c.okinawa_count, km2=f"{c.okinawa_km2:.1f}", share="\x00s", land=land)
    head = words(head).replace("\x00b", f"<b>{words(labels.prefecture('Okinawa'))}</b>", 1)
    head = head.replace("\x00s", f"<b>{words(share_words(c.share_pct, gap))}</b>", 1)
    how = tr("(computed from the {dates}{undated}, against MOD's national total of {date})",
             dates=dates, undated=gap_words, date=day(c.as_of))
    return (f"<p>{head} <span class=meta>{words(how)}{esc(tr('. {note}', note=note)) if note else ''}</span></p>")


def _bases_line(catalog: Catalog) -> str:
    """The bases by SOFA category, counted from the records (plain text: the caller escapes it)."""
    from explorer.atlas.figures import use_counts
    from explorer.present.dossier import day

    u = use_counts(catalog)
    if not u.list_as_of:
        head = tr("{n} facilities on the MOD exclusive-use list", n=u.on_list_now)
    else:
        count = catalog.figures.get("figure:national-exclusive-count")
        of = count is not None and count.value != u.on_list
        args = {"n": u.on_list, "total": f"{count.value:g}" if of else "", "date": day(u.list_as_of),
                "okinawa": u.on_list_okinawa, "returned": u.returned_since}
        if of and u.returned_since:
            head = tr("{n} of the {total} facilities on the MOD exclusive-use list as of {date} "
                      "({okinawa} in Okinawa; {returned} since returned)", **args)
        elif of:
            head = tr("{n} of the {total} facilities on the MOD exclusive-use list as of {date} "
                      "({okinawa} in Okinawa)", **args)
        elif u.returned_since:
            head = tr("{n} facilities on the MOD exclusive-use list as of {date} "
                      "({okinawa} in Okinawa; {returned} since returned)", **args)
        else:
            head = tr("{n} facilities on the MOD exclusive-use list as of {date} ({okinawa} in Okinawa)", **args)
    korea = sum(1 for b in catalog.layer("bases") if not getattr(b, "in_japan", True))
    usfk = (tr("; and {n} facilities of US Forces Korea (US–ROK SOFA), outside Japan's figures", n=korea)
            if korea else "")
    return tr("{head}, plus {sdf} SDF areas with temporary US use (SOFA Art. II-4(b)) "
              "and {returned} returned sites{usfk}", head=head, sdf=u.sdf_temporary_us, returned=u.returned,
              usfk=usfk)


def welcome_html(catalog: Catalog) -> str:
    """What the panel shows before anything is selected."""
    states = sum(1 for f in catalog.features.values() if f.layer == "states")
    threats = sum(1 for f in catalog.features.values() if f.layer == "threats")
    counts = tr("{bases}; {states} states and {threats} threat vectors, linked to {provisions} treaty provisions "
                "and {controversies} controversies.", bases=_bases_line(catalog), states=states, threats=threats,
                provisions=len(catalog.provisions), controversies=len(catalog.controversies))
    return (
        f"<style>{CSS}</style><h2>" + words(tr("Alliance Explorer")) + "</h2>"
        '<div class="kind">' + words(tr("The US–Japan security alliance on a map")) + "</div>"
        f"<p>{words(counts)}</p>"
        + _concentration(catalog) +
        "<p>" + tr("<b>Click</b> any feature on the map to read which provisions govern it and which controversies "
                   "surround it. <b>Click a provision</b> here to highlight every feature it governs.") + "</p>"
        "<p class=meta>" + words(tr("Views: Ctrl+1 Okinawa · Ctrl+2 Japan · Ctrl+3 Region · Ctrl+4 Korea · "
                                  "Ctrl+5 Senkaku. Ctrl+F find · Ctrl+R range ring · Ctrl+M measure · "
                                  "Ctrl+E export · Esc ends a tool or clears.")) + "</p>"
    )


__all__ = ["dossier_html", "welcome_html", "source_html", "esc", "text", "CSS", "MAX_SHOWN", "colon", "counted", "words", "fill"]
