"""Worked examples for each sub-command's ``--help``, written as the README shows them.

``tests/unit/test_cli_help.py`` checks that every example's command is in the
README, so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
from typing import Any

EXAMPLES: dict[str, tuple[str, ...]] = {
    "gui": (
        "alliance-explorer                    # open the window",
        "alliance-explorer --reset-settings   # forget the remembered window, map state and export folder",
    ),
    "list": (
        "alliance-explorer list --layer bases --json        # id, layer, name, name_ja, lat, lon, key attributes, sources",
        "alliance-explorer list --layer bases --as-of 1971-01-01         # only what existed then",
        "alliance-explorer list --layer places               # the towns and cities",
    ),
    "info": (
        "alliance-explorer info base:futenma --json         # the dossier the panel shows, with sources",
        "alliance-explorer info provision:treaty1951-art1 --as-of 1961   # a provision (or controversy) id too",
    ),
    "validate": (
        "alliance-explorer validate geodata                 # every problem, with file, record id and field; exit 1 if any",
        "alliance-explorer validate                          # the bundled data",
    ),
    "export": (
        'alliance-explorer export --out okinawa.png --view okinawa --select base:futenma --title "US facilities on Okinawa Island"',
        "alliance-explorer export --out futenma.pdf --view okinawa --select base:futenma --paper a4",
        "alliance-explorer export --out usmc-okinawa.png --view okinawa --where service=USMC --where prefecture=Okinawa",
    ),
    "coverage": (
        "alliance-explorer coverage --threat threat:range-nodong          # or --origin LAT,LON --range KM; --csv, --json",
        "alliance-explorer coverage --threat threat:range-nodong --csv    # CSV with a header row",
    ),
    "distance": (
        "alliance-explorer distance base:kadena 25.05306,121.52639         # km, nmi, mi and the initial bearing",
        "alliance-explorer distance base:kadena base:futenma --json        # the same as one JSON document",
    ),
    "open": (
        "alliance-explorer open survey.aeproj",
        "alliance-explorer open map.aeproj",
    ),
}


def command(example: str) -> str:
    """An example's command, without its comment."""
    return example.split("  #", 1)[0].rstrip()


def help_kwargs(name: str) -> dict[str, Any]:
    """``add_parser`` keywords that end ``NAME --help`` with its worked examples, laid out as written."""
    lines = "\n".join(f"  {e}" for e in EXAMPLES[name])
    return {"epilog": f"examples:\n{lines}", "formatter_class": argparse.RawDescriptionHelpFormatter}


__all__ = ["EXAMPLES", "command", "help_kwargs"]
