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

  /* A dossier as DOM: facts, provisions, controversies, sources. Text only. */
  function dossierNode(head, d, cls) {
    var box = el("div", cls);
    box.appendChild(el("h3", null, head.name));
    if (head.name_ja) box.appendChild(el("div", "atlas-ja", head.name_ja));
    box.appendChild(el("div", "atlas-kind", head.kind));
    if (!d) return box;
    var facts = el("dl");
    d.facts.forEach(function (f) { facts.appendChild(el("dt", null, f[0])); facts.appendChild(el("dd", null, f[1])); });
    box.appendChild(facts);
    function section(title, items, headOf, body) {
      if (!items.length) return;
      box.appendChild(el("h4", null, title));
      items.forEach(function (it) {
        var p = el("div", "atlas-item");
        p.appendChild(el("strong", null, headOf(it)));
        p.appendChild(el("div", null, body(it)));
        it.sources.forEach(function (s) { p.appendChild(el("div", "atlas-src", "Source: " + s)); });
        box.appendChild(p);
      });
    }
    section("Treaty provisions", d.provisions, function (p) { return p.short + " — " + p.title; }, function (p) { return p.summary; });
    section("Controversies", d.controversies, function (c) { return c.title + " (" + c.years + ")"; }, function (c) { return c.summary; });
    if (d.sources.length) {
      box.appendChild(el("h4", null, "Sources"));
      d.sources.forEach(function (s) { box.appendChild(el("div", "atlas-src", s)); });
    }
    return box;
  }

  function popup(id) {
    return dossierNode(byId[id][0].atlasProps, (data.dossiers || {})[id], "atlas-popup");
  }

  /* PDF layout: a fixed-height map, then the selected feature's full dossier as real text. */
  function printSection(pr) {
    document.body.classList.add("atlas-print");
    var box = el("div", "atlas-print-section");
    if (data.overlay && data.overlay.legend !== false) box.appendChild(legendNode());
    if (pr.feature) box.appendChild(dossierNode(pr.feature, pr.feature, "atlas-print-dossier"));
    box.appendChild(el("div", "atlas-src", data.attribution + (pr.asOf ? " Data as of " + pr.asOf + "." : "")));
    document.body.appendChild(box);
  }

  function onClick(e) {
    var l = e.target || e.layer;
    if (e.originalEvent) L.DomEvent.stopPropagation(e);
    E.select(l.atlasId, { fly: false });
    post({ type: "click", layer: l.atlasProps.layer, id: l.atlasId });
  }

  function register(layer, props) {
    layer.atlasId = props.id;
    layer.atlasCls = props.cls;
    layer.atlasProps = props;
    (byId[props.id] = byId[props.id] || []).push(layer);
    layer.bindTooltip(tooltip(props), { sticky: !(layer instanceof L.CircleMarker), direction: "top" });
    if (data.mode === "html") layer.bindPopup(function () { return popup(props.id); }, { maxWidth: 420, maxHeight: 420 });
    layer.on("click", onClick);
  }

  function geoLayer(collection, renderer) {
    return L.geoJSON(collection, {
      renderer: renderer,
      pointToLayer: function (f, ll) {
        var s = baseStyle(f.properties.cls);
        s.renderer = renderer;
        return L.circleMarker(ll, s);
      },
      style: function (f) { return baseStyle(f.properties.cls); },
      onEachFeature: function (f, l) { register(l, f.properties); }
    });
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

  function whenPainted(fn) {
    requestAnimationFrame(function () { requestAnimationFrame(fn); });
  }

  /* -- public API ---------------------------------------------------------- */

  E.init = function (leafletMap, payload) {
    map = leafletMap; data = payload; sym = data.style.symbols;
    if (data.print) { printSection(data.print); map.invalidateSize(false); }
    map.getContainer().style.background = data.style.sea;
    map.attributionControl.setPrefix(false);
    var renderer = data.mode === "app" ? L.canvas({ padding: 0.3, tolerance: 4 }) : L.svg({ padding: 0.3 });
    L.geoJSON(data.basemap, {
      renderer: renderer, interactive: false,
      style: { color: data.style.land.stroke, weight: 0.7, fillColor: data.style.land.fill, fillOpacity: 1 }
    }).addTo(map);
    layers.states = statesLayer(renderer);
    layers.threats = geoLayer(data.threats, renderer);
    layers.bases = geoLayer(data.bases, renderer);
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
    var state = data.state;
    if (!state && location.hash.length > 1) {
      try { state = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch (err) { state = null; }
    }
    E.apply(state || { layers: ["bases", "states", "threats"] });
    whenPainted(function () { isDrawn = true; drawnCallbacks.splice(0).forEach(function (fn) { fn(); }); });
  };

  /** Run fn once every layer is on the map and a frame has been painted. */
  E.onDrawn = function (fn) { if (isDrawn) whenPainted(fn); else drawnCallbacks.push(fn); };

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
