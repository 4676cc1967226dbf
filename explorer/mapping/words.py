"""The words the map page shows around the data, in the app's language.

atlas.js holds no English of its own: every word it puts on the map (the
legend, the hover tips, the popups' headings, the briefing panel) comes from
:func:`page_text`, in the payload, so a page built in Japanese speaks
Japanese and the same script serves both. Placeholders are ``{name}`` fields
that atlas.js fills (``T("clusterCount", {n: 3})``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from explorer import i18n
from explorer.i18n import tr

#: The family lists the page and the printed layouts use: a Japanese reader's text is set in
#: Noto Sans CJK JP first, so 嘉手納 never takes Chinese glyph forms from another CJK font.
FONTS = {
    "en": '"DejaVu Sans", "Noto Sans", "Noto Sans CJK JP", "Noto Sans CJK KR", sans-serif',
    "ja": '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", "DejaVu Sans", sans-serif',
}


def fonts(lang: str | None = None) -> str:
    """The CSS font-family list for text in ``lang`` (the app's language by default)."""
    return FONTS.get(lang or i18n.language(), FONTS["en"])


def page_text() -> dict[str, str]:
    """Every word atlas.js writes, in the current language."""
    return {
        "source": tr("Source: {text}"),
        "provisions": tr("Treaty provisions"),
        "controversies": tr("Controversies"),
        "sources": tr("Sources"),
        "records": tr("Records"),
        "clusterCount": tr("{n} facilities"),
        "clusterUnknown": tr("{n} without a published area"),
        "clickToZoom": tr("Click to zoom in"),
        "legend": tr("Legend"),
        "legendToggle": tr("Show or hide the legend"),
        "sizeNote": tr("Symbol area ∝ facility area"),
        "areaUnknown": tr("Area not published"),
        "merged": tr("n facilities merged"),
        "mergedClick": tr("n facilities merged (click to zoom)"),
        "uncertainty": tr("Where a selected facility may be"),
        "briefing": tr("Briefing"),
        "previous": tr("◀ Previous"),
        "next": tr("Next ▶"),
        "previousTip": tr("Previous step (PageUp, ←)"),
        "nextTip": tr("Next step (PageDown, →)"),
        "fonts": fonts(),
    }


def attribution(as_of: str = "", town_names_ja: bool = False) -> str:
    """The map's credit line: the basemap's and the towns' sources, and how far the data reaches.

    ``town_names_ja``: the towns carry Japanese names (from the Unicode CLDR), which a Japanese
    page shows and so credits.
    """
    line = tr("Basemap: Natural Earth (public domain); Japan's coast at large scales: GSHHG (LGPL). "
              "Towns: GeoNames (CC BY 4.0). Data: Alliance Explorer atlas; every feature's sources are "
              "listed in its dossier.")
    # Japanese sentences follow each other with no space between them.
    sep = "" if i18n.is_japanese() else " "
    if town_names_ja and i18n.is_japanese():
        line += sep + tr("Japanese town names: Unicode CLDR (Unicode License v3).")
    if as_of:
        line += sep + tr("Data as of {date}.", date=date_text(as_of))
    return line


_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def date_text(value: Any) -> str:
    """An ISO date (full or partial) as a Japanese reader writes it (2024年2月29日); any other text unchanged.

    English pages keep the ISO dates they have always shown (2024-02-29), which
    sort and match the records.
    """
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if i18n.is_japanese() and _ISO.match(text):
        return i18n.format_date(text)
    return text


__all__ = ["page_text", "attribution", "fonts", "date_text", "FONTS"]
