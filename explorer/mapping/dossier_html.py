"""A dossier as the rich text the side panel shows (Qt-free, so testable without Qt).

Escape, then format: every value from the data passes through ``esc`` before
it is put between tags, so a hostile name stays text. Links carry record ids
(``provision:treaty1960-art6`` is already a URL); only ``http``/``https``
source URLs become external links, anything else (``javascript:``...) is shown
as plain text.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Dossier, Feature, SourceRef

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


def esc(value: object) -> str:
    """HTML-escape any value, quotes included."""
    return html.escape("" if value is None else str(value), quote=True)


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def source_line(catalog_sources: dict, ref: SourceRef) -> str:
    """One cited source: publisher, title, date, locator, and a link if it is a web URL."""
    src = catalog_sources.get(ref.id)
    if src is None:
        return f'<div class="src">Source: {esc(ref.id)} (not defined)</div>'
    text = esc(src.label()) + (f", {esc(ref.at)}" if ref.at else "")
    if src.url and _is_web_url(src.url):
        text += f' — <a href="{esc(src.url)}">link</a>'
    elif src.url:
        text += f" — {esc(src.url)}"
    return f'<div class="src">Source: {text}</div>'


def _sources(d: Dossier, refs) -> str:
    return "".join(source_line(d.sources, r) for r in refs)


def _facts(feature: Feature) -> str:
    rows = "".join(f'<tr><td class="k">{esc(k)}</td><td>{esc(v)}</td></tr>' for k, v in feature.facts())
    return f'<table class="facts">{rows}</table>' if rows else ""


def dossier_html(d: Dossier, catalog: Catalog | None = None) -> str:
    """The whole panel page for one feature."""
    f = d.feature
    out = [f"<style>{CSS}</style>", f"<h2>{esc(f.name)}</h2>"]
    if f.name_ja:
        out.append(f'<div class="ja">{esc(f.name_ja)}</div>')
    out.append(f'<div class="kind">{esc(f.kind)} · <span class="meta">{esc(f.id)}</span></div>')
    out.append(_facts(f))
    if f.note:
        out.append(f'<div class="note">Note: {esc(f.note)}</div>')

    out.append(f"<h3>Treaty provisions ({len(d.provisions)})</h3>")
    if not d.provisions:
        out.append('<div class="meta">No provision is linked to this feature.</div>')
    for p in d.provisions:
        dates = ", ".join(x for x in (f"signed {p.signed}" if p.signed else "",
                                      f"in force {p.in_force}" if p.in_force else "") if x)
        out.append(
            '<div class="item">'
            f'<a href="{esc(p.id)}"><b>{esc(p.short)}</b> — {esc(p.title)}</a>'
            f'<div class="meta">{esc(p.instrument)}{", " + esc(dates) if dates else ""}</div>'
            f"<div>{esc(p.summary)}</div>{_sources(d, p.sources)}</div>"
        )

    out.append(f"<h3>Controversies ({len(d.controversies)})</h3>")
    if not d.controversies:
        out.append('<div class="meta">No controversy is linked to this feature.</div>')
    for c in d.controversies:
        concerns = ""
        if catalog is not None:
            links = [f'<a href="{esc(fid)}">{esc(catalog.features[fid].name)}</a>'
                     for fid in c.features if fid in catalog.features and fid != f.id]
            if links:
                concerns = f'<div class="meta">Also concerns: {", ".join(links)}</div>'
        out.append(
            '<div class="item">'
            f'<a href="{esc(c.id)}"><b>{esc(c.title)}</b></a> <span class="meta">({esc(c.years())})</span>'
            f"<div>{esc(c.summary)}</div>{concerns}{_sources(d, c.sources)}</div>"
        )

    out.append("<h3>Sources for this feature</h3>")
    out.append(_sources(d, f.sources))
    return "".join(out)


def _concentration(catalog: Catalog) -> str:
    """Okinawa's burden, computed from the facilities' own areas."""
    from explorer.atlas.figures import okinawa_concentration

    c = okinawa_concentration(catalog)
    if c is None or c.share_pct is None:
        return ""
    land = f", on about {c.land_share_pct:g}% of Japan's land" if c.land_share_pct else ""
    dates = f"facility areas as published from {c.oldest_area} on" if c.oldest_area else "facility areas"
    gaps = []
    if c.undated_areas:
        gaps.append(f"{c.undated_areas} undated")
    if c.without_area:
        gaps.append(f"{len(c.without_area)} without a published area")
    gap = f" ({', '.join(gaps)})" if gaps else ""
    return (f"<p><b>Okinawa</b> holds {c.okinawa_count} facilities on the MOD exclusive-use list covering "
            f"{c.okinawa_km2:.1f} km²: <b>{c.share_pct:.1f}%</b> of the national exclusive-use area"
            f"{esc(land)} <span class=meta>(computed from the {esc(dates)}{esc(gap)}, against MOD's national "
            f"total of {esc(c.as_of)})</span>.</p>")


def _bases_line(catalog: Catalog) -> str:
    """The bases by SOFA category, counted from the records."""
    from explorer.atlas.figures import use_counts

    u = use_counts(catalog)
    if not u.list_as_of:
        head = f"{u.on_list_now} facilities on the MOD exclusive-use list"
    else:
        since = f"; {u.returned_since} since returned" if u.returned_since else ""
        count = catalog.figures.get("figure:national-exclusive-count")
        of = f" of the {count.value:g}" if count and count.value != u.on_list else ""
        head = (f"{u.on_list}{of} facilities on the MOD exclusive-use list as of {esc(u.list_as_of)} "
                f"({u.on_list_okinawa} in Okinawa{since})")
    return (f"{head}, plus {u.sdf_temporary_us} SDF areas with temporary US use (SOFA Art. II-4(b)) "
            f"and {u.returned} returned sites")


def welcome_html(catalog: Catalog) -> str:
    """What the panel shows before anything is selected."""
    counts = {layer: len(catalog.layer(layer)) for layer in ("states", "threats")}
    return (
        f"<style>{CSS}</style><h2>Alliance Explorer</h2>"
        '<div class="kind">The US–Japan security alliance on a map</div>'
        f"<p>{_bases_line(catalog)}; {counts['states']} states and {counts['threats']} threat vectors, "
        f"linked to {len(catalog.provisions)} treaty provisions and {len(catalog.controversies)} controversies.</p>"
        + _concentration(catalog) +
        "<p><b>Click</b> any feature on the map to read which provisions govern it and which controversies "
        "surround it. <b>Click a provision</b> here to highlight every feature it governs.</p>"
        "<p class=meta>Views: Ctrl+1 Okinawa · Ctrl+2 Japan · Ctrl+3 Region · Ctrl+4 Korea · Ctrl+5 Senkaku. "
        "Ctrl+F find · Ctrl+E export · Esc clear.</p>"
    )
