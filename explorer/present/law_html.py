"""Pages for a provision and a controversy, and the law grouped by instrument.

A provision's page says what it provides (in our words), when it was signed
and entered into force, its sources, which features it governs (each a link)
and which controversies invoke it. Every provision has one, so every provision
is reachable from the law browser and from search, whether or not a feature
on the map names it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from explorer import i18n
from explorer.atlas.catalog import Catalog
from explorer.i18n import N_, tr
from explorer.present import labels, localize
from explorer.present.dossier import controversy_dict, day, provision_info, provision_short
from explorer.present.panel_html import CSS, colon, counted, esc, fill, source_html, text, words


def _links(items: list[tuple[str, str]]) -> str:
    return i18n.join([f'<a href="{esc(fid)}">{text(name)}</a>' for fid, name in items])


def _words(message: str, links: str, **fields: object) -> str:
    """A translated sentence with a run of links in place of ``{links}`` (the words escaped, the links built)."""
    return fill(message, links="\x01", **fields).replace(text("\x01"), links, 1)


def _succession(catalog: Catalog, pid: str) -> str:
    """What replaced a provision and what it replaced, with the sources of those dates."""
    rec = catalog.provisions[pid]
    out = []
    succ = catalog.provisions.get(rec.superseded_by) if rec.superseded_by else None
    if succ is not None:
        link = _links([(succ.id, provision_short(catalog, succ.id))])
        out.append('<div class="meta">' + _words(N_("Superseded on {date} by {links}"), link, date=day(rec.valid_to))
                   + "</div>")
    elif rec.valid_to is not None:
        out.append('<div class="meta">' + fill(N_("No longer in force from {date}"), date=day(rec.valid_to)) + "</div>")
    older = [(q.id, provision_short(catalog, q.id)) for q in catalog.provisions.values() if q.superseded_by == pid]
    if older:
        out.append('<div class="meta">' + _words(N_("Replaces {links}"), _links(older)) + "</div>")
    if rec.valid_sources:
        from explorer.present.dossier import cites

        out.append("".join(source_html(c) for c in cites(catalog, rec.valid_sources)))
    return "".join(out)


def provision_html(catalog: Catalog, pid: str, as_of: dt.date | None = None) -> str:
    """The panel page of one provision (with its status on ``as_of``, if given)."""
    p = provision_info(catalog, pid, as_of)  # the same facts ``info provision:...`` prints
    governed = [(x["id"], x["name"]) for x in p["governs"]]
    invoked = [(x["id"], x["title"]) for x in p["invoked_by"]]
    invoking = [(x["id"], x["name"]) for x in p["invoked_by_features"]]
    related = [(x["id"], x["short"]) for x in p["related"]]
    out = [f"<style>{CSS}</style>", f"<h2>{text(p['short'])}</h2>",
           f'<div class="kind">{text(p["title"])}</div>',
           f'<div class="meta">{text(p["instrument"])}{i18n.join(["", ""]) + text(p["dates"]) if p["dates"] else ""}'
           '</div>']
    if p.get("status_text"):
        out.append(_as_of_line(as_of, p["status_text"]))
    out.append(_succession(catalog, pid))
    out.append(f"<p>{text(p['summary'])}</p>")
    if p["note"]:
        out.append(f'<div class="note">{words(labels.SECTION["note"])}{colon()}{text(p["note"])}</div>')
    out.append("<h3>" + words(tr("Governs {n} feature(s) on the map", n=len(governed))) + "</h3>")
    none = tr("No feature on the map names this provision; it is part of the law the others rest on.")
    out.append(f"<div>{_links(governed)}</div>" if governed else f'<div class="meta">{esc(none)}</div>')
    if invoking:
        out.append("<h3>" + words(tr("Invoked by {n} feature(s) it does not govern", n=len(invoking))) + "</h3>"
                   f"<div>{_links(invoking)}</div>")
    if invoked:
        out.append("<h3>" + words(tr("Controversies ({n})", n=len(invoked))) + f"</h3><div>{_links(invoked)}</div>")
    if related:
        out.append("<h3>" + words(tr("Related provisions")) + f"</h3><div>{_links(related)}</div>")
    out.append("<h3>" + words(tr("Sources")) + "</h3>" + "".join(source_html(c) for c in p["sources"]))
    return "".join(out)


def controversy_html(catalog: Catalog, cid: str, as_of: dt.date | None = None) -> str:
    """The panel page of one controversy (with its status on ``as_of``, if given)."""
    c = controversy_dict(catalog, catalog.controversies[cid], as_of)
    out = [f"<style>{CSS}</style>", f"<h2>{text(c['title'])}</h2>"]
    if c["years"]:
        out.append(f'<div class="kind">{text(c["years"])}</div>')
    if c.get("status_text"):
        out.append(_as_of_line(as_of, c["status_text"]))
    out.append(f"<p>{text(c['summary'])}</p>")
    if c["features"]:
        out.append("<h3>" + words(tr("Concerns ({n})", n=len(c["features"]))) + "</h3><div>"
                   f"{_links([(x['id'], x['name']) for x in c['features']])}</div>")
    if c["provisions"]:
        out.append(f"<h3>{counted(words(labels.SECTION['provisions']), len(c['provisions']))}</h3><div>"
                   f"{_links([(x['id'], x['short']) for x in c['provisions']])}</div>")
    out.append("<h3>" + words(tr("Sources")) + "</h3>" + "".join(source_html(s) for s in c["sources"]))
    return "".join(out)


def _as_of_line(as_of: dt.date | None, status: str) -> str:
    line = fill(N_("As of {date}: {status}"), date=day(as_of.isoformat()) if as_of else "", status=status)
    return f'<div class="meta"><b>{line}</b></div>'


ARTICLE = ", Art. "


def instrument_short(instrument: str, shorts: list[str]) -> str:
    """The name people use for an instrument, read from its provisions' short names.

    "1960 Treaty, Art. I" and "1960 Treaty, Art. VI" give "1960 Treaty"; a lone
    provision with no article ("SACO Final Report (1996)") gives its own short
    name. Where the provisions disagree, the instrument's full title stands.
    """
    heads = {sh.split(ARTICLE, 1)[0] for sh in shorts}
    if len(heads) == 1 and (len(shorts) == 1 or all(ARTICLE in sh for sh in shorts)):
        return heads.pop()
    return instrument


def article_label(short: str, head: str, title: str) -> str:
    """A provision's row under its instrument: "Art. VI — Facilities and areas…", or the title alone."""
    if short == head:
        return title
    rest = short[len(head) + 2:] if short.startswith(head + ", ") else short
    return f"{rest} — {title}"


def law_tree(catalog: Catalog) -> list[dict[str, Any]]:
    """Instruments, oldest first, each with its provisions and how many features each governs.

    Each instrument carries ``short`` (the name people use) beside ``instrument``
    (the full title, for a tooltip); each provision a ``label`` for its row.
    """
    by_instrument: dict[str, list] = {}
    for p in catalog.provisions.values():
        by_instrument.setdefault(p.instrument, []).append(p)

    def first_date(ps: list) -> str:
        return min((p.in_force or p.signed or "9999") for p in ps)

    def t(p: Any, key: str) -> str:
        return localize.text(catalog, p.id, key, getattr(p, key))

    out = []
    for instrument, ps in sorted(by_instrument.items(), key=lambda kv: (first_date(kv[1]), kv[0])):
        head = instrument_short(instrument, [t(p, "short") for p in ps])
        if ARTICLE not in "".join(t(p, "short") for p in ps) and len(ps) > 1:
            # shorts in another language ("1960年条約第6条") carry no ", Art. ": the instrument names the group
            head = t(ps[0], "instrument") if len({t(p, "instrument") for p in ps}) == 1 else head
        out.append({"instrument": t(ps[0], "instrument"), "short": head, "date": first_date(ps).replace("9999", ""),
                    "provisions": [{"id": p.id, "short": t(p, "short"), "title": t(p, "title"),
                                    "label": article_label(t(p, "short"), head, t(p, "title")),
                                    "governs": len(catalog.governed_by(p.id))} for p in ps]})
    return out


__all__ = ["provision_html", "controversy_html", "law_tree"]
