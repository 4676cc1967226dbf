/* Alliance Explorer: draws the atlas payload on a Leaflet map and applies map states.
 *
 * AtlasExplorer.init(map, data) builds one Leaflet layer per registered layer spec in
 * the payload (the page lists no layer names of its own). AtlasExplorer.apply(state,
 * options) is the one way anything changes the map: it diffs the state against what is
 * drawn and redraws only what changed. Text from the data only ever enters the DOM
 * through textContent (the el() helper): never as HTML, never as a string handed to a
 * Leaflet tooltip or popup, so a hostile name stays text.
 * The page talks to the Qt shell through window.explorerBridge when it exists (it does
 * not in an exported HTML file).
 */
(function () {
  "use strict";

  var E = (window.AtlasExplorer = {});
  var map, data, renderer;
  var specs = [], groups = {}, byId = {}, symbols = {};
  var selected = "", highlighted = [], cameraKey = "", visible = [];
  var drawnCallbacks = [], isDrawn = false;
  var chromeControls = [], legendCtl = null, printBox = null, labelTip = null, hoverTip = null, hoverId = "";
  var exportMode = false, applying = false;
  var visibleSet = null, filterMode = "hide", overlays = null, tool = "", layerControl = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function post(msg) {
    var b = window.explorerBridge;
    if (b && typeof b.post === "function") b.post(JSON.stringify(msg));
  }

  function whenPainted(fn) {
    requestAnimationFrame(function () { requestAnimationFrame(fn); });
  }

  /* -- styles ------------------------------------------------------------------ */

  function baseStyle(cls) {
    var s = symbols[cls] || {};
    return {
      color: s.color, weight: s.weight, fillColor: s.fill || s.color,
      fillOpacity: s.fill ? s.fill_opacity : 0, opacity: 1,
      dashArray: s.dash || null, radius: s.radius || 6
    };
  }

  function styleFor(layer) {
    var id = layer.atlasId, st = baseStyle(layer.atlasCls);
    if (layer.atlasGrey) { st.opacity = 0.25; st.fillOpacity = Math.min(st.fillOpacity, 0.08); }
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
    (byId[id] || []).forEach(function (l) { l.setStyle(styleFor(l)); });
  }

  /* -- text as DOM ------------------------------------------------------------- */

  function tooltipNode(props) {
    var box = el("div", "atlas-tip");
    box.appendChild(el("strong", null, props.name));
    if (props.name_ja) box.appendChild(el("span", "atlas-ja", " " + props.name_ja));
    box.appendChild(el("div", "atlas-kind", props.kind));
    return box;
  }

  /* A dossier as DOM, laid out from the presenter's dossier_dict (present/dossier.py): the
     words, headlines and citations are all made there. */
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

  /* -- building layers ------------------------------------------------------------ */

  /* Every drawable path in a layer: a GeometryCollection comes back as nested groups. */
  function flatten(layer, fn) {
    if (layer.eachLayer) layer.eachLayer(function (c) { flatten(c, fn); });
    else fn(layer);
  }

  function register(layer, props, spec) {
    layer.atlasId = props.id;
    layer.atlasCls = props.cls;
    layer.atlasProps = props;
    layer.atlasSpec = spec;
    (byId[props.id] = byId[props.id] || []).push(layer);
  }

  /* A layer from the page's lean feature list (see page.py _encode): points go straight to
     circle markers sharing one style object per class, states to their basemap polygons,
     other geometries through Leaflet's own GeoJSON converter. Skipping L.geoJSON's
     per-feature machinery matters at 100k points. */
  function buildLayer(spec) {
    var group = L.featureGroup(), kinds = spec.kinds || [], styles = {};
    var basemap = data.basemap.features;
    function styleOf(cls) {
      return styles[cls] || (styles[cls] = L.extend(baseStyle(cls), { renderer: renderer, interactive: false }));
    }
    function add(layer, p) {
      if (layer.setStyle && !layer.options.renderer) layer.options.renderer = renderer;
      register(layer, p, spec);
      group.addLayer(layer);
    }
    spec.features.forEach(function (f) {
      var p = f.p, layer;
      p.layer = spec.id;
      p.kind = kinds[p.k];
      if (p.name_ja === undefined) p.name_ja = "";
      if (f.xy) {
        add(L.circleMarker([f.xy[1], f.xy[0]], styleOf(p.cls)), p);
        return;
      }
      var geometry = f.geometry;
      if (f.shapes) {
        if (!f.shapes.length) return;
        geometry = { type: "GeometryCollection", geometries: f.shapes.map(function (i) { return basemap[i].geometry; }) };
      }
      var gl = L.geoJSON({ type: "Feature", properties: p, geometry: geometry }, {
        renderer: renderer, interactive: false, style: function () { return baseStyle(p.cls); },
        pointToLayer: function (ft, ll) { return L.circleMarker(ll, styleOf(p.cls)); }
      });
      flatten(gl, function (l) { add(l, p); });
    });
    return group;
  }

  /* -- hit testing: the LayerSpec's priority decides, never the drawing order ------ */

  function contains(l, pt) {
    if (!l._map || l.atlasGrey || (l._empty && l._empty())) return false;
    var sym = symbols[l.atlasCls] || {};
    if (sym.hit === "outline" && l instanceof L.Polygon) return L.Polyline.prototype._containsPoint.call(l, pt, true);
    return l._containsPoint(pt);
  }

  function sizeOf(l) {
    if (l._radius !== undefined && !(l instanceof L.Polyline)) return l._radius * l._radius;
    var b = l._pxBounds;
    return b ? (b.max.x - b.min.x + 1) * (b.max.y - b.min.y + 1) : Infinity;
  }

  /* The feature under a layer point: the highest hit priority wins, then the smallest. */
  function hitAt(pt) {
    var best = null, bestHit = -1, bestSize = Infinity;
    specs.forEach(function (spec) {
      var g = groups[spec.id];
      if (!map.hasLayer(g) || spec.hit < bestHit) return;
      g.eachLayer(function (l) {
        if (!contains(l, pt)) return;
        var size = sizeOf(l);
        if (spec.hit > bestHit || size < bestSize) { best = l; bestHit = spec.hit; bestSize = size; }
      });
    });
    return best;
  }

  function onMapClick(e) {
    if (tool) {  /* a tool picks places, not features: Python decides what the point means */
      post({ type: "point", lat: e.latlng.lat, lon: L.Util.wrapNum(e.latlng.lng, [-180, 180], true) });
      return;
    }
    var l = hitAt(e.layerPoint);
    if (l) {
      E.select(l.atlasId);
      post({ type: "click", layer: l.atlasProps.layer, id: l.atlasId });
    } else if (!exportMode) {
      E.select("");
      E.highlight([]);
      post({ type: "clear" });
    }
  }

  function onMouseMove(e) {
    var l = hitAt(e.layerPoint), id = l ? l.atlasId : "";
    map.getContainer().style.cursor = l ? "pointer" : "";
    if (!l) { if (hoverTip) { map.closeTooltip(hoverTip); hoverId = ""; } return; }
    if (!hoverTip) hoverTip = L.tooltip({ direction: "top", offset: [0, -6], className: "atlas-hover" });
    if (id !== hoverId) { hoverTip.setContent(tooltipNode(l.atlasProps)); hoverId = id; }
    hoverTip.setLatLng(e.latlng);
    if (!map.hasLayer(hoverTip)) hoverTip.addTo(map);
  }

  /* -- chrome: legend, title block, dossier box, source line, print section -------- */

  function legendNode() {
    var box = el("div", "atlas-legend leaflet-bar");
    var head = el("div", "atlas-legend-title", "Legend");
    box.appendChild(head);
    var body = el("div", "atlas-legend-body");
    specs.forEach(function (spec) {
      if (visible.indexOf(spec.id) < 0 || !spec.symbols.length) return;
      body.appendChild(el("div", "atlas-legend-layer", spec.label));
      spec.symbols.forEach(function (s) {
        var row = el("div", "atlas-legend-row");
        var sw = el("span", "atlas-swatch atlas-swatch-" + s.shape);
        sw.style.borderColor = s.color;
        sw.style.background = s.fill ? s.fill : "transparent";
        if (s.shape === "line") { sw.style.background = "transparent"; sw.style.borderTopStyle = s.dash ? "dashed" : "solid"; }
        row.appendChild(sw);
        row.appendChild(el("span", null, s.label));
        body.appendChild(row);
      });
    });
    box.appendChild(body);
    if (!exportMode) {
      head.title = "Show or hide the legend";
      head.style.cursor = "pointer";
      head.addEventListener("click", function () { box.classList.toggle("atlas-legend-collapsed"); });
    }
    return box;
  }

  function control(position, node) {
    var c = L.control({ position: position });
    c.onAdd = function () { L.DomEvent.disableClickPropagation(node); return node; };
    return c;
  }

  function setLegend(on) {
    if (legendCtl) { var collapsed = legendCtl.getContainer().classList.contains("atlas-legend-collapsed"); legendCtl.remove(); legendCtl = null; }
    if (!on) return;
    var node = legendNode();
    if (collapsed) node.classList.add("atlas-legend-collapsed");
    legendCtl = control("bottomright", node).addTo(map);
  }

  function clearChrome() {
    chromeControls.forEach(function (c) { c.remove(); });
    chromeControls = [];
    if (printBox) { printBox.remove(); printBox = null; document.body.classList.remove("atlas-print"); }
  }

  function sourceLine() {
    return data.attribution + (data.asOf ? " Data as of " + data.asOf + "." : "");
  }

  function setChrome(o) {
    clearChrome();
    exportMode = !!o.export;
    document.body.classList.toggle("atlas-export", exportMode);
    if (o.title || o.subtitle) {
      var t = el("div", "atlas-title");
      if (o.title) t.appendChild(el("div", "atlas-title-main", o.title));
      if (o.subtitle) t.appendChild(el("div", "atlas-title-sub", o.subtitle));
      chromeControls.push(control("topleft", t).addTo(map));
    }
    if (o.dossier) {
      var d = el("div", "atlas-dossier");
      d.appendChild(el("div", "atlas-dossier-name", o.dossier.name + (o.dossier.name_ja ? "  " + o.dossier.name_ja : "")));
      if (o.dossier.provisions.length) d.appendChild(el("div", "atlas-dossier-head", "Treaty provisions"));
      o.dossier.provisions.forEach(function (p) { d.appendChild(el("div", "atlas-dossier-row", p)); });
      if (o.dossier.controversies.length) d.appendChild(el("div", "atlas-dossier-head", "Controversies"));
      o.dossier.controversies.forEach(function (p) { d.appendChild(el("div", "atlas-dossier-row", p)); });
      chromeControls.push(control("topright", d).addTo(map));
    }
    if (o.print) {
      /* PDF: the map at a fixed height, then the legend, the selected dossier and the sources as text. */
      document.body.classList.add("atlas-print");
      printBox = el("div", "atlas-print-section");
      if (o.legend) printBox.appendChild(legendNode());
      if (o.print.feature) printBox.appendChild(dossierNode(o.print.feature, "atlas-print-dossier"));
      printBox.appendChild(el("div", "atlas-src", sourceLine()));
      document.body.appendChild(printBox);
      map.invalidateSize(false);
    } else if (o.sourceLine) {
      chromeControls.push(control("bottomleft", el("div", "atlas-sourceline", sourceLine())).addTo(map));
    }
    setLegend(o.legend !== false && !o.print);
  }

  /* The selected feature's name, on the map, in an export. A DOM node: never a string. */
  function setLabel() {
    if (labelTip) { map.removeLayer(labelTip); labelTip = null; }
    if (!exportMode || !selected) return;
    var l = byId[selected][0];
    var ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
    labelTip = L.tooltip({ permanent: true, direction: "right", className: "atlas-label", offset: [8, 0] })
      .setLatLng(ll).setContent(el("span", null, l.atlasProps.name)).addTo(map);
  }

  /* -- state ------------------------------------------------------------------------- */

  function keyOf(camera) { return JSON.stringify(camera || {}); }

  function near(camera) {
    if (!camera.center) return false;
    var c = map.getCenter();
    return Math.abs(c.lat - camera.center[0]) < 1e-6 && Math.abs(c.lng - camera.center[1]) < 1e-6 &&
      Math.abs(map.getZoom() - camera.zoom) < 1e-6;
  }

  function setCamera(camera) {
    var key = keyOf(camera);
    if (key === cameraKey) return;
    cameraKey = key;
    if (near(camera)) return;  /* the page itself reported this view: nothing to move */
    if (camera.focus && byId[camera.focus]) E.flyTo(camera.focus);
    else if (camera.bounds) map.fitBounds(camera.bounds, { animate: false });
    else if (camera.center) map.setView(camera.center, camera.zoom, { animate: false });
  }

  function setLayers(names) {
    applying = true;
    visible = specs.map(function (s) { return s.id; }).filter(function (id) { return names.indexOf(id) >= 0; });
    specs.forEach(function (spec) {
      var g = groups[spec.id], on = visible.indexOf(spec.id) >= 0;
      if (on && !map.hasLayer(g)) map.addLayer(g);
      if (!on && map.hasLayer(g)) map.removeLayer(g);
    });
    /* Drawing order follows the specs' z (states under threats under bases). */
    specs.forEach(function (spec) { if (map.hasLayer(groups[spec.id])) groups[spec.id].bringToFront(); });
    applying = false;
    if (legendCtl) setLegend(true);
  }

  /* Until the viewport has the size an export asked for, Leaflet would frame the old one. */
  function whenSized(size, fn, tries) {
    if (!size || (window.innerWidth === size[0] && window.innerHeight === size[1]) || (tries || 0) > 120) {
      map.invalidateSize(false);
      fn();
      return;
    }
    requestAnimationFrame(function () { whenSized(size, fn, (tries || 0) + 1); });
  }

  /* Features a filter or an as-of date leaves out: hidden (off their group) or greyed. */
  function setVisible(ids, mode) {
    var set = ids ? {} : null;
    (ids || []).forEach(function (id) { set[id] = true; });
    var key = JSON.stringify([ids, mode]);
    if (key === (visibleSet && visibleSet.key)) return;
    visibleSet = { key: key };
    filterMode = mode;
    specs.forEach(function (spec) {
      var g = groups[spec.id];
      spec.features.forEach(function (f) {
        (byId[f.p.id] || []).forEach(function (l) {
          var keep = !set || set[l.atlasId] === true;
          var grey = !keep && mode === "grey", hide = !keep && mode !== "grey";
          if (hide && g.hasLayer(l)) g.removeLayer(l);
          if (!hide && !g.hasLayer(l)) g.addLayer(l);
          if (l.atlasGrey !== grey) { l.atlasGrey = grey; l.setStyle(styleFor(l)); }
        });
      });
    });
  }

  /* User range rings and the measure line: drawn above the layers, never hit by clicks. */
  var overlaysKey = "";
  function setOverlays(rings, line) {
    var key = JSON.stringify([rings, line]);
    if (key === overlaysKey) return;
    overlaysKey = key;
    if (overlays) overlays.remove();
    overlays = L.featureGroup().addTo(map);
    rings.forEach(function (r) {
      L.geoJSON(r.geometry, { renderer: renderer, interactive: false,
        style: { color: "#0b6e4f", weight: 2, dashArray: "6 4", fillColor: "#0b6e4f", fillOpacity: 0.04 } }).addTo(overlays);
      L.circleMarker(r.center, { renderer: renderer, interactive: false, radius: 4, color: "#0b6e4f", fillOpacity: 1 }).addTo(overlays);
      L.tooltip({ permanent: true, direction: "top", className: "atlas-ring-label" })
        .setLatLng(r.center).setContent(el("span", null, r.label)).addTo(overlays);
    });
    if (line && line.points.length) {
      L.polyline(line.points, { renderer: renderer, interactive: false, color: "#111", weight: 2.5, dashArray: "2 5" }).addTo(overlays);
      line.points.forEach(function (p, i) {
        L.circleMarker(p, { renderer: renderer, interactive: false, radius: 3.5, color: "#111", fillColor: "#fff", fillOpacity: 1 }).addTo(overlays);
        if (line.labels[i]) {
          L.tooltip({ permanent: true, direction: "right", className: "atlas-measure-label" })
            .setLatLng(p).setContent(el("span", null, line.labels[i])).addTo(overlays);
        }
      });
    }
  }

  /** Turn a map tool on ("measure", "ring") or off (""): with a tool, clicks pick places. */
  E.setTool = function (name) {
    tool = name || "";
    map.getContainer().classList.toggle("atlas-tool", !!tool);
    return tool;
  };

  /** Add a layer at run time (a user layer): its payload is mapping.page.layer_payload. */
  E.addLayer = function (layer) {
    E.removeLayer(layer.id);
    layer.symbols.forEach(function (s) { symbols[s.key] = s; });
    specs.push(layer);
    specs.sort(function (a, b) { return a.z - b.z; });
    groups[layer.id] = buildLayer(layer);
    layerControl.addOverlay(groups[layer.id], layer.label);
    setLayers(visible.concat([layer.id]));
    return layer.features.length;
  };

  E.removeLayer = function (id) {
    var g = groups[id];
    if (!g) return false;
    layerControl.removeLayer(g);
    map.removeLayer(g);
    g.eachLayer(function (l) { delete byId[l.atlasId]; });
    delete groups[id];
    specs = specs.filter(function (s) { return s.id !== id; });
    visible = visible.filter(function (x) { return x !== id; });
    if (legendCtl) setLegend(true);
    return true;
  };

  /** Restyle a layer's one symbol (a user layer's colour and opacity). */
  E.setLayerStyle = function (id, sym) {
    var spec = specs.filter(function (s) { return s.id === id; })[0];
    if (!spec || !groups[id]) return false;
    spec.symbols.forEach(function (s) { L.extend(s, sym); symbols[s.key] = s; });
    groups[id].eachLayer(function (l) { l.setStyle(styleFor(l)); });
    if (legendCtl) setLegend(true);
    return true;
  };

  /** Apply a map state (MapState.to_json) and, for exports, options (page.chrome). */
  E.apply = function (state, options, seq) {
    state = state || {};
    var run = function () {
      if (options) setChrome(options);
      if (state.layers) setLayers(state.layers);
      if (state.visible !== undefined) setVisible(state.visible, state.filterMode || "hide");
      if (state.ringShapes !== undefined || state.measureLine !== undefined) setOverlays(state.ringShapes || [], state.measureLine || null);
      if (state.camera) setCamera(state.camera);
      if (state.highlight) E.highlight(state.highlight);
      if (state.selected !== undefined) E.select(state.selected);
      else setLabel();
      if (seq !== undefined && seq !== null) whenPainted(function () { post({ type: "applied", seq: seq }); });
    };
    whenSized(options && options.viewport, run);
  };

  E.init = function (leafletMap, payload) {
    map = leafletMap; data = payload;
    specs = data.layers.slice().sort(function (a, b) { return a.z - b.z; });
    specs.forEach(function (spec) { spec.symbols.forEach(function (s) { symbols[s.key] = s; }); });
    map.getContainer().style.background = data.style.sea;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    var state = data.state;
    if (!state && location.hash.length > 1) {
      try { state = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch (err) { state = null; }
    }
    state = state || { camera: { bounds: [[24.0, 122.5], [45.6, 146.0]] }, layers: specs.map(function (s) { return s.id; }) };
    /* Frame the view before any layer exists, so every path is projected once, at its final
       zoom (framing it later re-projects every vertex). Focus needs the layers: later. */
    if (state.camera && !state.camera.focus) setCamera(state.camera);
    /* Canvas padding 0.1 (Leaflet's default): 0.3 rasterised 2.6x the visible area on every
       redraw, about 25 ms of the first frame on a 2-core machine with software rendering. */
    var circles = 0;
    specs.forEach(function (s) { s.features.forEach(function (f) { if (f.xy) circles++; }); });
    renderer = new StampCanvas({ padding: 0.1, tolerance: 4, stampCircles: circles >= STAMP_MIN_CIRCLES });
    L.geoJSON(data.basemap, {
      renderer: renderer, interactive: false,
      style: { color: data.style.land.stroke, weight: 0.7, fillColor: data.style.land.fill, fillOpacity: 1 }
    }).addTo(map);
    var overlayList = {};
    specs.forEach(function (spec) {
      groups[spec.id] = buildLayer(spec);
      overlayList[spec.label] = groups[spec.id];
    });
    layerControl = L.control.layers(null, overlayList, { collapsed: false, position: "topright" }).addTo(map);
    layerControl.getContainer().classList.add("atlas-layer-control");
    map.on("overlayadd overlayremove", function () {
      if (applying) return;  /* our own setLayers: the state already says so */
      visible = specs.map(function (s) { return s.id; }).filter(function (id) { return map.hasLayer(groups[id]); });
      if (legendCtl) setLegend(true);
      post({ type: "layers", layers: visible.slice() });
    });
    map.on("moveend", function () { post({ type: "view", center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom() }); });
    map.on("click", onMapClick);
    map.on("mousemove", onMouseMove);
    map.on("mouseout", function () { if (hoverTip) map.closeTooltip(hoverTip); hoverId = ""; });
    if (data.dossiers) {
      map.on("atlasselect", function (e) {
        if (!e.id) { map.closePopup(); return; }
        var l = byId[e.id][0];
        var ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
        L.popup({ maxWidth: 420, maxHeight: 420 }).setLatLng(ll)
          .setContent(dossierNode(data.dossiers[e.id] || l.atlasProps, "atlas-popup")).openOn(map);
      });
    }
    setLayers(state.layers || specs.map(function (s) { return s.id; }));
    setLegend(true);
    E.apply({ camera: state.camera && state.camera.focus ? state.camera : undefined,
              highlight: state.highlight || [], selected: state.selected || "", visible: state.visible,
              filterMode: state.filterMode, ringShapes: state.ringShapes, measureLine: state.measureLine });
    whenPainted(function () { isDrawn = true; drawnCallbacks.splice(0).forEach(function (fn) { fn(); }); });
  };

  /** Run fn once every layer is on the map and a frame has been painted. */
  E.onDrawn = function (fn) { if (isDrawn) setTimeout(fn, 0); else drawnCallbacks.push(fn); };

  E.select = function (id) {
    var prev = selected;
    selected = byId[id] ? id : "";
    if (prev === selected) { setLabel(); return selected; }
    if (prev) restyle(prev);
    if (selected) restyle(selected);
    setLabel();
    map.fire("atlasselect", { id: selected });
    return selected;
  };

  E.highlight = function (ids) {
    var prev = highlighted;
    highlighted = (ids || []).filter(function (i) { return byId[i]; });
    if (prev.join("\n") === highlighted.join("\n")) return highlighted.length;
    prev.concat(highlighted).forEach(restyle);
    return highlighted.length;
  };

  E.flyTo = function (id) {
    var ls = byId[id];
    if (!ls) return false;
    var b = L.latLngBounds([]);
    ls.forEach(function (l) { b.extend(l.getLatLng ? l.getLatLng() : l.getBounds()); });
    if (b.getNorthEast().equals(b.getSouthWest())) map.setView(b.getCenter(), Math.max(map.getZoom(), 9), { animate: false });
    else map.fitBounds(b, { maxZoom: 9, padding: [30, 30], animate: false });
    return true;
  };

  /* -- for tests and tooling ---------------------------------------------------------- */

  /** Where a feature is on screen (client pixels). */
  E.screenPoint = function (id) {
    var l = (byId[id] || [])[0];
    if (!l) return null;
    var ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
    var p = map.latLngToContainerPoint(ll);
    var r = map.getContainer().getBoundingClientRect();
    return { x: p.x + r.left, y: p.y + r.top };
  };

  /** The id a click at client pixel (x, y) would select, or "". */
  E.hitTest = function (x, y) {
    var r = map.getContainer().getBoundingClientRect();
    var l = hitAt(map.containerPointToLayerPoint([x - r.left, y - r.top]));
    return l ? l.atlasId : "";
  };

  E.visibleLayers = function () { return visible.slice(); };

  E.state = function () {
    return { center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom(),
             layers: E.visibleLayers(), selected: selected, highlight: highlighted.slice() };
  };

  E.featureCount = function () { return Object.keys(byId).length; };

  /** Features drawn now: on a visible layer, and kept (not hidden or greyed) by the filter. */
  E.shownCount = function () {
    var seen = {};
    visible.forEach(function (id) {
      groups[id].eachLayer(function (l) { if (!l.atlasGrey) seen[l.atlasId] = true; });
    });
    return Object.keys(seen).length;
  };

  /** The overlays drawn now: user ring labels and measure labels, as text. */
  E.overlayText = function () {
    return overlays ? Array.prototype.map.call(map.getPane("tooltipPane").querySelectorAll(".atlas-ring-label, .atlas-measure-label"),
      function (n) { return n.textContent; }) : [];
  };
  E.map = function () { return map; };

  /** Stamp circles from bitmaps from now on (a large user layer added at run time; see StampCanvas).
      Added for user layers: the renderer decides this at init from the atlas's own points only. */
  E.stampCircles = function (on) {
    renderer.options.stampCircles = !!on;
    return renderer.options.stampCircles;
  };

  /* -- fast circles ---------------------------------------------------------------------- */

  /* Above this many circle markers, each circle is stamped from a small pre-rendered
     bitmap (one per style) instead of being rasterised as a path: software canvas on this
     class of machine fills and strokes 100k arcs in ~1.8 s but blits 100k stamps in ~0.2 s.
     A stamp sits on the nearest whole pixel, at most half a pixel from the exact spot,
     which no one can see at that density. The atlas itself (under a hundred points) is
     drawn exactly. */
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
})();
