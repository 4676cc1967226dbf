"""Tooltips that stay text: Qt guesses rich text from a tooltip's first line, so a name with
tags in it would be drawn as markup. Every tooltip built from data goes through :func:`tip`."""

from __future__ import annotations

import html


def tip(text: str) -> str:
    """``text`` as a rich-text tooltip that shows exactly these characters, line breaks kept."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


__all__ = ["tip"]
