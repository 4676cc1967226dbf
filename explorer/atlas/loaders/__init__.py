"""Read geodata files into frozen records, reporting every problem with its place.

Split by concern: :mod:`.checks` (what a value must be), :mod:`.reader` (the
reader and its problems), :mod:`.geometry`, :mod:`.law` (sources, provisions,
controversies, figures), :mod:`.features` (bases, towns, threats) and
:mod:`.basemap` (countries and the states drawn from them). The JSON and TOML
readers are from the standard library; shapely and pyproj are used only where
geometry must be derived.
"""

from __future__ import annotations

from explorer.atlas.loaders.basemap import decode_ring, encode_ring, load_basemap, load_states, state_shapes
from explorer.atlas.loaders.checks import (BASE_STATUSES, DATE_RE, ID_RE, MAX_DEPTH, MAX_FILE_BYTES, MAX_NAME_CHARS,
                                           MAX_TEXT_CHARS, NAME_KEYS, THREAT_KINDS)
from explorer.atlas.loaders.features import load_bases, load_places, load_threats
from explorer.atlas.loaders.law import load_controversies, load_figures, load_provisions, load_sources
from explorer.atlas.loaders.reader import Problem, Reader
from explorer.atlas.loaders.translations import Translation, check_translations, load_translations

__all__ = ["Problem", "Reader", "load_sources", "load_provisions", "load_controversies", "load_figures",
           "load_bases", "load_places", "load_threats", "load_basemap", "load_states", "state_shapes",
           "encode_ring", "decode_ring", "Translation", "load_translations", "check_translations",
           "ID_RE", "DATE_RE", "THREAT_KINDS", "BASE_STATUSES", "MAX_FILE_BYTES", "MAX_DEPTH", "MAX_NAME_CHARS",
           "MAX_TEXT_CHARS", "NAME_KEYS"]
