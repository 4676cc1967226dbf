"""Print layouts as HTML: the feature sheet and the briefing booklet (Qt-free).

Chromium paginates them (``explorer.export.printer`` loads the HTML in a
hidden page and prints it with the chosen paper): CSS ``@page`` sets the
paper, the running header (title and as-of date) and the page numbers in the
margin boxes; ``break-before``/``break-inside`` keep headings with their text.
Every string from the data goes through ``esc``; every source URL that is a
web URL becomes a real link, so the PDF carries link annotations. Maps arrive
as PNG bytes and are embedded as data URLs.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any, Iterable

from explorer import __version__, i18n
from explorer.i18n import N_, Lazy, tr
from explorer.mapping.words import date_text, fonts
from explorer.present.panel_html import esc, summary_line

#: Paper sizes in millimetres, portrait (width, height).
PAPERS: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4), "a3": (297.0, 420.0)}
#: Page margins in millimetres: top (running header), right, bottom (page number), left.
MARGINS = (16.0, 14.0, 15.0, 14.0)
CSS_PX_PER_MM = 96.0 / 25.4
FONTS = '"Noto Sans", "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC", "DejaVu Sans", sans-serif'


#: The printed layouts' own words (in the app's language when read).
W = Lazy({
    "source": N_("Source: {text}"), "map": N_("map"), "note": N_("Note"), "provisions": N_("Treaty provisions"),
    "controversies": N_("Controversies"), "sources": N_("Sources"), "step_map": N_("map for this step"),
    "records": N_("Records:"), "steps": N_("{n} steps"), "one_step": N_("1 step"), "contents": N_("Contents"),
    "cited": N_("Sources cited in this briefing"),
    "contents_note": N_("Each step shows the map as the briefing sets it, the text, the records it draws on and the "
                        "sources it cites. Source links are live."),
})


def credit_line() -> str:
    """The printed credit line, in the app's language."""
    return tr("Alliance Explorer. Basemap: Natural Earth (public domain); Japan's coast at large scales: GSHHG (LGPL). "
              "Every record names its sources; summaries are in the atlas's own words.")


def _fonts() -> str:
    """The printed text's font list: Noto Sans CJK JP first in Japanese (Japanese glyph forms)."""
    return fonts("ja") if i18n.is_japanese() else FONTS


@dataclass(frozen=True)
class Paper:
    """A sheet of paper: a named size and an orientation."""

    name: str = "a4"
    landscape: bool = False

    def __post_init__(self) -> None:
        if self.name not in PAPERS:
            raise ValueError(f"unknown paper {self.name!r}; use {'|'.join(PAPERS)}")

    @property
    def size_mm(self) -> tuple[float, float]:
        w, h = PAPERS[self.name]
        return (h, w) if self.landscape else (w, h)

    @property
    def content_mm(self) -> tuple[float, float]:
        w, h = self.size_mm
        top, right, bottom, left = MARGINS
        return w - left - right, h - top - bottom

    def map_px(self, share: float) -> tuple[int, int]:
        """A map image size (CSS px) for a map ``share`` of the content width, 3:2 portrait, wider landscape."""
        w, h = self.content_mm
        width = w * share * CSS_PX_PER_MM
        aspect = 0.62 if self.landscape else 0.66
        return int(round(width * 1.35)), int(round(width * 1.35 * aspect))

    @property
    def label(self) -> str:
        size = self.name.upper() if self.name != "letter" else tr("Letter")
        return tr("{size} landscape", size=size) if self.landscape else tr("{size} portrait", size=size)


def css_string(value: str) -> str:
    """A CSS string literal: anything but plain ASCII letters and punctuation is an escape."""
    out = []
    for ch in value:
        if ch.isascii() and (ch.isalnum() or ch in " .,:;-()/&+!?"):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def dates_line(compiled: str, map_date: str = "") -> str:
    """What a printed page says about time: how far the data reaches, and the map's own date only if one is set.

    The newest dated fact is not the day the map shows: "Data compiled to 2025-12-23"
    cannot be read as the map's date, and "Map as of 1971" appears only when the user set one.
    """
    parts = ([tr("Data compiled to {date}", date=date_text(compiled))] if compiled else []) + (
        [tr("Map as of {date}", date=date_text(map_date))] if map_date else [])
    return " · ".join(parts)


def page_numbers() -> str:
    """The CSS ``content`` of the page-number margin box: "Page 3 of 12" / 「3 / 12ページ」."""
    out = []
    for piece in re.split(r"(\{page\}|\{pages\})", tr("Page {page} of {pages}")):
        if piece == "{page}":
            out.append("counter(page)")
        elif piece == "{pages}":
            out.append("counter(pages)")
        elif piece:
            out.append(css_string(piece))
    return " ".join(out)


def _css(paper: Paper, header: str, dates: str, cover: bool = False) -> str:
    w, h = paper.size_mm
    cw, ch = paper.content_mm
    top, right, bottom, left = MARGINS
    margin_font = f"font-family: {_fonts()}; font-size: 7.5pt; color: #555;"
    # A cover carries no running header.
    cover_rule = '@page :first { @top-left { content: ""; } @top-right { content: ""; } }' if cover else ""
    return f"""
@page {{
  size: {w}mm {h}mm; margin: {top}mm {right}mm {bottom}mm {left}mm;
  @top-left {{ content: {css_string(header)}; {margin_font} }}
  @top-right {{ content: {css_string(dates)}; {margin_font} }}
  @bottom-center {{ content: {page_numbers()}; {margin_font} }}
}}
{cover_rule}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: {_fonts()}; font-size: 10pt; line-height: 1.38; color: #111; }}
/* Japanese: no break before small kana or closing marks, and none inside a phrase (Chromium breaks
   at phrase boundaries with lang="ja"); a long Latin run (a URL) may still break anywhere. */
html:lang(ja) body {{ line-break: strict; word-break: auto-phrase; overflow-wrap: anywhere; line-height: 1.6; }}
a {{ color: #0b4f8a; text-decoration: none; word-break: break-all; }}
h1 {{ font-size: 20pt; margin: 0 0 2mm; line-height: 1.15; }}
h2 {{ font-size: 14pt; margin: 2.5mm 0 2mm; line-height: 1.2; break-after: avoid; }}
h3 {{ font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }}
p {{ margin: 0 0 2mm; }}
.ja {{ color: #444; font-size: 11pt; }}
.kind {{ color: #555; margin-bottom: 2mm; }}
.map {{ display: block; width: 100%; height: auto; object-fit: contain; border: 0.3mm solid #999; box-sizing: border-box; }}
.meta {{ color: #444; font-size: 0.85em; }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.6mm 4mm; margin: 3mm 0; font-size: 9pt; }}
dl.facts dt {{ font-weight: bold; color: #333; }} dl.facts dd {{ margin: 0; }}
.item {{ break-inside: avoid; margin: 0 0 3mm; }}
.item strong {{ display: block; }}
.src {{ font-size: 0.8em; color: #333; margin: 0.5mm 0 0 3mm; break-inside: avoid; }}
ol.sources {{ font-size: 0.8em; padding-left: 6mm; margin: 1mm 0 0; }}
ol.sources li {{ margin: 0 0 0.8mm; break-inside: avoid; }}
.records {{ font-size: 0.85em; color: #333; margin: 1.5mm 0; }}
.sheet {{ width: {cw:.2f}mm; height: {ch - 1:.2f}mm; overflow: hidden; box-sizing: border-box;
  break-after: page; page-break-after: always; position: relative; }}
.sheet.last {{ break-after: auto; page-break-after: auto; }}
.cover {{ display: flex; flex-direction: column; justify-content: center; }}
.cover h1 {{ font-size: 28pt; }}
.cover .sub {{ font-size: 14pt; color: #333; margin-bottom: 8mm; }}
.cover img.map {{ width: auto; max-width: 100%; max-height: {ch * 0.6:.1f}mm; align-self: flex-start; }}
.contents ol {{ padding-left: 7mm; font-size: 11pt; }} .contents li {{ margin: 0 0 2mm; }}
.contents .pg {{ float: right; color: #555; }}
.step .num {{ color: #0b6e4f; font-weight: bold; font-size: 9pt; letter-spacing: 0.05em; }}
.step.land {{ display: grid; grid-template-columns: 57% 1fr; gap: 6mm; }}
.closing {{ break-before: page; }}
"""


def _space() -> str:
    """Between two sentences: a space in English, none in Japanese."""
    return "" if i18n.is_japanese() else " "


def _end(sentence: str) -> str:
    """A sentence with its full stop: "." in English, "。" in Japanese."""
    return sentence + ("。" if i18n.is_japanese() else ".")


def _doc(title: str, css: str, body: str) -> str:
    csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    return (f"<!DOCTYPE html>\n<html lang=\"{esc(i18n.language())}\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            f"<title>{esc(title)}</title><style>{css}</style></head><body>{body}</body></html>")


def _link(c: dict[str, Any]) -> str:
    if c.get("link"):
        return f'<a href="{esc(c["url"])}">{esc(c["url"])}</a>'
    return esc(c["url"]) if c.get("url") else ""


def source_item(c: dict[str, Any]) -> str:
    """One citation (``present.dossier.cite``) as a list item, its URL a real link."""
    link = _link(c)
    return f"<li>{esc(c['text'])}{' — ' + link if link else ''}</li>"


def sources_list(items: Iterable[dict[str, Any]]) -> str:
    rows = "".join(source_item(c) for c in items)
    return f'<ol class="sources">{rows}</ol>' if rows else ""


def _citations(items: list[dict[str, Any]]) -> str:
    return "".join(f'<div class="src">{esc(W["source"].format(text=c["text"]))}'
                   f'{" — " + _link(c) if _link(c) else ""}</div>' for c in items)


# -- the feature sheet -------------------------------------------------------------------------

def _names(dd: dict[str, Any]) -> tuple[str, str]:
    """(the name in the reader's language, the other name or ""): 普天間飛行場 above MCAS Futenma in Japanese."""
    # ``name`` follows the reader's language; ``name_en`` is always the English.
    name, ja = dd.get("name_en") or dd.get("name", ""), dd.get("name_ja", "")
    if i18n.is_japanese() and ja:
        return ja, (name if name != ja else "")
    return name, (ja if ja != name else "")


def sheet_html(dd: dict[str, Any] | None, png: bytes, paper: Paper, title: str, compiled: str,
               attribution: str | None = None, map_date: str = "") -> str:
    """A feature sheet: the map on page 1, then the dossier (``present.dossier.dossier_dict``) flowing on.

    ``compiled`` is the newest dated fact in the data; ``map_date`` the date the map was set to, if any.
    """
    attribution = attribution if attribution is not None else credit_line()
    dates = dates_line(compiled, map_date)
    name, other = _names(dd) if dd else ("", "")
    header = title or name or tr("Alliance Explorer map")
    parts = [f"<h1>{esc(header)}</h1>"]
    if dd:
        if title and title != name:
            parts.append(f"<h2>{esc(name)}</h2>")
        if other:
            parts.append(f'<div class="ja">{esc(other)}</div>')
        parts.append(f'<div class="kind">{esc(dd["kind"])}</div>')
        parts.append(f"<p><b>{esc(summary_line(dd))}</b></p>")
    parts.append(f'<img class="map" alt="{esc(W["map"])}" src="{data_url(png)}">')
    if dd:  # the panel's order: facts (and the note), the law, the controversies, then the sources
        if dd["facts"]:
            parts.append('<dl class="facts">' + "".join(f"<dt>{esc(f['label'])}</dt><dd>{esc(f['value'])}</dd>"
                                                       for f in dd["facts"]) + "</dl>")
        if dd.get("note"):
            parts.append(f'<h3>{esc(W["note"])}</h3><p class="meta">{esc(dd["note"])}</p>')
        for heading, items in ((W["provisions"], dd["provisions"]), (W["controversies"], dd["controversies"])):
            if not items:
                continue
            parts.append(f"<h3>{esc(heading)}</h3>")
            for it in items:
                parts.append(f'<div class="item"><strong>{esc(it["headline"])}</strong>'
                             f"<div>{esc(it['summary'])}</div>{_citations(it['sources'])}</div>")
        if dd["sources"]:
            parts.append(f"<h3>{esc(W['sources'])}</h3>" + sources_list(dd["sources"]))
    parts.append(f'<p class="meta">{esc(attribution)}' + (f"{_space()}{esc(_end(dates))}" if dates else "") + "</p>")
    return _doc(header, _css(paper, header, dates), "".join(parts))


# -- the briefing booklet -------------------------------------------------------------------------

def contents_pages(n_steps: int) -> dict[str, int]:
    """Where things are: cover 1, contents 2, step i (0-based) on 3 + i, the sources after them."""
    return {"cover": 1, "contents": 2, "first_step": 3, "sources": 3 + n_steps}


def _step_page(s: dict[str, Any], png: bytes, paper: Paper, total: int, last: bool) -> str:
    records = ("、" if i18n.is_japanese() else "; ").join(esc(r["name"]) for r in s["records"])
    text = "".join(f"<p>{esc(p)}</p>" for p in s["paragraphs"])
    num = tr("STEP {n} OF {total}", n=s["index"] + 1, total=total)
    head = (f'<div class="num">{esc(num)}</div><h2>{esc(s["title"])}</h2>')
    img = f'<img class="map" alt="{esc(W["step_map"])}" src="{data_url(png)}">'
    rec = f'<div class="records"><b>{esc(W["records"])}</b> {records}</div>' if records else ""
    src = f'<div class="meta"><b>{esc(W["sources"])}</b></div>{sources_list(s["sources"])}'
    cls = "sheet step fit" + (" land" if paper.landscape else "") + (" last" if last else "")
    if paper.landscape:
        body = f"<div>{img}{rec}</div><div>{head}{text}{src}</div>"
    else:
        body = f"{head}{img}{text}{rec}{src}"
    return f'<section class="{cls}" id="step-{esc(s["id"])}">{body}</section>'


def booklet_html(bd: dict[str, Any], maps: dict[str, bytes], sources: list[dict[str, Any]], paper: Paper,
                 compiled: str, attribution: str | None = None) -> str:
    """The briefing booklet from ``present.briefing.briefing_dict``: cover, contents, a page per step, sources.

    ``maps`` holds each step's map (PNG bytes) by step id; the cover reuses the first step's.
    ``compiled`` is the newest dated fact in the data (each step's map carries its own date, if any).
    """
    attribution = attribution if attribution is not None else credit_line()
    dates = dates_line(compiled)
    steps = bd["steps"]
    pages = contents_pages(len(steps))
    first = maps[steps[0]["id"]] if steps else b""
    cover = (f'<section class="sheet cover"><h1>{esc(bd["title"])}</h1>'
             + (f'<div class="sub">{esc(bd["subtitle"])}</div>' if bd.get("subtitle") else "")
             + (f'<img class="map" alt="{esc(W["map"])}" src="{data_url(first)}">' if first else "")
             + f'<p class="meta">{esc(W["steps"].format(n=len(steps)) if len(steps) != 1 else W["one_step"])} · {esc(paper.label)}'
             + (f" · {esc(dates)}" if dates else "") + f" · Alliance Explorer {esc(__version__)}</p>"
             + f'<p class="meta">{esc(attribution)}</p></section>')
    rows = "".join(f'<li><a href="#step-{esc(s["id"])}">{esc(s["title"])}</a>'
                   f'<span class="pg">{pages["first_step"] + i}</span></li>' for i, s in enumerate(steps))
    contents = (f'<section class="sheet contents"><h2>{esc(W["contents"])}</h2><ol>{rows}</ol>'
                f'<p>{esc(W["cited"])} <span class="pg">{pages["sources"]}</span></p>'
                f'<p class="meta">{esc(W["contents_note"])}</p></section>')
    body = [cover, contents]
    for i, s in enumerate(steps):
        body.append(_step_page(s, maps[s["id"]], paper, len(steps), last=False))
    body.append(f'<section class="closing"><h2>{esc(W["cited"])}</h2>{sources_list(sources)}'
                f'<p class="meta">{esc(attribution)}' + (f"{_space()}{esc(_end(dates))}" if dates else "")
                + "</p></section>")
    return _doc(bd["title"], _css(paper, bd["title"], dates, cover=True), "".join(body))


#: Run in the print page before printing: shrink a step's type until it fits its one page.
FIT_JS = """
(function () {
  /* First the map gives up height (down to 42% of the page), then the type shrinks (down to 7pt). */
  var changed = 0;
  function over(s) { return s.scrollHeight > s.clientHeight + 1; }
  document.querySelectorAll('.fit').forEach(function (s) {
    var size = 10, img = s.querySelector('img.map'), land = s.classList.contains('land');
    if (img && !land) {
      var h = img.getBoundingClientRect().height;
      img.style.width = 'auto'; img.style.maxWidth = '100%'; img.style.margin = '0 auto';
      while (over(s) && h > s.clientHeight * 0.42) { h -= 8; img.style.maxHeight = h + 'px'; changed++; }
    }
    while (over(s) && size > 7) { size -= 0.25; s.style.fontSize = size + 'pt'; changed++; }
  });
  return changed;
})()
"""

__all__ = ["Paper", "PAPERS", "dates_line", "sheet_html", "booklet_html", "contents_pages", "css_string", "FIT_JS"]
