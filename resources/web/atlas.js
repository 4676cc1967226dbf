/* Alliance Explorer: draws the atlas payload on a Leaflet map.
 *
 * One entry point, AtlasExplorer.init(map, data), called by the page.
 * Text from the data is only ever put into the DOM with textContent (the
 * el() helper), never as HTML, so a hostile name stays text.
 * The page talks to the Qt shell through window.explorerBridge when it exists
 * (it does not in an exported HTML file) and is driven by the API below.
 */
(function () {
  "use strict";

  var E = (window.AtlasExplorer = {});
  var map, data, sym, layers = {}, byId = {}, selected = "", highlighted = [];
  var drawnCallbacks = [], isDrawn = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function post(msg) {
    var b = window.explorerBridge;
    if (b && b.post) b.post(JSON.stringify(msg));
  }

  function baseStyle(cls) {
    var s = sym[cls] || {};
    return {
      color: s.color, weight: s.weight, fillColor: s.fill || s.color,
      fillOpacity: s.fill ? s.fill_opacity : 0, opacity: 1,
      dashArray: s.dash || null, radius: s.radius || 6
    };
  }

  function styleFor(layer) {
    var id = layer.atlasId, st = baseStyle(layer.atlasCls);
    if (highlighted.indexOf(id) >= 0) {
      st.color = data.style.highlight; st.weight = Math.max(st.weight, 1.5) + 2; st.opacity = 1;
      if (st.fillOpacity) st.fillOpacity = Math.min(0.6, st.fillOpacity + 0.25);
    }
    if (id === selected) {
      st.color = data.style.selected; st.weight = Math.max(st.weight, 1.5) + 2.5; st.opacity = 1;
      st.radius = st.radius + 3;
    }
    return st;
  }

  function restyle(id) {
    (byId[id] || []).forEach(function (l) {
      l.setStyle(styleFor(l));
      if (id === selected || highlighted.indexOf(id) >= 0) { if (l.bringToFront) l.bringToFront(); }
    });
  }

  function tooltip(props) {
    var box = el("div", "atlas-tip");
    box.appendChild(el("strong", null, props.name));
    if (props.name_ja) box.appendChild(el("span", "atlas-ja", " " + props.name_ja));
    box.appendChild(el("div", "atlas-kind", props.kind));
    return box;
  }

  /* A dossier as DOM, laid out from the presenter's dossier_dict (present/dossier.py): the
     words, headlines and citations are all made there. Text only, never markup. */
  function citeNode(c) {
    var line = el("div", "atlas-src", "Source: " + c.text);
    if (c.link) {
      line.appendChild(document.createTextNode(" — "));
      var a = el("a", null, c.url);
      a.href = c.url; a.rel = "noopener noreferrer"; a.target = "_blank";
      line.appendChild(a);
    }
    return line;
  }

  function dossierNode(d, cls) {
    var box = el("div", cls);
    box.appendChild(el("h3", null, d.name));
    if (d.name_ja) box.appendChild(el("div", "atlas-ja", d.name_ja));
    box.appendChild(el("div", "atlas-kind", d.kind));
    if (!d.facts) return box;
    var facts = el("dl");
    d.facts.forEach(function (f) { facts.appendChild(el("dt", null, f.label)); facts.appendChild(el("dd", null, f.value)); });
    box.appendChild(facts);
    function section(title, items) {
      if (!items.length) return;
      box.appendChild(el("h4", null, title));
      items.forEach(function (it) {
        var p = el("div", "atlas-item");
        p.appendChild(el("strong", null, it.headline));
        p.appendChild(el("div", null, it.summary));
        it.sources.forEach(function (c) { p.appendChild(citeNode(c)); });
        box.appendChild(p);
      });
    }
    section("Treaty provisions", d.provisions);
    section("Controversies", d.controversies);
    if (d.sources.length) {
      box.appendChild(el("h4", null, "Sources"));
      d.sources.forEach(function (c) { box.appendChild(citeNode(c)); });
    }
    return box;
  }

  function popup(id) {
    return dossierNode((data.dossiers || {})[id] || byId[id][0].atlasProps, "atlas-popup");
  }

  /* PDF layout: a fixed-height map, then the selected feature's full dossier as real text. */
  function printSection(pr) {
    document.body.classList.add("atlas-print");
    var box = el("div", "atlas-print-section");
    if (data.overlay && data.overlay.legend !== false) box.appendChild(legendNode());
    if (pr.feature) box.appendChild(dossierNode(pr.feature, "atlas-print-dossier"));
    box.appendChild(el("div", "atlas-src", data.attribution + (pr.asOf ? " Data as of " + pr.asOf + "." : "")));
    document.body.appendChild(box);
  }

  /* The registered feature layer an event came from: the layer itself, or the group
     (a state's polygons, a multi-point) it belongs to. */
  function featureOf(e) {
    var l = e.propagatedFrom || e.layer || e.target;
    return l && (l.atlasOwner || l);
  }

  function onClick(e) {
    var l = featureOf(e);
    if (!l || !l.atlasProps) return;
    if (e.originalEvent) L.DomEvent.stopPropagation(e);
    E.select(l.atlasId, { fly: false });
    post({ type: "click", layer: l.atlasProps.layer, id: l.atlasId });
  }

  /* A feature's tooltip is bound the first time the pointer is over it, then Leaflet's
     own handlers take over. Binding one per feature up front cost about 0.7 s (tooltip
     objects and four listeners each) for a 100k-point layer. */
  function onHover(e) {
    var l = featureOf(e);
    if (!l || !l.atlasProps || l.getTooltip()) return;
    var sticky = !(l instanceof L.CircleMarker);
    l.bindTooltip(function () { return tooltip(l.atlasProps); }, { sticky: sticky, direction: "top" });
    l.openTooltip(sticky ? e.latlng : undefined);
  }

  /* Clicks and hovers are heard once per layer group, not once per feature. */
  function interactive(group) {
    return group.on("click", onClick).on("mouseover", onHover);
  }

  function owned(layer, owner) {
    if (layer.eachLayer) layer.eachLayer(function (c) { c.atlasOwner = owner; owned(c, owner); });
  }

  function register(layer, props) {
    layer.atlasId = props.id;
    layer.atlasCls = props.cls;
    layer.atlasProps = props;
    owned(layer, layer);
    (byId[props.id] = byId[props.id] || []).push(layer);
    if (data.mode === "html") layer.bindPopup(function () { return popup(props.id); }, { maxWidth: 420, maxHeight: 420 });
  }

  /* A layer from the page's lean feature list (see page.py _collection): points go straight
     to circle markers sharing one style object per class, other geometries through Leaflet's
     own GeoJSON converter. Skipping L.geoJSON's per-feature machinery matters at 100k points. */
  function featureLayer(name, collection, renderer) {
    var group = L.featureGroup(), kinds = collection.kinds || [], styles = {};
    function styleOf(cls) {
      return styles[cls] || (styles[cls] = L.extend(baseStyle(cls), { renderer: renderer }));
    }
    function pointToLayer(cls) {
      return function (f, ll) { return L.circleMarker(ll, styleOf(cls)); };
    }
    collection.features.forEach(function (f) {
      var p = f.properties, layer;
      p.layer = name;
      p.kind = kinds[p.k];
      if (p.name_ja === undefined) p.name_ja = "";
      if (f.xy) {
        layer = L.circleMarker([f.xy[1], f.xy[0]], styleOf(p.cls));
      } else {
        layer = L.GeoJSON.geometryToLayer({ type: "Feature", properties: p, geometry: f.geometry },
          { renderer: renderer, pointToLayer: pointToLayer(p.cls) });
        if (!layer) return;
        layer.setStyle(baseStyle(p.cls));
      }
      register(layer, p);
      group.addLayer(layer);
    });
    return group;
  }

  function statesLayer(renderer) {
    var feats = data.basemap.features;
    var group = L.featureGroup();
    data.states.forEach(function (s) {
      var geoms = s.shapes.map(function (i) { return feats[i].geometry; });
      if (!geoms.length) return;
      var gl = L.geoJSON({ type: "Feature", properties: s, geometry: { type: "GeometryCollection", geometries: geoms } },
        { renderer: renderer, style: function () { return baseStyle(s.cls); } });
      gl.eachLayer(function (l) { register(l, s); });
      group.addLayer(gl);
    });
    return group;
  }

  function legendNode() {
      var box = el("div", "atlas-legend leaflet-bar");
      box.appendChild(el("div", "atlas-legend-title", "Legend"));
      var names = { bases: "Bases", states: "States", threats: "Threat vectors" };
      var last = "";
      data.legend.forEach(function (s) {
        if (s.layer !== last) { box.appendChild(el("div", "atlas-legend-layer", names[s.layer])); last = s.layer; }
        var row = el("div", "atlas-legend-row");
        var sw = el("span", "atlas-swatch atlas-swatch-" + s.shape);
        sw.style.borderColor = s.color;
        sw.style.background = s.fill ? s.fill : "transparent";
        if (s.shape === "line") { sw.style.background = "transparent"; sw.style.borderTopStyle = s.dash ? "dashed" : "solid"; }
        row.appendChild(sw);
        row.appendChild(el("span", null, s.label));
        box.appendChild(row);
      });
      return box;
  }

  function legendControl() {
    var c = L.control({ position: "bottomright" });
    c.onAdd = function () {
      var box = legendNode();
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return c;
  }

  function overlayControls(ov) {
    if (ov.title || ov.subtitle) {
      var t = L.control({ position: "topleft" });
      t.onAdd = function () {
        var box = el("div", "atlas-title");
        if (ov.title) box.appendChild(el("div", "atlas-title-main", ov.title));
        if (ov.subtitle) box.appendChild(el("div", "atlas-title-sub", ov.subtitle));
        return box;
      };
      t.addTo(map);
    }
    if (ov.dossier) {
      var d = L.control({ position: "topright" });
      d.onAdd = function () {
        var box = el("div", "atlas-dossier");
        box.appendChild(el("div", "atlas-dossier-name", ov.dossier.name + (ov.dossier.name_ja ? "  " + ov.dossier.name_ja : "")));
        if (ov.dossier.provisions.length) box.appendChild(el("div", "atlas-dossier-head", "Treaty provisions"));
        ov.dossier.provisions.forEach(function (p) { box.appendChild(el("div", "atlas-dossier-row", p)); });
        if (ov.dossier.controversies.length) box.appendChild(el("div", "atlas-dossier-head", "Controversies"));
        ov.dossier.controversies.forEach(function (p) { box.appendChild(el("div", "atlas-dossier-row", p)); });
        return box;
      };
      d.addTo(map);
    }
    if (ov.sourceLine) {
      var s = L.control({ position: "bottomleft" });
      s.onAdd = function () {
        return el("div", "atlas-sourceline", data.attribution + (data.asOf ? " Data as of " + data.asOf + "." : ""));
      };
      s.addTo(map);
    }
  }

  /* Above this many circle markers, each circle is stamped from a small pre-rendered
     bitmap (one per style) instead of being rasterised as a path: software canvas on this
     class of machine fills and strokes 100k arcs in ~1.8 s but blits 100k stamps in ~0.2 s.
     A stamp sits on the nearest whole pixel, at most half a pixel from the exact spot,
     which no one can see at that density. The atlas itself (under a hundred points) is
     drawn exactly as before. */
  var STAMP_MIN_CIRCLES = 2000;

  var StampCanvas = L.Canvas.extend({
    _updateCircle: function (layer) {
      if (!this._drawing || layer._empty()) return;
      var o = layer.options, r = Math.max(Math.round(layer._radius), 1);
      if (!this.options.stampCircles || o._dashArray || (Math.max(Math.round(layer._radiusY), 1) || r) !== r) {
        L.Canvas.prototype._updateCircle.call(this, layer);
        return;
      }
      var stamp = this._stamp(o, r), p = layer._point;
      this._ctx.drawImage(stamp.canvas, Math.round(p.x) - stamp.half, Math.round(p.y) - stamp.half, stamp.size, stamp.size);
    },

    _stamp: function (o, r) {
      var key = [r, o.fill, o.fillColor, o.fillOpacity, o.stroke, o.color, o.weight, o.opacity].join("|");
      var stamps = this._stamps || (this._stamps = {});
      if (stamps[key]) return stamps[key];
      var scale = L.Browser.retina ? 2 : 1;  /* as L.Canvas scales its own context */
      var half = Math.ceil(r + (o.stroke ? o.weight / 2 : 0) + 1), size = 2 * half;
      var canvas = document.createElement("canvas");
      canvas.width = canvas.height = size * scale;
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.beginPath();
      ctx.arc(half, half, r, 0, Math.PI * 2, false);
      this._fillStroke(ctx, { options: o });
      return (stamps[key] = { canvas: canvas, half: half, size: size });
    }
  });

  function whenPainted(fn) {
    requestAnimationFrame(function () { requestAnimationFrame(fn); });
  }

  /* -- public API ---------------------------------------------------------- */

  E.init = function (leafletMap, payload) {
    map = leafletMap; data = payload; sym = data.style.symbols;
    if (data.print) { printSection(data.print); map.invalidateSize(false); }
    map.getContainer().style.background = data.style.sea;
    map.attributionControl.setPrefix(false);
    var state = data.state;
    if (!state && location.hash.length > 1) {
      try { state = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch (err) { state = null; }
    }
    /* Frame the view before any layer exists, so every path is projected once, at its final
       zoom (the map starts at folium's zoom 5; framing it later re-projects every vertex). */
    if (state && state.bounds) map.fitBounds(state.bounds, { animate: false });
    else if (state && state.center) map.setView(state.center, state.zoom, { animate: false });
    /* Canvas padding 0.1 (Leaflet's default): 0.3 rasterised 2.6x the visible area on every
       redraw, about 25 ms of the first frame on a 2-core machine with software rendering. */
    var circles = data.bases.features.length + data.threats.features.length;
    var renderer = data.mode === "app"
      ? new StampCanvas({ padding: 0.1, tolerance: 4, stampCircles: circles >= STAMP_MIN_CIRCLES })
      : L.svg({ padding: 0.3 });
    L.geoJSON(data.basemap, {
      renderer: renderer, interactive: false,
      style: { color: data.style.land.stroke, weight: 0.7, fillColor: data.style.land.fill, fillOpacity: 1 }
    }).addTo(map);
    layers.states = interactive(statesLayer(renderer));
    layers.threats = interactive(featureLayer("threats", data.threats, renderer));
    layers.bases = interactive(featureLayer("bases", data.bases, renderer));
    var names = { bases: "Bases", states: "States", threats: "Threat vectors" };
    var overlays = {};
    ["states", "threats", "bases"].forEach(function (k) { overlays[names[k]] = layers[k]; });
    if (data.mode !== "export") {
      L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
    }
    map.on("overlayadd overlayremove", function () { post({ type: "layers", layers: E.visibleLayers() }); });
    map.on("moveend", function () { post({ type: "view", center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom() }); });
    var ov = data.overlay || { legend: true, sourceLine: data.mode === "html" };
    if (data.print) ov = { title: ov.title, subtitle: ov.subtitle };  /* legend and sources print below the map */
    if (ov.legend) legendControl().addTo(map);
    if (data.mode === "export") overlayControls(ov);
    if (data.mode !== "app") map.attributionControl.addAttribution("Natural Earth");
    /* The view is framed already: re-fitting the same bounds would still fire moveend and
       re-clip every path (13 ms), and the bridge that would hear it is not connected yet. */
    var rest = state ? {} : { layers: ["bases", "states", "threats"] };
    Object.keys(state || {}).forEach(function (k) {
      if (k !== "bounds" && k !== "center" && k !== "zoom") rest[k] = state[k];
    });
    E.apply(rest);
    whenPainted(function () { isDrawn = true; drawnCallbacks.splice(0).forEach(function (fn) { fn(); }); });
  };

  /** Run fn once every layer is on the map and a frame has been painted. */
  /* Once drawn, a frame with every layer is already on screen: run fn at once rather than
     two frames later (the Qt bridge connects after the first paint, so this is its path). */
  E.onDrawn = function (fn) { if (isDrawn) setTimeout(fn, 0); else drawnCallbacks.push(fn); };

  E.apply = function (state) {
    state = state || {};
    if (state.layers) E.setLayers(state.layers);
    if (state.bounds) map.fitBounds(state.bounds, { animate: false });
    else if (state.center) map.setView(state.center, state.zoom, { animate: false });
    if (state.highlight) E.highlight(state.highlight);
    if (state.selected !== undefined) E.select(state.selected, { fly: false });
  };

  E.setLayers = function (names) {
    Object.keys(layers).forEach(function (k) {
      var on = names.indexOf(k) >= 0;
      if (on && !map.hasLayer(layers[k])) map.addLayer(layers[k]);
      if (!on && map.hasLayer(layers[k])) map.removeLayer(layers[k]);
    });
    ["states", "threats", "bases"].forEach(function (k) { if (map.hasLayer(layers[k]) && layers[k].bringToFront) layers[k].bringToFront(); });
  };

  E.visibleLayers = function () {
    return Object.keys(layers).filter(function (k) { return map.hasLayer(layers[k]); });
  };

  E.select = function (id, opts) {
    var prev = selected;
    selected = byId[id] ? id : "";
    if (prev) restyle(prev);
    if (selected) {
      restyle(selected);
      if (opts && opts.fly) E.flyTo(selected);
      if (data.mode === "html") byId[selected][0].openPopup();
      if (data.mode === "export") {
        var l = byId[selected][0];
        l.unbindTooltip();
        l.bindTooltip(l.atlasProps.name, { permanent: true, direction: "right", className: "atlas-label", offset: [8, 0] }).openTooltip();
      }
    }
    return selected;
  };

  E.highlight = function (ids) {
    var prev = highlighted;
    highlighted = (ids || []).filter(function (i) { return byId[i]; });
    prev.concat(highlighted).forEach(restyle);
    return highlighted.length;
  };

  E.flyTo = function (id) {
    var ls = byId[id];
    if (!ls) return false;
    var b = L.latLngBounds([]);
    ls.forEach(function (l) { b.extend(l.getLatLng ? l.getLatLng() : l.getBounds()); });
    if (b.getNorthEast().equals(b.getSouthWest())) map.setView(b.getCenter(), Math.max(map.getZoom(), 9));
    else map.fitBounds(b, { maxZoom: 9, padding: [30, 30] });
    return true;
  };

  E.fitBounds = function (bounds) { map.fitBounds(bounds, { animate: false }); };

  /** Where a feature is on screen (container pixels), for tests and tooling. */
  E.screenPoint = function (id) {
    var l = (byId[id] || [])[0];
    if (!l) return null;
    var ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
    var p = map.latLngToContainerPoint(ll);
    var r = map.getContainer().getBoundingClientRect();
    return { x: p.x + r.left, y: p.y + r.top };
  };

  E.state = function () {
    return { center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom(),
             layers: E.visibleLayers(), selected: selected, highlight: highlighted.slice() };
  };

  E.featureCount = function () { return Object.keys(byId).length; };
  E.map = function () { return map; };
})();
