"""One state-free map page per data version: a folium shell plus one JSON payload.

folium lays out the document and the map object (the *shell*, which depends
only on the code, so it is built once per code version and cached by
``explorer.store``); our own ``atlas.js`` draws the layers from one JSON
payload built here without folium. The page holds no view state: the window
and every export load it and call ``AtlasExplorer.apply(state, options)``.
Every string from the data reaches the page once, through
:func:`explorer.mapping.js.script_json`.

Shells (both with Leaflet and our scripts inline):
  ``app``   for the window and PNG/PDF exports, served under the app's scheme; its CSP
            lets it reach the scheme (Leaflet's images) and the web channel.
  ``html``  self-contained, for the HTML export, whose payload also carries the
            dossiers (for popups) and a state; it may fetch nothing at all.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from explorer import __version__, i18n
from explorer.atlas.catalog import Catalog
from explorer.atlas.loaders import state_shapes
from explorer.atlas.records import Base, Feature, Place, State
from explorer.i18n import N_, tr
from explorer.mapping import assets, style, words
from explorer.mapping.js import script_json
from explorer.mapping.layers import ATLAS_LAYERS, LayerSpec, Registry
from explorer.mapping.state import ExportOptions, MapState
from explorer.present import labels, localize
from explorer.present.dossier import dossier_dict, kind_text, map_label, summary_dict

Shell = Literal["app", "html"]
SCHEME_BASE = "explorer://app/"
CSP = ("default-src 'none'; script-src 'unsafe-inline' explorer: qrc:; script-src-attr 'none'; "
       "style-src 'unsafe-inline' explorer:; img-src data: explorer:; connect-src 'none'")


def layer_payload(spec: LayerSpec, features: list[Feature], catalog: Catalog | None = None) -> dict[str, Any]:
    """One layer's payload on its own: what ``AtlasExplorer.addLayer`` takes (a user layer)."""
    index = {id(f): i for i, f in enumerate(catalog.basemap.get("features", []))} if catalog else {}
    return _encode(features, spec, index, catalog)


def page_label(f: Feature) -> str:
    """The text a feature is labelled with on the map, in the reader's language.

    In Japanese a facility, a state, a town (and any feature labelled by its
    name) is labelled with its ``name_ja`` where the record has one; a date
    label reads as a Japanese reader writes dates (2022年10月4日).
    """
    label = map_label(f)
    if i18n.is_japanese():
        if f.name_ja and (isinstance(f, (Base, State, Place)) or label == f.name):
            return localize.name(f)
        return words.date_text(label)
    return label


def _encode(features: list[Feature], spec: LayerSpec, basemap_index: dict[int, int],
            catalog: Catalog | None) -> dict[str, Any]:
    """One layer as lean data, which atlas.js turns into Leaflet layers.

    Each feature is ``{"p": {...}, "xy": [lon, lat]}`` for a point,
    ``{"p": {...}, "shapes": [i, ...]}`` for a state drawn from basemap
    polygons (indexes, not copies), or ``{"p": {...}, "geometry": {...}}``.
    An empty ``name_ja`` is left out and ``kind`` is an index ``k`` into the
    layer's ``kinds``: together about 40% fewer bytes per point than GeoJSON,
    which is what a 100k-point layer spends its time moving and parsing.
    """
    kinds: dict[str, int] = {}
    used: set[str] = set()
    out = []
    for f in features:
        cls = spec.style_key(f)
        used.add(cls)
        props: dict[str, Any] = {"id": f.id, "name": f.name}
        if f.name_ja:
            props["name_ja"] = f.name_ja
        props["k"] = kinds.setdefault(kind_text(f), len(kinds))
        props["cls"] = cls
        precision = getattr(f, "position_precision_m", None)
        if isinstance(precision, int) and precision > 0:
            props["pm"] = precision  # the selection draws where the facility may really be
        if spec.size_attr:
            size = getattr(f, spec.size_attr, None)
            props["s"] = size if isinstance(size, (int, float)) and size > 0 else None
        if spec.labels:
            label = page_label(f)
            if label:
                props["lb"] = label
                # Label priority: bigger places and facilities win a contested spot.
                props["pr"] = getattr(f, "population", 0) or getattr(f, spec.size_attr or "area_km2", 0) or 0
        if spec.basemap_shapes and isinstance(f, State) and catalog is not None:
            shapes = [basemap_index[id(s)] for s in state_shapes(catalog.basemap, f.iso_a3) if id(s) in basemap_index]
            props["ll"] = [f.lat, f.lon]  # where its name goes
            out.append({"p": props, "shapes": shapes})
        elif f.geometry.get("type") == "Point":
            out.append({"p": props, "xy": f.geometry["coordinates"][:2]})
        else:
            out.append({"p": props, "geometry": f.geometry})
    layer = spec.to_json()
    layer["symbols"] = [s for s in layer["symbols"] if s["key"] in used]
    return {**layer, "kinds": list(kinds), "features": out}


def data_as_of(catalog: Catalog) -> str:
    """The newest dated fact in the atlas: what an export is 'as of'."""
    dates = [s.date for s in catalog.sources.values() if len(s.date) == 10]
    today = dt.date.today().isoformat()
    return max((d for d in dates if d <= today), default="")


def payload(catalog: Catalog, registry: Registry | None = None) -> dict[str, Any]:
    """Everything atlas.js needs to draw every layer of ``registry`` (default: the atlas's own): no state."""
    specs = list(registry if registry is not None else Registry(ATLAS_LAYERS))
    by_layer: dict[str, list[Feature]] = {spec.id: [] for spec in specs}
    for f in (*catalog.features.values(), *catalog.places.values()):
        if f.layer in by_layer:
            by_layer[f.layer].append(f)
    index = {id(f): i for i, f in enumerate(catalog.basemap.get("features", []))}
    # A unit the backdrop has whole is drawn from that whole shape only: its clipped
    # shape stays in the catalog (states, validation) but not in the page.
    wholes = {f["properties"].get("whole_of") for f in catalog.basemap.get("features", [])} - {None}
    basemap = {**catalog.basemap, "features": [
        {**f, "geometry": None} if f["properties"].get("iso_a3") in wholes else f
        for f in catalog.basemap.get("features", [])]} if wholes else catalog.basemap
    return {
        "version": __version__,
        "style": style.page_style(),
        "basemap": basemap,
        "layers": [_encode(by_layer[spec.id], spec, index, catalog) for spec in specs],
        "asOf": data_as_of(catalog),
        "attribution": words.attribution(),
        "sourceLine": words.attribution(data_as_of(catalog),
                                        town_names_ja=any(p.name_ja for p in catalog.places.values())),
        "lang": i18n.language(),
        "text": words.page_text(),
    }


#: A filter's facets as the export's subtitle names them.
FACETS = {"layers": N_("layers"), "service": N_("service"), "prefecture": N_("prefecture"), "island": N_("island"),
          "use": N_("use"), "status": N_("status"), "threat_kind": N_("threat kind"), "actor": N_("actor"),
          "provision": N_("provision"), "controversy": N_("controversy"), "attribute": N_("attribute")}


def _subtitle(state: MapState, options: ExportOptions) -> str:
    """The export's subtitle plus a line stating the map's as-of date and filter, if any."""
    parts = []
    if state.as_of:
        parts.append(tr("As of {date} ({symbols})", date=words.date_text(str(state.as_of)),
                        symbols=tr(labels.DATED_SYMBOLS)))
    if state.filter:
        flt = state.filter.to_json()
        facets = [tr("{facet}: {values}", facet=tr(FACETS.get(k, k)), values=i18n.join(v))
                  for k, v in flt.items() if k != "text"]
        if flt.get("text"):
            facets.append(tr("text “{text}”", text=flt["text"]))
        joined = ("；" if i18n.is_japanese() else "; ").join(facets)
        parts.append(tr("Filter: {facets} (others greyed)", facets=joined) if state.filter_mode == "grey"
                     else tr("Filter: {facets}", facets=joined))
    line = " · ".join(parts)
    return " — ".join(x for x in (options.subtitle, line) if x)


def chrome(catalog: Catalog, state: MapState, options: ExportOptions) -> dict[str, Any]:
    """What an export draws around the map: title block, legend, dossier summary, source line.

    The dossier summary is the presenter's, seen from the state's date. PDFs are
    paged documents (``explorer.export.printer``) that print the whole dossier
    as text after a PNG of the map, so this is only ever a picture's chrome.
    """
    out: dict[str, Any] = {"export": True, "title": options.title, "subtitle": _subtitle(state, options),
                           "legend": options.legend, "sourceLine": options.source_line,
                           "viewport": [options.width, options.height]}
    selected = state.selected if state.selected in catalog.features else ""
    if options.dossier and selected:
        out["dossier"] = summary_dict(dossier_dict(catalog, selected, state.when))
    return out


def standalone_payload(catalog: Catalog, state: MapState, registry: Registry | None = None) -> dict[str, Any]:
    """The HTML export's payload: the map data plus every dossier (for popups), seen from the state's date."""
    data = payload(catalog, registry)
    when = state.when
    data["dossiers"] = {fid: dossier_dict(catalog, fid, when) for fid in catalog.features}
    from explorer.mapping.derive import page_state

    data["state"] = page_state(catalog, state)
    return data


# folium, branca and jinja2 are imported inside render_shell, never at module
# level: the window, the exporter and the CLI import this module, and none of
# them must pay ~0.5 s (pandas, numpy, requests) for a shell read from cache.

#: Where the payload script goes; filled in after rendering (see assemble).
PAYLOAD_SLOT = "<!-- atlas-data: filled in after rendering -->"

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


def _inline(tag: str, code: str):
    from branca.element import Element

    return Element(f"<{tag}>" + code.replace(f"</{tag}", f"<\\/{tag}") + f"</{tag}>")


def render_shell(shell: Shell = "app") -> str:
    """The page without data, as HTML text with :data:`PAYLOAD_SLOT` in it. Pure: same code, same bytes."""
    import folium
    from branca.element import Element

    fmap = folium.Map(location=[30, 130], zoom_start=5, tiles=None, prefer_canvas=True, control_scale=True,
                      zoom_control=True, world_copy_jump=False, min_zoom=3, max_zoom=14)
    fmap._id = "atlas"  # stable element names: same input, same bytes (cacheable, diffable)
    # Only Leaflet, and only from the installed package: no jQuery, Bootstrap or CDN.
    fmap.default_js = []
    fmap.default_css = []
    header = fmap.get_root().header
    header.add_child(Element('<meta name="referrer" content="no-referrer">'), name="referrer")
    csp = CSP if shell == "app" else CSP.replace(" explorer: qrc:", "").replace(" explorer:", "")
    header.add_child(Element(f'<meta http-equiv="Content-Security-Policy" content="{csp}">'), name="csp")
    # Both shells carry Leaflet and our scripts inline. The app's page is a cached file loaded
    # at start while the window is still being built: with nothing to fetch, the renderer parses
    # it through without waiting for the window's thread (which answers the scheme's requests).
    # The app's Leaflet images stay fetchable from the scheme; an HTML export has none to fetch.
    leaflet_css = assets.read_text("vendor/leaflet/leaflet.css")
    if shell == "app":
        leaflet_css = leaflet_css.replace("url(images/", f"url({SCHEME_BASE}vendor/leaflet/images/")
    header.add_child(_inline("style", leaflet_css), name="leaflet_css")
    header.add_child(_inline("style", assets.read_text("web/map.css")), name="map_css")
    header.add_child(_inline("script", assets.read_text("vendor/leaflet/leaflet.js")), name="leaflet")
    header.add_child(_inline("script", assets.read_text("web/atlas.js")), name="atlas_js")
    # The payload goes in after folium has rendered, never through a branca
    # Element: an Element's text is compiled as a Jinja2 template, so data such
    # as a name "{{ 7*7 }}" was evaluated (template injection), and a 16 MB
    # payload took 1.3 s just to be lexed.
    fmap.get_root().html.add_child(Element(PAYLOAD_SLOT), name="atlas_data")
    fmap.add_child(_boot_element())
    return fmap.get_root().render()


def assemble(shell_html: str, data: dict[str, Any]) -> str:
    """A shell with its payload: the one place data enters a page.

    The document's language is the payload's (``<html lang="ja">``), so the
    browser shapes and breaks Japanese text as Japanese and picks Japanese
    glyph forms.
    """
    if PAYLOAD_SLOT not in shell_html:
        raise ValueError("not a page shell: the payload slot is missing")
    lang = data.get("lang") if data.get("lang") in i18n.LANGUAGES else i18n.DEFAULT
    shell_html = re.sub(r"<html(?=[\s>])", f'<html lang="{lang}"', shell_html, count=1)
    script = '<script type="application/json" id="atlas-data">' + script_json(data) + "</script>"
    return shell_html.replace(PAYLOAD_SLOT, script, 1)


def build_page(catalog: Catalog, shell: Shell = "app", state: MapState | None = None) -> str:
    """A whole page, built from scratch (the store caches the same thing)."""
    data = standalone_payload(catalog, state or MapState()) if shell == "html" else payload(catalog)
    return assemble(render_shell(shell), data)


__all__ = ["layer_payload", "build_page", "render_shell", "assemble", "payload", "standalone_payload", "chrome", "data_as_of",
           "SCHEME_BASE", "PAYLOAD_SLOT"]
