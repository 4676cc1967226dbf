"""build_page(catalog, view state, mode) -> one Leaflet page, as HTML text.

folium lays out the document and the map object; our own ``atlas.js`` draws
the layers from one JSON payload. One payload means the states layer reuses
the basemap's polygons by index instead of carrying them twice, and means
every string from the data reaches the page exactly once, through one
escaping function (:func:`script_json`).

Modes:
  ``app``     assets by URL under the app's scheme; the view state comes from
              the URL fragment, so one cached page serves every start.
  ``export``  as ``app``, plus the title block, legend, attribution and as-of
              line drawn in the page for PNG/PDF snapshots.
  ``html``    self-contained: Leaflet and our scripts inlined, dossiers in
              popups, the view state embedded.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from explorer import __version__
from explorer.atlas.catalog import Catalog
from explorer.atlas.loaders import state_shapes
from explorer.atlas.records import Feature, State
from explorer.mapping import assets, style
from explorer.mapping.views import ViewState
from explorer.present.dossier import dossier_dict, kind_text, summary_dict

Mode = Literal["app", "export", "html"]
SCHEME_BASE = "explorer://app/"


def script_json(value: Any) -> str:
    """JSON safe to put inside ``<script>``: no ``<``, ``>``, ``&`` or quote can end it.

    The same escaping folium's templates use; also what Python->JS calls use.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _feature_props(f: Feature) -> dict[str, Any]:
    return {"id": f.id, "layer": f.layer, "name": f.name, "name_ja": f.name_ja,
            "kind": kind_text(f), "cls": style.style_key(f)}


def _collection(features: list[Feature]) -> dict[str, Any]:
    """One layer as lean GeoJSON-like data, which atlas.js turns into Leaflet layers.

    Each feature is ``{"properties": {...}, "xy": [lon, lat]}`` for a point or
    ``{"properties": {...}, "geometry": <GeoJSON geometry>}`` otherwise. The
    layer name is the key the collection sits under, an empty ``name_ja`` is
    left out and ``kind`` is an index ``k`` into the collection's ``kinds``:
    together about 40% fewer bytes per point than full GeoJSON features,
    which is what a 100k-point layer spends its time moving and parsing.
    """
    kinds: dict[str, int] = {}
    out = []
    for f in features:
        props: dict[str, Any] = {"id": f.id, "name": f.name}
        if f.name_ja:
            props["name_ja"] = f.name_ja
        props["k"] = kinds.setdefault(kind_text(f), len(kinds))
        props["cls"] = style.style_key(f)
        geometry = f.geometry
        if geometry.get("type") == "Point":
            out.append({"properties": props, "xy": geometry["coordinates"][:2]})
        else:
            out.append({"properties": props, "geometry": geometry})
    return {"kinds": list(kinds), "features": out}


def _states(catalog: Catalog) -> list[dict[str, Any]]:
    """States as references into the basemap's feature list, not copies."""
    index = {id(f): i for i, f in enumerate(catalog.basemap.get("features", []))}
    out = []
    for s in catalog.layer("states"):
        assert isinstance(s, State)
        shapes = [index[id(f)] for f in state_shapes(catalog.basemap, s.iso_a3) if id(f) in index]
        out.append({**_feature_props(s), "shapes": shapes, "lat": s.lat, "lon": s.lon})
    return out


def data_as_of(catalog: Catalog) -> str:
    """The newest dated fact in the atlas: what an export is 'as of'."""
    dates = [s.date for s in catalog.sources.values() if len(s.date) == 10]
    today = dt.date.today().isoformat()
    return max((d for d in dates if d <= today), default="")


def payload(catalog: Catalog, mode: Mode, state: ViewState | None = None,
            print_layout: bool = False) -> dict[str, Any]:
    """Everything atlas.js needs, as plain JSON-able data."""
    used = {style.style_key(f) for f in catalog.features.values()}
    data: dict[str, Any] = {
        "mode": mode,
        "version": __version__,
        "style": style.page_style(),
        "legend": style.legend_spec(used),
        "basemap": catalog.basemap,
        "bases": _collection(catalog.layer("bases")),
        "states": _states(catalog),
        "threats": _collection(catalog.layer("threats")),
        "asOf": data_as_of(catalog),
        "attribution": "Basemap: Natural Earth (public domain). Data: Alliance Explorer atlas; "
                       "every feature's sources are listed in its dossier.",
    }
    if state is not None:
        data["state"] = state.to_json()
    if mode == "html":
        data["dossiers"] = {fid: dossier_dict(catalog, fid) for fid in catalog.features}
    if mode == "export" and state is not None:
        # In a PDF the full dossier is printed under the map; no summary box on it.
        data["overlay"] = overlay(catalog, state.with_(dossier=False) if print_layout else state)
    if print_layout:
        data["print"] = print_section(catalog, state)
    return data


def print_section(catalog: Catalog, state: ViewState | None) -> dict[str, Any]:
    """What a PDF prints under the map: the title, the selected dossier in full, the sources line."""
    out: dict[str, Any] = {"title": state.title if state else "", "asOf": data_as_of(catalog)}
    if state is not None and state.selected in catalog.features:
        out["feature"] = dossier_dict(catalog, state.selected)
    return out


def overlay(catalog: Catalog, state: ViewState) -> dict[str, Any]:
    """Title block, dossier summary and source line drawn on an exported map."""
    out: dict[str, Any] = {"title": state.title, "subtitle": state.subtitle,
                           "legend": state.legend, "sourceLine": state.source_line}
    if state.dossier and state.selected in catalog.features:
        out["dossier"] = summary_dict(dossier_dict(catalog, state.selected))
    return out


# folium, branca and jinja2 are imported inside build_page, never at module
# level: the window imports this module for script_json, and a warm start
# must not pay ~0.5 s (pandas, numpy, requests) for a page it reads from cache.

#: Where the payload script goes; filled in after rendering (see build_page).
_PAYLOAD_SLOT = "<!-- atlas-data: filled in after rendering -->"

_BOOT_TEMPLATE = """
        {% macro script(this, kwargs) %}
        AtlasExplorer.init({{ this._parent.get_name() }},
            JSON.parse(document.getElementById("atlas-data").textContent));
        {% endmacro %}
        """


def _boot_element():
    """Starts atlas.js on the folium map once the payload script exists."""
    from branca.element import MacroElement
    from jinja2 import Template

    class _Boot(MacroElement):
        _template = Template(_BOOT_TEMPLATE)

    boot = _Boot()
    boot._id = "boot"
    return boot


def _inline_script(code: str):
    from branca.element import Element

    return Element("<script>" + code.replace("</script", "<\\/script") + "</script>")


def _inline_style(css: str):
    from branca.element import Element

    return Element("<style>" + css.replace("</style", "<\\/style") + "</style>")


def build_page(catalog: Catalog, mode: Mode = "app", state: ViewState | None = None,
               print_layout: bool = False) -> str:
    """The whole page as HTML text. Pure: same catalog and state, same bytes."""
    import folium
    from branca.element import Element

    fmap = folium.Map(location=[30, 130], zoom_start=5, tiles=None, prefer_canvas=(mode == "app"),
                      control_scale=True, zoom_control=(mode != "export"), world_copy_jump=False,
                      min_zoom=3, max_zoom=14)
    fmap._id = "atlas"  # stable element names: same input, same bytes (cacheable, diffable)
    # Only Leaflet, and only from the installed package: no jQuery, Bootstrap or CDN.
    fmap.default_js = []
    fmap.default_css = []
    header = fmap.get_root().header
    header.add_child(Element('<meta name="referrer" content="no-referrer">'), name="referrer")
    header.add_child(Element(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "script-src 'unsafe-inline' explorer: qrc:; style-src 'unsafe-inline' explorer:; "
        "img-src data: explorer:; connect-src 'none'\">"), name="csp")
    if mode == "html":
        header.add_child(_inline_style(assets.read_text("vendor/leaflet/leaflet.css")), name="leaflet_css")
        header.add_child(_inline_style(assets.read_text("web/map.css")), name="map_css")
        header.add_child(_inline_script(assets.read_text("vendor/leaflet/leaflet.js")), name="leaflet")
        header.add_child(_inline_script(assets.read_text("web/atlas.js")), name="atlas_js")
    else:
        for name, path in (("leaflet_css", "vendor/leaflet/leaflet.css"), ("map_css", "web/map.css")):
            header.add_child(Element(f'<link rel="stylesheet" href="{SCHEME_BASE}{path}"/>'), name=name)
        for name, path in (("leaflet", "vendor/leaflet/leaflet.js"), ("atlas_js", "web/atlas.js")):
            header.add_child(Element(f'<script src="{SCHEME_BASE}{path}"></script>'), name=name)
    # The payload goes in after folium has rendered, never through a branca
    # Element: an Element's text is compiled as a Jinja2 template, so data such
    # as a name "{{ 7*7 }}" was evaluated (template injection), and a 16 MB
    # payload took 1.3 s just to be lexed.
    fmap.get_root().html.add_child(Element(_PAYLOAD_SLOT), name="atlas_data")
    fmap.add_child(_boot_element())
    html = fmap.get_root().render()
    if mode == "html":
        html = html.replace("explorer: qrc:", "").replace(" explorer:;", ";")
    data = script_json(payload(catalog, mode, state, print_layout))
    return html.replace(_PAYLOAD_SLOT, '<script type="application/json" id="atlas-data">' + data + "</script>", 1)


__all__ = ["build_page", "payload", "script_json", "data_as_of", "SCHEME_BASE"]
