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
  var basemapLayer = null, chromeControls = [], legendCtl = null, labelTip = null, hoverTip = null, hoverId = "";
  var exportMode = false, applying = false;
  /* The apply whose camera the map now shows: view reports carry it, so Python can drop a
     report that a newer camera has overtaken. */
  var cameraSeq = 0;
  var clusters = {}, clusterGroup = null, labelPane = null, measureCtx = null;
  var visibleSet = null, filterMode = "hide", overlays = null, tool = "", layerControl = null;

  /* Leaflet's layer control writes a layer's name as HTML: a name (a user's file name, a project's
     label) goes in escaped, so it is always shown as text. */
  function htmlText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  /* Where a feature is: a point's position, or its shape's centre; null for a shape with nothing
     drawn at this zoom (a banded coast polygon outside its band has no vertices). */
  function centerOf(l) {
    if (l.getLatLng) return l.getLatLng();
    var b = l.getBounds ? l.getBounds() : null;
    return b && b.isValid() ? b.getCenter() : null;
  }

  function firstCenter(ls) {
    for (var i = 0; i < (ls || []).length; i++) { var c = centerOf(ls[i]); if (c) return c; }
    return null;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* The page's words come from Python (mapping/words.py, payload key "text"), in the app's language:
     this script holds no English of its own. {name} fields are filled from ``fields``. */
  function T(key, fields) {
    var text = (data && data.text && data.text[key]) || key;
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return fields && k in fields ? String(fields[k]) : m; });
  }

  /* A feature's name as the reader's language writes it: name_ja on a Japanese page, where there is one. */
  /* A dossier from the presenter is already in the reader's language: its ``name`` is the heading and
     ``name_alt`` the other language's name; a feature's own properties carry ``name`` and ``name_ja``. */
  function displayName(p) {
    if (p.name_alt !== undefined) return p.name;
    return data && data.lang === "ja" && p.name_ja ? p.name_ja : p.name;
  }
  function otherName(p) {
    if (p.name_alt !== undefined) return p.name_alt || "";
    return data && data.lang === "ja" ? (p.name_ja ? p.name : "") : (p.name_ja || "");
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
      dashArray: s.dash || null, radius: s.radius || 6, pattern: s.pattern || "solid"
    };
  }

  /* Proportional symbols: the symbol's AREA is proportional to the feature's size attribute
     (a facility's km2), so Kadena (20 km2) reads as about 400 times the area of a 0.05 km2 pier,
     with a visible minimum. A feature whose size is not published gets a fixed diamond. */
  var R_MIN = 3.5, R_REF = 20, S_REF = 50, R_MAX = 46, R_UNKNOWN = 5.5;
  function radiusFor(size) {
    return Math.min(R_MAX, Math.max(R_MIN, R_REF * Math.sqrt(size / S_REF)));
  }

  function isFaint(layer) {
    var sym = symbols[layer.atlasCls] || {}, id = layer.atlasId;
    return sym.faint && id !== selected && id !== hoverId && highlighted.indexOf(id) < 0;
  }

  function styleFor(layer) {
    var id = layer.atlasId, st = baseStyle(layer.atlasDatedCls || layer.atlasCls);
    if (layer.atlasR !== undefined) st.radius = layer.atlasR;
    if (layer.atlasUnknown) st.pattern = "diamond";
    if (layer.atlasUsAdmin) {  /* before reversion: under US administration, not Japan's red */
      var adm = data.style.usAdmin;
      if (st.fillColor === adm.from) st.fillColor = adm.to;
      if (st.color === adm.from) st.color = adm.to;
    }
    st.hatch = !!layer.atlasUndated;  /* start date unknown: faded and hatched, with a dashed edge */
    if (st.hatch) { st.fillOpacity = Math.min(st.fillOpacity, 0.25); st.opacity = Math.min(st.opacity, 0.8); }
    if (isFaint(layer)) { st.opacity = 0.35; st.fillOpacity = 0.015; }
    if (layer.atlasClustered || layer.atlasUnlabelled) { st.opacity = 0; st.fillOpacity = 0; }
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
    box.appendChild(el("strong", null, displayName(props)));
    if (otherName(props)) box.appendChild(el("span", "atlas-ja", " " + otherName(props)));
    box.appendChild(el("div", "atlas-kind", props.kind));
    if (dated) {
      var l = (byId[props.id] || [])[0] || {};
      if (l.atlasUsAdmin) box.appendChild(el("div", "atlas-kind atlas-dated", dated.tips.usAdmin));
      if (l.atlasUndated) box.appendChild(el("div", "atlas-kind atlas-dated", dated.tips.undated));
    }
    return box;
  }

  /* A dossier as DOM, laid out from the presenter's dossier_dict (present/dossier.py): the
     words, headlines and citations are all made there. */
  function citeNode(c) {
    var line = el("div", "atlas-src", T("source", { text: c.text }));
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
    box.appendChild(el("h3", null, displayName(d)));
    if (otherName(d)) box.appendChild(el("div", "atlas-ja", otherName(d)));
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
    section(T("provisions"), d.provisions);
    section(T("controversies"), d.controversies);
    if (d.sources.length) {
      box.appendChild(el("h4", null, T("sources")));
      d.sources.forEach(function (c) { box.appendChild(citeNode(c)); });
    }
    return box;
  }

  /* -- the basemap's scales -------------------------------------------------------------
     Natural Earth draws every unit at small scales. A unit with large-scale detail in
     data.basemap.detail (Japan, from GSHHG; see loaders.load_basemap) is drawn from it
     instead from the detail's min_zoom on, both as land and as its state. Each ring is a
     compact string decoded here once, the first time the map zooms that far in. */

  function decodeRing(text) {
    var out = [], x = 0, y = 0, values = [], shift = 0, acc = 0, i, b;
    for (i = 0; i < text.length; i++) {
      b = text.charCodeAt(i) - 63;
      acc |= (b & 0x1f) << shift;
      shift += 5;
      if (b < 0x20) { values.push(acc & 1 ? ~(acc >>> 1) : acc >>> 1); shift = 0; acc = 0; }
    }
    for (i = 0; i + 1 < values.length; i += 2) {
      x += values[i]; y += values[i + 1];
      out.push(L.latLng(y / 1e4, x / 1e4));
    }
    return out;
  }

  var decodedDetail = {};
  function detailLatLngs(iso, k) {
    var key = iso + ":" + k;
    if (!decodedDetail[key]) {
      decodedDetail[key] = data.basemap.detail[iso].groups[k].polygons.map(function (rings) { return rings.map(decodeRing); });
    }
    return decodedDetail[key];
  }

  /* Beyond the region the basemap is a coarse world backdrop: a unit the region's box cuts has
     its whole shape ("whole_of"), drawn instead of its clipped one so that no box line shows,
     and a unit's pieces beyond the box are "part_of" it. States are drawn whole too. */
  var backdrop = null;
  function backdropOf(iso) {
    if (!backdrop) {
      backdrop = { whole: {}, parts: {} };
      data.basemap.features.forEach(function (f) {
        var p = f.properties || {};
        if (p.whole_of) backdrop.whole[p.whole_of] = f;
        if (p.part_of) (backdrop.parts[p.part_of] = backdrop.parts[p.part_of] || []).push(f);
      });
    }
    return { whole: backdrop.whole[iso], parts: backdrop.parts[iso] || [] };
  }

  function detailOf(feature) {
    var iso = feature.properties && feature.properties.iso_a3;
    return (data.basemap.detail || {})[iso] ? iso : "";
  }

  /* The projection of the paths built from the data (the land, states, ranges, tracks). Leaflet
     projects every vertex of a path afresh at each zoom, one LatLng at a time through the CRS (a
     sine and a logarithm) into a new Point; the basemap alone holds most of the page's vertices,
     and its first projection was ~45 ms of a start's critical path. Such a ring keeps its Web
     Mercator coordinates in the CRS's unit square (computed once, by prepare for the rings the page
     starts with), so a projection is a multiply and a round per vertex. The arithmetic is
     Leaflet's own, in its order: every vertex lands on the pixel Leaflet would give it. A ring
     changed in place would keep stale coordinates: only paths whose rings are never edited (built
     here from the data) project this way; the tools' lines keep Leaflet's. */
  function unitMercator(ring) {
    var crs = L.CRS.EPSG3857, pr = crs.projection, t = crs.transformation;
    var d = Math.PI / 180, max = pr.MAX_LATITUDE, n = ring.length, out = new Float64Array(2 * n);
    for (var i = 0; i < n; i++) {
      var ll = ring[i], lat = Math.max(Math.min(max, ll.lat), -max), sin = Math.sin(lat * d);
      out[2 * i] = t._a * (pr.R * ll.lng * d) + t._b;
      out[2 * i + 1] = t._c * (pr.R * Math.log((1 + sin) / (1 - sin)) / 2) + t._d;
    }
    return out;
  }

  function warmPath(latlngs) {
    if (!latlngs.length) return;
    if (latlngs[0] instanceof L.LatLng) { if (!latlngs.atlasMerc) latlngs.atlasMerc = unitMercator(latlngs); }
    else latlngs.forEach(warmPath);
  }

  function projectPath(latlngs, result, projectedBounds) {
    var map = this._map;
    if (map.options.crs !== L.CRS.EPSG3857) return L.Polyline.prototype._projectLatlngs.call(this, latlngs, result, projectedBounds);
    if (!latlngs.length || !(latlngs[0] instanceof L.LatLng)) {
      for (var k = 0; k < latlngs.length; k++) projectPath.call(this, latlngs[k], result, projectedBounds);
      return;
    }
    var m = latlngs.atlasMerc || (latlngs.atlasMerc = unitMercator(latlngs));
    var scale = map.options.crs.scale(map._zoom), o = map.getPixelOrigin(), n = latlngs.length, ring = new Array(n);
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var i = 0; i < n; i++) {
      var x = Math.round(scale * m[2 * i]) - o.x, y = Math.round(scale * m[2 * i + 1]) - o.y;
      ring[i] = new L.Point(x, y);
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (n) { projectedBounds.extend(new L.Point(x0, y0)); projectedBounds.extend(new L.Point(x1, y1)); }
    result.push(ring);
  }

  /* Leaflet clips every ring of a polygon against the view at each redraw (for the land, ~14 ms
     of a start); a polygon wholly inside the clip bounds comes out of that clipping unchanged,
     point for point, so it is not clipped at all. */
  function clipPolygon() {
    var b = this._renderer._bounds, w = this.options.weight, pad = new L.Point(w, w);
    var box = this._rawPxBounds || this._pxBounds;
    if (box && new L.Bounds(b.min.subtract(pad), b.max.add(pad)).contains(box)) {
      this._parts = this._rings.filter(function (ring) { return ring.length > 0; });
      return;
    }
    L.Polygon.prototype._clipPoints.call(this);
  }

  function fastPath(layer) {
    layer._projectLatlngs = projectPath;
    if (layer instanceof L.Polygon) layer._clipPoints = clipPolygon;
  }

  var LandPolygon = L.Polygon.extend({ _projectLatlngs: projectPath, _clipPoints: clipPolygon });

  /* A polygon drawn only in its band of zooms ("lo": below min_zoom; "hi": from it on).
     Out of its band it projects nothing, so the renderer skips it and a zoom does not
     project its vertices. A "hi" polygon is one cell's group of islands: it projects only
     when its box is near the view (and catches up when a pan brings it there), and gets
     its rings from the detail the first time it does. */
  var BandPolygon = LandPolygon.extend({
    _near: function () {
      return !this.atlasBox || this._map.getBounds().pad(0.5).intersects(this.atlasBox);
    },
    _project: function () {
      var inBand = (this._map.getZoom() >= this.atlasMinZoom) === (this.atlasBand === "hi");
      this._atlasStale = inBand && !this._near();
      if (!inBand || this._atlasStale) {
        this._rings = []; this._parts = []; this._pxBounds = null; this._rawPxBounds = null;
        return;
      }
      if (this.atlasGroup) { this._setLatLngs(detailLatLngs(this.atlasGroup[0], this.atlasGroup[1])); this.atlasGroup = null; }
      L.Polygon.prototype._project.call(this);
    },
    _update: function () {
      if (this._atlasStale && this._map && this._near()) this._project();
      L.Polygon.prototype._update.call(this);
    }
  });

  /* A unit that has detail, as banded polygons: its Natural Earth geometry below min_zoom,
     and from it on one polygon per group of the detail. */
  function bandedPolygons(feature, iso, style) {
    var d = data.basemap.detail[iso], g = feature.geometry;
    var lo = new BandPolygon(L.GeoJSON.coordsToLatLngs(g.coordinates, g.type === "Polygon" ? 1 : 2), style);
    lo.atlasBand = "lo"; lo.atlasMinZoom = d.min_zoom;
    return [lo].concat(d.groups.map(function (group, k) {
      var hi = new BandPolygon([], style), b = group.bbox;
      hi.atlasBand = "hi"; hi.atlasMinZoom = d.min_zoom;
      hi.atlasGroup = [iso, k];
      hi.atlasBox = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
      return hi;
    }));
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
      if (layer._latlngs) { fastPath(layer); warmPath(layer._latlngs); }
      register(layer, p, spec);
      /* A faint symbol (a missile range) is faint from its first frame, as every restyle draws it. */
      if (layer.setStyle && isFaintSymbol(layer)) layer.setStyle(styleFor(layer));
      group.addLayer(layer);
    }
    spec.features.forEach(function (f) {
      var p = f.p, layer;
      p.layer = spec.id;
      p.kind = kinds[p.k];
      if (p.name_ja === undefined) p.name_ja = "";
      if (f.xy) {
        if (spec.size) {
          var known = p.s !== null && p.s !== undefined;
          var m = L.circleMarker([f.xy[1], f.xy[0]], L.extend({}, styleOf(p.cls), { radius: known ? radiusFor(p.s) : R_UNKNOWN,
            pattern: known ? (symbols[p.cls] || {}).pattern : "diamond" }));
          m.atlasR = m.options.radius;
          m.atlasUnknown = !known;
          add(m, p);
        } else {
          add(L.circleMarker([f.xy[1], f.xy[0]], styleOf(p.cls)), p);
        }
        return;
      }
      var geometry = f.geometry;
      if (f.shapes) {
        var plain = [];
        f.shapes.forEach(function (i) {
          var iso = detailOf(basemap[i]), more = backdropOf(basemap[i].properties.iso_a3);
          more.parts.forEach(function (g) { plain.push(g.geometry); });
          if (more.whole) { plain.push(more.whole.geometry); return; }
          if (!iso) { plain.push(basemap[i].geometry); return; }
          bandedPolygons(basemap[i], iso, L.extend(baseStyle(p.cls), { renderer: renderer, interactive: false }))
            .forEach(function (l) { add(l, p); });
        });
        if (!plain.length) return;
        geometry = { type: "GeometryCollection", geometries: plain };
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
    if (!l._map || l.atlasGrey || l.atlasClustered || (l._empty && l._empty())) return false;
    var sym = symbols[l.atlasCls] || {};
    if (sym.hit === "outline" && l instanceof L.Polygon) return L.Polyline.prototype._containsPoint.call(l, pt, true);
    return l._containsPoint(pt);
  }

  function sizeOf(l) {
    if (l._radius !== undefined && !(l instanceof L.Polyline)) return l._radius * l._radius;
    var b = l._pxBounds;
    return b ? (b.max.x - b.min.x + 1) * (b.max.y - b.min.y + 1) : Infinity;
  }

  /* A symbol drawn above all others (style.Symbol.above: a disputed island) wins a click on itself. */
  var ABOVE_HIT = 1000;
  function isAbove(l) { return !!((symbols[l.atlasCls] || {}).above && l.getLatLng); }
  function hasAbove(spec) { return (spec.symbols || []).some(function (s) { return s.above; }); }

  /* The feature (or cluster) under a layer point: the highest hit priority wins, then the smallest. */
  function hitAt(pt) {
    if (clusterFrame || !clusterKey) {  /* clusters are stale or not made yet: bring them up to date now */
      if (clusterFrame) cancelAnimationFrame(clusterFrame);
      clusterFrame = 0;
      reclusterNow();
      placeLegend();
      relabel();
      if (exportMode) { redrawClean(); showToken(); }
    }
    var best = null, bestHit = -1, bestSize = Infinity;
    function consider(l, hit) {
      if (!contains(l, pt)) return;
      var size = sizeOf(l);
      if (hit > bestHit || (hit === bestHit && size < bestSize)) { best = l; bestHit = hit; bestSize = size; }
    }
    specs.forEach(function (spec) {
      var g = groups[spec.id];
      if (!map.hasLayer(g) || spec.hit < 0 || (spec.hit < bestHit && !hasAbove(spec))) return;
      g.eachLayer(function (l) { consider(l, isAbove(l) ? ABOVE_HIT : spec.hit); });
      (clusters[spec.id] || []).forEach(function (c) { consider(c.marker, spec.hit); });
    });
    return best;
  }

  /* Every other symbol or track under a click (never a merged symbol), highest hit priority first: the
     panel lists them, so a symbol lying under another can still be chosen (as QGIS's identify). */
  var MAX_ALSO = 8;
  function othersAt(pt, best) {
    var out = [], seen = {};
    seen[best.atlasId] = true;
    specs.slice().sort(function (a, b) { return b.hit - a.hit; }).forEach(function (spec) {
      var g = groups[spec.id];
      if (!map.hasLayer(g) || spec.hit < 0) return;
      g.eachLayer(function (l) {
        /* Areas (a state, a range band) lie under half the map: only symbols and tracks are listed. */
        if (out.length >= MAX_ALSO || seen[l.atlasId] || l instanceof L.Polygon || !contains(l, pt)) return;
        seen[l.atlasId] = true;
        out.push({ layer: l.atlasProps.layer, id: l.atlasId });
      });
    });
    return out;
  }

  function onMapClick(e) {
    if (tool) {  /* a tool picks places, not features: Python decides what the point means */
      post({ type: "point", lat: e.latlng.lat, lon: L.Util.wrapNum(e.latlng.lng, [-180, 180], true) });
      return;
    }
    var l = hitAt(e.layerPoint);
    if (l && l.atlasCluster) {  /* a cluster expands: zoom until its members stand apart */
      var c = l.atlasCluster;
      map.fitBounds(c.bounds, { padding: [60, 60], maxZoom: Math.max(map.getZoom() + 2, Math.min(map.getMaxZoom(), 13)) });
      return;
    }
    /* Tell Python first: the panel's answer should not wait for this page's restyling. */
    if (l) {
      post({ type: "click", layer: l.atlasProps.layer, id: l.atlasId, also: othersAt(e.layerPoint, l) });
      E.select(l.atlasId);
    } else if (!exportMode) {
      post({ type: "clear" });
      E.select("");
      E.highlight([]);
    }
  }

  function setHover(id) {
    var prev = hoverId;
    hoverId = id;
    if (prev !== id) {
      [prev, id].forEach(function (x) { if (x && (byId[x] || []).some(isFaintSymbol)) restyle(x); });
      if ([prev, id].some(function (x) { return x && (byId[x] || []).some(isFaintSymbol); })) relabel();
    }
  }

  function isFaintSymbol(l) { return (symbols[l.atlasCls] || {}).faint; }

  /* The hover tip is the map container's own node, above every control (the legend included):
     Leaflet's tooltips live in a pane under the controls, so the legend would hide them. */
  function hideHoverTip() { if (hoverTip) hoverTip.style.display = "none"; }

  function onMouseMove(e) {
    var l = hitAt(e.layerPoint), id = l ? (l.atlasCluster ? "cluster:" + l.atlasCluster.key : l.atlasId) : "";
    map.getContainer().style.cursor = l ? "pointer" : "";
    if (!l) { hideHoverTip(); setHover(""); return; }
    if (!hoverTip) {
      hoverTip = el("div", "leaflet-tooltip leaflet-tooltip-top atlas-hover");
      map.getContainer().appendChild(hoverTip);
    }
    if (id !== hoverId || hoverTip.style.display === "none") {
      while (hoverTip.firstChild) hoverTip.removeChild(hoverTip.firstChild);
      hoverTip.appendChild(l.atlasCluster ? clusterNode(l.atlasCluster) : tooltipNode(l.atlasProps));
      setHover(id);
    }
    hoverTip.style.display = "";
    var p = e.containerPoint, size = map.getSize(), w = hoverTip.offsetWidth, h = hoverTip.offsetHeight;
    var x = Math.max(2, Math.min(p.x - w / 2, size.x - w - 2)), y = p.y - h - 12;
    if (y < 2) y = p.y + 16;  /* no room above the pointer: below it */
    hoverTip.style.left = x + "px";
    hoverTip.style.top = y + "px";
  }


  /* -- clusters: overlapping point symbols merge, showing count and summed size ------------ */

  var CLUSTER_MAX_FEATURES = 5000;  /* beyond this, density is shown by stamping, not merging */
  var CLUSTER_MIN_R = 9;  /* a merged symbol is never too small to read its count */

  function clusterNode(c) {
    var box = el("div", "atlas-tip");
    box.appendChild(el("strong", null, T("clusterCount", { n: c.members.length })));
    var area = c.area > 0 ? c.area.toLocaleString("en-US", { maximumFractionDigits: 1 }) + " km\u00b2" : "";
    var unknown = c.unknown ? T("clusterUnknown", { n: c.unknown }) : "";
    box.appendChild(el("div", "atlas-kind", [area, unknown].filter(Boolean).join(" \u00b7 ")));
    box.appendChild(el("div", "atlas-kind", T("clickToZoom")));
    return box;
  }

  /* Merge every symbol whose centre lies within another's (plus a click's tolerance): then no
     visible symbol hides another's centre, so a click on any symbol selects exactly it. */
  var clusterKey = "", clusterFrame = 0;
  /* Clusters and labels are redone in the next animation frame, once for any number of changes
     in this one: never on the click path, always before the frame an export captures. */
  function recluster() {
    if (clusterFrame || !isDrawn) return;  /* before the first frame: init places them itself */
    clusterFrame = requestAnimationFrame(reclusterFrame);
  }

  function reclusterFrame() {
    if (clusterFrame) { cancelAnimationFrame(clusterFrame); clusterFrame = 0; }
    reclusterNow();
    placeLegend();  /* first: the labels then make room for the legend where it now is */
    relabel();
    if (exportMode) { redrawClean(); showToken(); }
  }

  /* An export's picture depends on its state alone. The canvas draws in the order paths were
     (re-)added and redraws only dirty rectangles over what is there, so a batch's earlier snapshots
     (paths hidden and re-added by a filter, partial redraws that darken anti-aliased edges) would
     leave traces. Here every path is put in one canonical order (basemap, each visible atlas layer by
     z in feature order, the merged symbols, the user's layers by z, the symbols drawn above all
     (style.Symbol.above), then the rest as created) and the whole canvas is cleared and redrawn,
     as the window orders them (setLayers, raiseTop). */
  function redrawClean() {
    if (!renderer || !renderer._map || !renderer._layers) return;
    /* A zoom leaves the canvas at the fractional offset of its last zoom transform: put it back on
       whole pixels at the current view (and clip every path to those bounds). */
    renderer._update();
    var seen = {}, list = [];
    function byId(a, b) { return L.stamp(a) - L.stamp(b); }
    function take(l, pick) {
      if (!l) return;
      if (l.eachLayer && !l._renderer) {
        var kids = [];
        l.eachLayer(function (c) { kids.push(c); });
        kids.sort(byId).forEach(function (c) { take(c, pick); });
        return;
      }
      var id = L.stamp(l);
      if (pick && !pick(l)) return;
      if (l._renderer === renderer && renderer._layers[id] && !seen[id]) { seen[id] = true; list.push(l); }
    }
    function layers(user, pick) {
      specs.forEach(function (spec) {
        if ((user === null || (spec.source === "user") === user) && map.hasLayer(groups[spec.id])) take(groups[spec.id], pick);
      });
    }
    function below(l) { return !isAbove(l); }
    take(basemapLayer);
    layers(false, below);
    take(clusterGroup);
    layers(true, below);
    layers(null, isAbove);
    Object.keys(renderer._layers).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (id) { take(renderer._layers[id]); });
    list.forEach(function (l) { renderer._bringToFront(l); });
    if (renderer._redrawRequest) { L.Util.cancelAnimFrame(renderer._redrawRequest); renderer._redrawRequest = null; }
    renderer._redrawBounds = null;
    renderer._redraw();
  }

  function reclusterNow(force) {
    if (!map || !clusterGroup) return;
    /* Clusters depend on the zoom, what is shown and what is selected or lit, not on panning. */
    var key = JSON.stringify([map.getZoom(), visible, visibleSet && visibleSet.key, selected, highlighted, datedKey]);
    if (key === clusterKey && !force) return;
    clusterKey = key;
    clusterGroup.clearLayers();
    var zoom = map.getZoom();
    specs.forEach(function (spec) {
      var g = groups[spec.id];
      var old = clusters[spec.id] || [];
      old.forEach(function (c) { c.members.forEach(function (l) { l.atlasClustered = false; }); });
      clusters[spec.id] = [];
      if (!spec.cluster || !map.hasLayer(g) || spec.features.length > CLUSTER_MAX_FEATURES) {
        old.forEach(function (c) { c.members.forEach(function (l) { l.setStyle(styleFor(l)); }); });
        return;
      }
      var items = [];
      g.eachLayer(function (l) {
        if (!l.getLatLng || l.atlasGrey) return;
        var pt = map.latLngToLayerPoint(l.getLatLng());
        items.push({ l: l, pt: pt, r: l.atlasR || l.options.radius, s: l.atlasProps.s });
      });
      items.sort(function (a, b) { return b.r - a.r; });
      var groupsOf = [];
      items.forEach(function (it) {
        var home = null;
        if (it.l.atlasId !== selected) {
          for (var i = 0; i < groupsOf.length && !home; i++) {
            var c = groupsOf[i];
            if (!c.pinned && c.pt.distanceTo(it.pt) < Math.max(c.r, it.r) + 6) home = c;
          }
        }
        if (home) {
          home.items.push(it);
          home.area += it.s || 0;
          home.r = Math.max(CLUSTER_MIN_R, radiusFor(Math.max(home.area, 0.01)) + 2);
        } else {
          groupsOf.push({ items: [it], pt: it.pt, r: it.r, area: it.s || 0, pinned: it.l.atlasId === selected });
        }
      });
      /* Grown clusters may now overlap their neighbours: merge until none does. */
      for (var pass = 0, merged = true; merged && pass < 8; pass++) {
        merged = false;
        for (var a = 0; a < groupsOf.length; a++) {
          for (var b = a + 1; b < groupsOf.length; b++) {
            var A = groupsOf[a], B = groupsOf[b];
            if (A.pinned || B.pinned || A.pt.distanceTo(B.pt) >= Math.max(A.r, B.r) + 6) continue;
            A.items = A.items.concat(B.items);
            A.area += B.area;
            A.r = Math.max(CLUSTER_MIN_R, radiusFor(Math.max(A.area, 0.01)) + 2);
            groupsOf.splice(b, 1);
            merged = true;
            b--;
          }
        }
      }
      groupsOf.forEach(function (c, n) {
        if (c.items.length < 2) return;
        var members = c.items.map(function (it) { return it.l; });
        var bounds = L.latLngBounds(members.map(function (l) { return l.getLatLng(); }));
        var lit = members.some(function (l) { return highlighted.indexOf(l.atlasId) >= 0; });
        /* A cluster of US Forces Korea's facilities only takes their navy, never Japan's red. */
        var usfk = members.every(function (l) { return l.atlasCls === "base-usfk"; });
        /* ...and one of facilities all under US administration on the map's date, their colour. */
        var admin = members.every(function (l) { return l.atlasUsAdmin; });
        var undatedAll = members.every(function (l) { return l.atlasUndated; });
        var marker = L.circleMarker(map.layerPointToLatLng(c.pt), {
          renderer: renderer, interactive: false, radius: c.r, color: lit ? data.style.highlight : "#ffffff",
          weight: lit ? 4 : 2, fillColor: usfk ? (symbols["base-usfk"] || {}).color || "#0a3d7a"
            : admin ? data.style.usAdmin.to : data.style.usAdmin.from,
          fillOpacity: undatedAll ? 0.45 : 0.8, hatch: undatedAll });
        var cl = { key: spec.id + ":" + zoom + ":" + n, members: members, bounds: bounds, marker: marker, area: c.area,
                   unknown: c.items.filter(function (it) { return !(it.s > 0); }).length };
        marker.atlasCluster = cl;
        members.forEach(function (l) { l.atlasClustered = true; });
        marker.addTo(clusterGroup);
        L.tooltip({ permanent: true, direction: "center", className: "atlas-cluster-count", interactive: false })
          .setLatLng(marker.getLatLng()).setContent(el("span", null, String(members.length))).addTo(clusterGroup);
        clusters[spec.id].push(cl);
      });
      g.eachLayer(function (l) { if (l.setStyle) l.setStyle(styleFor(l)); });
    });
    raiseTop(clusterGroup.getLayers().length > 0);
  }

  /* The merged symbols are made last, so drawn on top: the user's layers go back above them (users:
     true), then the symbols drawn above all, then the rings, measure line and uncertainty circle.
     The order redrawClean gives an export. */
  function raiseTop(users) {
    var shown = specs.filter(function (spec) { return map.hasLayer(groups[spec.id]); });
    if (users) shown.forEach(function (spec) { if (spec.source === "user") groups[spec.id].bringToFront(); });
    shown.forEach(function (spec) {
      if (hasAbove(spec)) groups[spec.id].eachLayer(function (l) { if (isAbove(l)) l.bringToFront(); });
    });
    [overlays, uncertainty].forEach(function (o) { if (o && map.hasLayer(o)) o.bringToFront(); });
  }

  /* -- labels: placed greedily by priority, never overlapping one another ------------------- */

  function textWidth(text, bold) {
    measureCtx = measureCtx || document.createElement("canvas").getContext("2d");
    measureCtx.font = (bold ? "bold " : "") + "11px " + T("fonts");
    return Math.ceil(measureCtx.measureText(text).width) + 8;
  }

  function anchorOf(l) {
    if (l.getLatLng) return { ll: l.getLatLng(), r: (l.options.radius || 3) + 2 };
    if (l.atlasProps.ll) return { ll: L.latLng(l.atlasProps.ll), r: 0, centered: true };
    var lls = l.getLatLngs ? l.getLatLngs() : null;
    while (lls && lls.length && Array.isArray(lls[0])) lls = lls[0];
    if (l instanceof L.Polygon && lls && lls.length) {  /* a range band: its northmost point */
      var top = lls.reduce(function (a, b) { return b.lat > a.lat ? b : a; });
      return { ll: top, r: 2, above: true };
    }
    if (lls && lls.length) return { ll: lls[lls.length - 1], r: 4 };  /* a track: where it ends */
    return null;
  }

  function minPopulation(zoom) {
    return zoom <= 5 ? 5e6 : zoom <= 6 ? 1e6 : zoom <= 7 ? 2.5e5 : zoom <= 8 ? 1e5 : 0;
  }

  function relabel() {
    if (!map || !labelPane) return;
    while (labelPane.firstChild) labelPane.removeChild(labelPane.firstChild);
    var size = map.getSize(), zoom = map.getZoom(), cands = [], seen = {};
    var minPop = minPopulation(zoom);
    specs.forEach(function (spec) {
      var g = groups[spec.id];
      if (!spec.labels || !map.hasLayer(g)) return;
      g.eachLayer(function (l) {
        var p = l.atlasProps, id = l.atlasId;
        if (!p.lb || seen[id] || l.atlasGrey || l.atlasClustered) return;
        if (spec.id === "places" && (p.pr || 0) < minPop) return;
        var sym = symbols[l.atlasCls] || {};
        if (sym.faint && id !== selected && id !== hoverId && highlighted.indexOf(id) < 0) return;
        var a = anchorOf(l);
        if (!a) return;
        seen[id] = true;
        var rank = id === selected ? 4e15 : spec.id === "states" ? 3e15 : sym.faint ? 2e15
          : spec.id === "places" ? (p.pr || 0) : 1e12 + spec.hit * 1e9 + (p.pr || 0);
        cands.push({ l: l, text: id === selected ? displayName(p) : p.lb, a: a, rank: rank, sel: id === selected,
                     place: spec.id === "places" });
      });
    });
    cands.sort(function (x, y) { return y.rank - x.rank; });
    var placed = [];
    document.querySelectorAll(".leaflet-control").forEach(function (c) {
      var r = c.getBoundingClientRect(), m = map.getContainer().getBoundingClientRect();
      if (r.width && r.height) placed.push({ x: r.left - m.left, y: r.top - m.top, w: r.width, h: r.height });
    });
    /* Point symbols are obstacles too: a name never sits on another facility's dot. */
    var obstacles = [];
    specs.forEach(function (spec) {
      if (!map.hasLayer(groups[spec.id]) || spec.interactive === false) return;
      groups[spec.id].eachLayer(function (l) {
        if (!l.getLatLng || l.atlasClustered || l.atlasGrey) return;
        var q = map.latLngToContainerPoint(l.getLatLng()), rr = (l.options.radius || 4) + 1;
        obstacles.push({ id: l.atlasId, b: { x: q.x - rr, y: q.y - rr, w: 2 * rr, h: 2 * rr } });
      });
      (clusters[spec.id] || []).forEach(function (c) {
        var q = map.latLngToContainerPoint(c.marker.getLatLng()), rr = c.marker.options.radius + 1;
        obstacles.push({ id: "", b: { x: q.x - rr, y: q.y - rr, w: 2 * rr, h: 2 * rr } });
      });
    });
    function onSymbol(b, own) {
      for (var i = 0; i < obstacles.length; i++) {
        var o = obstacles[i].b;
        if (obstacles[i].id !== own && b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
      }
      return false;
    }
    function free(b) {
      if (b.x < 2 || b.y < 2 || b.x + b.w > size.x - 2 || b.y + b.h > size.y - 2) return false;
      for (var i = 0; i < placed.length; i++) {
        var o = placed[i];
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
      }
      return true;
    }
    cands.forEach(function (c) {
      var pt = map.latLngToContainerPoint(c.a.ll), w = textWidth(c.text, c.sel), h = 16, r = c.a.r;
      /* A symbol cut by the frame gets no name: a name beside nothing, or half a name, misleads. */
      if (!c.a.centered && (pt.x - r < 0 || pt.y - r < 0 || pt.x + r > size.x || pt.y + r > size.y)) return;
      var tries = c.a.centered ? [[-w / 2, -h / 2]] : c.a.above ? [[-w / 2, -h - r], [-w / 2, r]]
        : [[r + 2, -h / 2], [-r - 2 - w, -h / 2], [-w / 2, -r - h], [-w / 2, r]];
      for (var i = 0; i < tries.length; i++) {
        var b = { x: pt.x + tries[i][0], y: pt.y + tries[i][1], w: w, h: h };
        if (!free(b) || (!c.sel && onSymbol(b, c.l.atlasId))) continue;
        placed.push(b);
        var node = el("div", "atlas-maplabel" + (c.sel ? " atlas-label" : "") + (c.place ? " atlas-place" : ""), c.text);
        L.DomUtil.setPosition(node, map.containerPointToLayerPoint([b.x, b.y]));
        labelPane.appendChild(node);
        if (c.place) c.l.atlasLabelled = true;
        break;
      }
    });
    /* A town's dot is drawn only with its name: a nameless dot is noise. */
    specs.forEach(function (spec) {
      if (spec.interactive !== false || !map.hasLayer(groups[spec.id])) return;
      groups[spec.id].eachLayer(function (l) {
        var hide = !l.atlasLabelled;
        l.atlasLabelled = false;
        if (l.atlasUnlabelled !== hide) { l.atlasUnlabelled = hide; l.setStyle(styleFor(l)); }
      });
    });
  }

  /* -- the legend keeps out of the subject's way ------------------------------------------ */

  /* Folded (title only) when the map is narrow (a dock open, a small window) or the legend would
     take too much of it; a click on its title is the user's choice, kept until the map's size
     class changes. An export never folds: it reserves room instead. */
  var LEGEND_NARROW_PX = 760, LEGEND_MAX_HEIGHT = 0.7;
  var legendUser = null, legendNarrow = null;

  function legendFolded(box) { return box.classList.contains("atlas-legend-collapsed"); }

  function autoFold(box, size) {
    var was = legendFolded(box);
    box.classList.remove("atlas-legend-collapsed");
    var narrow = size.x < LEGEND_NARROW_PX || box.offsetHeight > LEGEND_MAX_HEIGHT * size.y;
    if (narrow !== legendNarrow) { legendNarrow = narrow; legendUser = null; }
    var fold = legendUser !== null ? legendUser : narrow;
    box.classList.toggle("atlas-legend-collapsed", fold);
    return fold !== was;
  }

  /* What the legend must not cover, as weighted points in container pixels: the selected and
     highlighted features above all, then merged symbols (by how many they hold), then points. */
  var SUBJECT = 1e6;
  function legendWeights() {
    var out = [];
    function weight(id) { return id === selected || highlighted.indexOf(id) >= 0 ? SUBJECT : 1; }
    specs.forEach(function (spec) {
      if (!map.hasLayer(groups[spec.id]) || spec.interactive === false) return;
      groups[spec.id].eachLayer(function (l) {
        if (l.atlasClustered || l.atlasGrey) return;
        var ll = l.getLatLng ? l.getLatLng() : (weight(l.atlasId) > 1 ? centerOf(l) : null);
        if (ll) out.push({ p: map.latLngToContainerPoint(ll), n: weight(l.atlasId) });
      });
      (clusters[spec.id] || []).forEach(function (c) {
        var n = c.members.reduce(function (a, l) { return a + weight(l.atlasId); }, 0);
        out.push({ p: map.latLngToContainerPoint(c.marker.getLatLng()), n: n });
      });
    });
    return out;
  }

  function rectOf(node) {
    var r = node.getBoundingClientRect(), m = map.getContainer().getBoundingClientRect();
    return { x: r.left - m.left, y: r.top - m.top, w: r.width, h: r.height };
  }

  function meets(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  /* The corner where the legend covers the least of the subject. In a corner it stacks with
     that corner's other controls; a corner where it would meet another box (the title, the
     summary box of a picture) is taken only if every corner does. In the window, a legend that
     would still cover the selected or a highlighted feature folds itself. */
  function placeLegend() {
    if (!legendCtl || !map) return;
    var box = legendCtl.getContainer(), size = map.getSize();
    if (!exportMode) autoFold(box, size);
    else box.classList.remove("atlas-legend-collapsed");
    var w = box.offsetWidth + 10, h = box.offsetHeight + 10, pts = legendWeights();
    var others = [];
    document.querySelectorAll(".leaflet-control").forEach(function (c) {
      if (c !== box && c.offsetWidth) others.push({ corner: c.parentNode, r: rectOf(c) });
    });
    var keys = ["bottomright", "bottomleft", "topleft"], best = null, bestCost = Infinity;
    keys.forEach(function (k) {
      var corner = map._controlCorners[k], stack = 0;
      others.forEach(function (o) { if (o.corner === corner) stack += o.r.h + 10; });
      var x0 = k === "bottomright" ? size.x - w : 0, y0 = k === "topleft" ? stack : size.y - stack - h;
      var r = { x: x0, y: y0, w: w, h: h }, cost = 0;
      if (y0 < 0) cost += 1e12;
      others.forEach(function (o) { if (o.corner !== corner && meets(r, o.r)) cost += 1e10; });
      pts.forEach(function (q) { if (q.p.x >= x0 && q.p.x <= x0 + w && q.p.y >= y0 && q.p.y <= y0 + h) cost += q.n; });
      if (cost < bestCost) { best = k; bestCost = cost; }
    });
    if (best && legendCtl.getPosition() !== best) legendCtl.setPosition(best);
    if (!exportMode && bestCost % 1e10 >= SUBJECT && !legendFolded(box) && legendUser !== false) {
      box.classList.add("atlas-legend-collapsed");  /* no corner is clear of the subject: fold */
    }
  }

  /** Where the legend is and whether it is folded, in client pixels (for tests). */
  E.legendLayout = function () {
    if (!legendCtl) return null;
    var box = legendCtl.getContainer(), r = box.getBoundingClientRect();
    return { corner: legendCtl.getPosition(), folded: legendFolded(box), x: r.left, y: r.top, w: r.width, h: r.height,
             text: box.innerText };
  };

  function sizeRows(body) {
    var row = el("div", "atlas-legend-sizes");
    [1, 10, 50].forEach(function (km2) {
      var r = radiusFor(km2), item = el("span", "atlas-legend-size");
      var dot = el("span", "atlas-size-dot");
      dot.style.width = dot.style.height = (2 * r) + "px";
      item.appendChild(dot);
      item.appendChild(el("span", null, km2 + " km\u00b2"));
      row.appendChild(item);
    });
    body.appendChild(el("div", "atlas-legend-note", T("sizeNote")));
    body.appendChild(row);
    var unknown = el("div", "atlas-legend-row");
    var d = el("span", "atlas-swatch atlas-swatch-diamond");
    unknown.appendChild(d);
    unknown.appendChild(el("span", null, T("areaUnknown")));
    body.appendChild(unknown);
    var cl = el("div", "atlas-legend-row");
    var cd = el("span", "atlas-swatch atlas-swatch-point atlas-swatch-cluster", "n");
    cl.appendChild(cd);
    /* A picture cannot be clicked: an export's legend says what the symbol is, not what it does. */
    cl.appendChild(el("span", null, exportMode ? T("merged") : T("mergedClick")));
    body.appendChild(cl);
    var un = el("div", "atlas-legend-row");
    var us = el("span", "atlas-swatch atlas-swatch-point");
    us.style.borderStyle = "dashed";
    us.style.borderColor = data.style.selected;
    us.style.background = "transparent";
    un.appendChild(us);
    un.appendChild(el("span", null, T("uncertainty")));
    body.appendChild(un);
  }

  /* The map at a past date: what the two marks mean (derive.dated_marks words them). */
  function datedRows(body) {
    var any = function (cls) { return Object.keys(byId).some(function (id) { return byId[id].some(function (l) { return l[cls]; }); }); };
    if (dated.usAdmin.length && any("atlasUsAdmin")) {
      var a = el("div", "atlas-legend-row atlas-legend-usadmin");
      var sw = el("span", "atlas-swatch atlas-swatch-point");
      sw.style.background = data.style.usAdmin.to; sw.style.borderColor = data.style.usAdmin.to;
      a.appendChild(sw);
      a.appendChild(el("span", null, dated.legend.usAdmin));
      body.appendChild(a);
    }
    if (dated.undated.length && any("atlasUndated")) {
      var u = el("div", "atlas-legend-row atlas-legend-undated");
      u.appendChild(el("span", "atlas-swatch atlas-swatch-point atlas-pattern-hatch"));
      u.appendChild(el("span", null, dated.legend.undated));
      body.appendChild(u);
    }
  }

  /* At a past date (derive.dated_marks): facilities then under US administration and those whose
     start date is unknown are drawn apart, and the Ryukyu Islands are labelled as administered. */
  var dated = null, datedKey = "null", regionLabel = null;
  function setDated(d) {
    var key = JSON.stringify(d || null);
    if (key === datedKey) return;
    datedKey = key;
    dated = d || null;
    var admin = {}, undated = {};
    ((d && d.usAdmin) || []).forEach(function (id) { admin[id] = true; });
    ((d && d.undated) || []).forEach(function (id) { undated[id] = true; });
    Object.keys(byId).forEach(function (id) {
      byId[id].forEach(function (l) {
        var a = admin[id] === true, u = undated[id] === true, c = (d && d.cls && d.cls[id]) || "";
        if (!!l.atlasUsAdmin === a && !!l.atlasUndated === u && (l.atlasDatedCls || "") === c) return;
        l.atlasUsAdmin = a; l.atlasUndated = u; l.atlasDatedCls = c;
        if (l.setStyle) l.setStyle(styleFor(l));
      });
    });
    /* The islands' label is a box in the map's corner, not a point on the sea: at every view and
       window size it stays whole and off the facilities (labels and the legend avoid controls). */
    if (regionLabel) { regionLabel.remove(); regionLabel = null; }
    if (d && d.region) {
      var box = el("div", "atlas-region-label");
      var sw = el("span", "atlas-swatch atlas-swatch-point");
      sw.style.background = sw.style.borderColor = data.style.usAdmin.to;
      box.appendChild(sw);
      box.appendChild(el("span", null, d.region.label));
      regionLabel = control("topleft", box).addTo(map);
    }
    if (legendCtl) setLegend(true);
  }

  /* -- chrome: legend, title block, dossier box, source line, print section -------- */

  function legendNode() {
    var box = el("div", "atlas-legend leaflet-bar");
    var head = el("div", "atlas-legend-title", T("legend"));
    box.appendChild(head);
    var body = el("div", "atlas-legend-body");
    specs.slice().reverse().forEach(function (spec) {
      if (visible.indexOf(spec.id) < 0 || !spec.symbols.length || spec.interactive === false) return;
      body.appendChild(el("div", "atlas-legend-layer", spec.label));
      spec.symbols.forEach(function (s) {
        var row = el("div", "atlas-legend-row");
        var sw = el("span", "atlas-swatch atlas-swatch-" + s.shape + " atlas-pattern-" + (s.pattern || "solid"));
        sw.style.borderColor = s.color;
        sw.style.background = s.fill ? s.fill : "transparent";
        if (s.shape === "line") { sw.style.background = "transparent"; sw.style.borderTopStyle = s.dash ? "dashed" : "solid"; }
        row.appendChild(sw);
        row.appendChild(el("span", null, s.label));
        body.appendChild(row);
      });
      if (spec.size) sizeRows(body);
      if (spec.id === "bases" && dated) datedRows(body);
    });
    box.appendChild(body);
    if (!exportMode) {
      head.title = T("legendToggle");
      head.style.cursor = "pointer";
      head.addEventListener("click", function () {
        legendUser = !legendFolded(box);
        box.classList.toggle("atlas-legend-collapsed", legendUser);
        recluster();  /* the labels make room, or take it back */
      });
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
    if (collapsed && !exportMode) node.classList.add("atlas-legend-collapsed");  /* a picture's legend is whole */
    legendCtl = control("bottomright", node).addTo(map);
    recluster();  /* places the legend in the next frame, with the labels */
  }

  function clearChrome() {
    chromeControls.forEach(function (c) { c.remove(); });
    chromeControls = [];
  }

  function sourceLine() {
    return data.sourceLine || data.attribution;
  }

  /* A frame token for a snapshot: one CSS pixel row under the map, whose colour says which apply it
     belongs to. It is painted last, with the clusters and labels of that state (showToken, from
     recluster's frame), and the exporter grabs until the row has the colour it asked for, then crops
     it off: a frame from before the state was complete (a busy machine) is never taken for it. */
  var tokenRow = null, pendingToken = null;
  function showToken() {
    if (tokenRow && pendingToken) { tokenRow.style.background = pendingToken; pendingToken = null; }
  }
  function setToken(o) {
    var box = map.getContainer();
    if (o.token && o.viewport) {
      if (!tokenRow) {
        tokenRow = el("div", "atlas-token");
        tokenRow.style.cssText = "position:fixed;left:0;bottom:0;width:100%;height:1px;z-index:100000;pointer-events:none";
        document.body.appendChild(tokenRow);
      }
      tokenRow.style.background = "#000000";  /* no state's colour until this one is complete */
      pendingToken = o.token;
      if (box.style.height !== o.viewport[1] + "px") {
        box.style.height = o.viewport[1] + "px";
        map.invalidateSize(false);
      }
    } else if (tokenRow) {
      tokenRow.remove();
      tokenRow = null;
      box.style.height = "";
      map.invalidateSize(false);
    }
  }

  function setChrome(o) {
    clearChrome();
    E.chrome = o;
    exportMode = !!o.export;
    setToken(o);
    document.body.classList.toggle("atlas-export", exportMode);
    if (o.title || o.subtitle) {
      var t = el("div", "atlas-title");
      if (o.title) t.appendChild(el("div", "atlas-title-main", o.title));
      if (o.subtitle) t.appendChild(el("div", "atlas-title-sub", o.subtitle));
      chromeControls.push(control("topleft", t).addTo(map));
    }
    if (o.dossier) {
      var d = el("div", "atlas-dossier");
      var other = otherName(o.dossier);
      d.appendChild(el("div", "atlas-dossier-name", displayName(o.dossier) + (other ? "  " + other : "")));
      if (o.dossier.provisions.length) d.appendChild(el("div", "atlas-dossier-head", T("provisions")));
      o.dossier.provisions.forEach(function (p) { d.appendChild(el("div", "atlas-dossier-row", p)); });
      if (o.dossier.controversies.length) d.appendChild(el("div", "atlas-dossier-head", T("controversies")));
      o.dossier.controversies.forEach(function (p) { d.appendChild(el("div", "atlas-dossier-row", p)); });
      chromeControls.push(control("topright", d).addTo(map));
    }
    /* PDFs are paged documents made of a PNG of the map (export/booklet.py): only pictures come here. */
    if (o.sourceLine) {
      chromeControls.push(control("bottomleft", el("div", "atlas-sourceline", sourceLine())).addTo(map));
    }
    setLegend(o.legend !== false);
  }

  /* The selected feature's name is placed first by relabel(), as a DOM node: never a string. */
  function setLabel() { relabel(); }

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
    if (!exportMode && near(camera)) return;  /* the page itself reported this view: nothing to move */
    /* An export frames its camera afresh (reset: pane at 0,0, every path projected at the final
       view), so the picture does not depend on the views drawn before it in a batch. */
    var how = { animate: false, reset: exportMode };
    if (camera.focus && byId[camera.focus]) E.flyTo(camera.focus);
    else if (camera.bounds) map.fitBounds(camera.bounds, how);
    else if (camera.center) map.setView(camera.center, camera.zoom, how);
  }

  function setLayers(names) {
    var want = specs.map(function (s) { return s.id; }).filter(function (id) { return names.indexOf(id) >= 0; });
    if (want.join("\n") === visible.join("\n") && want.every(function (id) { return map.hasLayer(groups[id]); })) return;
    applying = true;
    visible = specs.map(function (s) { return s.id; }).filter(function (id) { return names.indexOf(id) >= 0; });
    specs.forEach(function (spec) {
      var g = groups[spec.id], on = visible.indexOf(spec.id) >= 0;
      if (on && !map.hasLayer(g)) map.addLayer(g);
      if (!on && map.hasLayer(g)) map.removeLayer(g);
    });
    /* Drawing order follows the specs' z (states under threats under bases). */
    specs.forEach(function (spec) { if (map.hasLayer(groups[spec.id])) groups[spec.id].bringToFront(); });
    raiseTop(false);
    applying = false;
    if (legendCtl) setLegend(true);
    drawUncertainty();
  }

  /* Until the viewport has the size an export asked for, Leaflet would frame the old one.
     The wait is on that condition (checked each frame and on each resize), however long a busy
     machine takes to pass the resize on; only after a minute, far past the export's own time
     limit, does it give up, and the capture's size check then refuses the picture. */
  function whenSized(size, fn, extra) {
    /* ``extra``: the rows below the map an export's frame token takes (see setToken). */
    var sized = function () {
      return !size || (Math.abs(window.innerWidth - size[0]) <= 1 && Math.abs(window.innerHeight - size[1] - (extra || 0)) <= 1);
    };
    var started = Date.now(), done = false;
    var check = function () {
      if (done) return;
      if (!sized() && Date.now() - started < 60000) { requestAnimationFrame(check); return; }
      done = true;
      window.removeEventListener("resize", check);
      map.invalidateSize(false);
      fn();
    };
    window.addEventListener("resize", check);
    check();
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
      if (spec.interactive === false) return;  /* reference layers (towns) are context: never filtered */
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
    drawUncertainty();
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

  /* Okinawa's share as a chart on the map (derive.share_chart computes it; here only DOM). */
  var shareCtl = null, shareKey = "null";
  function setShareChart(chart) {
    var key = JSON.stringify(chart || null);
    if (key === shareKey) return;
    shareKey = key;
    if (shareCtl) { shareCtl.remove(); shareCtl = null; }
    /* Only a derived chart (derive.share_chart) is drawn: a state opened from the URL fragment says
       "shareChart": true, and the apply that follows brings the chart itself. */
    if (!chart || !chart.bars) return;
    var box = el("div", "atlas-share");
    box.appendChild(el("div", "atlas-share-title", chart.title));
    chart.bars.forEach(function (b) {
      var row = el("div", "atlas-share-row");
      row.appendChild(el("span", "atlas-share-label", b.label));
      var track = el("span", "atlas-share-track"), bar = el("span", "atlas-share-bar");
      bar.style.width = Math.max(0, Math.min(100, b.pct)) + "%";
      track.appendChild(bar);
      row.appendChild(track);
      row.appendChild(el("span", "atlas-share-value", b.text));
      box.appendChild(row);
    });
    if (chart.land) box.appendChild(el("div", "atlas-share-note", chart.land));
    box.appendChild(el("div", "atlas-share-note", chart.note));
    shareCtl = control("bottomleft", box).addTo(map);
    recluster();  /* labels and the legend make room */
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
    layerControl.addOverlay(groups[layer.id], htmlText(layer.label));
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
      if (exportMode) cameraKey = null;  /* an export frames its camera afresh, whatever came before */
      if (state.camera && keyOf(state.camera) !== cameraKey && seq !== undefined && seq !== null) cameraSeq = seq;
      if (state.layers) setLayers(state.layers);
      if (state.visible !== undefined) setVisible(state.visible, state.filterMode || "hide");
      if (state.ringShapes !== undefined || state.measureLine !== undefined) setOverlays(state.ringShapes || [], state.measureLine || null);
      if (state.shareChart !== undefined) setShareChart(state.shareChart);
      if (state.dated !== undefined) setDated(state.dated);
      if (state.camera) setCamera(state.camera);
      if (state.highlight) E.highlight(state.highlight);
      if (state.selected !== undefined) E.select(state.selected);
      /* An export's state is drawn in full before this frame ends: no frame with the new camera and
         the last state's clusters and labels is ever painted, so a lagging capture cannot get one. */
      if (exportMode && isDrawn) reclusterFrame(); else recluster();
      if (clusterFrame === 0) showToken();  /* before the first frame recluster waits: nothing to wait for */
      if (seq !== undefined && seq !== null) whenPainted(function () { post({ type: "applied", seq: seq }); });
    };
    whenSized(options && options.viewport, run, options && options.token ? 1 : 0);
  };

  /* The window's start (a page URL with "?hold"): the page loads and parses while the window is
     still being built, and init waits for release(size), once the map has its final size (called
     by MapView.release with runJavaScript, so it needs no web channel). Until
     then the map is a plain sea-coloured area, and it is shown only complete: layers, clusters and
     labels in one frame. Calls that arrive meanwhile wait for init, in order. */
  var gate = /(^|[?&])hold(&|$)/.test(location.search) ? "held" : "", held = null, waiting = [];
  var hideUntilDrawn = gate === "held";

  function gated(fn) {
    return function () {
      var args = arguments;
      if (gate) { waiting.push(function () { fn.apply(E, args); }); return null; }
      return fn.apply(E, args);
    };
  }

  E.init = function (leafletMap, payload) {
    if (gate === "held") {
      held = [leafletMap, payload];
      prepare(leafletMap, payload);
      leafletMap.getContainer().style.visibility = "hidden";
      document.documentElement.style.background = payload.style.sea;
      /* Released before this script got here (MapView.release sets it from Python). */
      if (window.__atlasRelease) E.release(window.__atlasRelease, window.__atlasState);
      return;
    }
    init(leafletMap, payload);
  };

  /** Let a held page draw, once its viewport is ``size`` ([width, height] CSS px) or after a second,
      opening at ``state`` (a held page's URL carries none: the window sends it with the release). */
  var releasedState = null;
  E.release = function (size, state) {
    if (gate !== "held" || !held) return false;
    if (state && typeof state === "object") releasedState = state;
    gate = "sizing";
    var args = held, started = Date.now();
    held = null;
    var go = function () {
      if (gate !== "sizing") return;
      var sized = !size || (Math.abs(window.innerWidth - size[0]) <= 1 && Math.abs(window.innerHeight - size[1]) <= 1);
      if (!sized && Date.now() - started < 1000) { requestAnimationFrame(go); return; }
      window.removeEventListener("resize", go);
      gate = "";
      args[0].invalidateSize(false);
      init(args[0], args[1]);
      waiting.splice(0).forEach(function (fn) { fn(); });
    };
    window.addEventListener("resize", go);
    go();
    return true;
  };

  function reveal() {
    if (!hideUntilDrawn) return;
    hideUntilDrawn = false;
    map.getContainer().style.visibility = "";
  }

  /* What does not depend on the view: the layers' objects, built off the map (a held page builds
     them while its window is still being made). */
  var prepared = false;
  function prepare(leafletMap, payload) {
    prepared = true;
    map = leafletMap; data = payload;
    if (data.lang) document.documentElement.lang = data.lang;  /* Japanese glyph forms and line breaking */
    specs = data.layers.slice().sort(function (a, b) { return a.z - b.z; });
    specs.forEach(function (spec) { spec.symbols.forEach(function (s) { symbols[s.key] = s; }); });
    map.getContainer().style.background = data.style.sea;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(data.basemap.detail ? "Natural Earth · GSHHG" : "Natural Earth");
    /* Canvas padding 0.1 (Leaflet's default): 0.3 rasterised 2.6x the visible area on every
       redraw, about 25 ms of the first frame on a 2-core machine with software rendering. */
    var circles = 0;
    specs.forEach(function (s) { s.features.forEach(function (f) { if (f.xy) circles++; }); });
    renderer = new StampCanvas({ padding: 0.1, tolerance: 4, stampCircles: circles >= STAMP_MIN_CIRCLES });
    var land = { color: data.style.land.stroke, weight: 0.7, fillColor: data.style.land.fill, fillOpacity: 1 };
    /* All the land in one group, so an export's canonical drawing order (redrawClean) puts it first. */
    basemapLayer = L.featureGroup();
    L.geoJSON(data.basemap, {
      renderer: renderer, interactive: false, style: land,
      filter: function (f) { return !detailOf(f) && !backdropOf((f.properties || {}).iso_a3).whole; }
    }).addTo(basemapLayer);
    flatten(basemapLayer, function (l) { if (l._latlngs) fastPath(l); });
    data.basemap.features.forEach(function (f) {
      var iso = detailOf(f);
      if (iso) bandedPolygons(f, iso, L.extend({ renderer: renderer, interactive: false }, land))
        .forEach(function (l) { l.addTo(basemapLayer); });
    });
    /* The land's Mercator now, while a held page waits for its window: not once it draws (the
       layers' paths get theirs as they are built). */
    flatten(basemapLayer, function (l) { if (l._latlngs) warmPath(l._latlngs); });
    specs.forEach(function (spec) { groups[spec.id] = buildLayer(spec); });
  }

  function init(leafletMap, payload) {
    if (!prepared) prepare(leafletMap, payload);
    var state = data.state || releasedState;
    if (!state && location.hash.length > 1) {
      try { state = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch (err) { state = null; }
    }
    state = state || { camera: { bounds: [[24.0, 122.5], [45.6, 146.0]] }, layers: specs.map(function (s) { return s.id; }) };
    /* Frame the view before any layer is on the map, so every path is projected once, at its final
       zoom (framing it later re-projects every vertex). Focus needs the layers: later. */
    if (state.camera && !state.camera.focus) setCamera(state.camera);
    basemapLayer.addTo(map);
    labelPane = map.createPane("atlasLabels");
    labelPane.style.zIndex = 640;
    labelPane.style.pointerEvents = "none";
    clusterGroup = L.featureGroup().addTo(map);
    layerControl = L.control.layers(null, null, { collapsed: false, position: "topright" }).addTo(map);
    specs.forEach(function (spec) { layerControl.addOverlay(groups[spec.id], htmlText(spec.label)); });
    layerControl.getContainer().classList.add("atlas-layer-control");
    map.on("overlayadd overlayremove", function () {
      if (applying) return;  /* our own setLayers: the state already says so */
      visible = specs.map(function (s) { return s.id; }).filter(function (id) { return map.hasLayer(groups[id]); });
      if (legendCtl) setLegend(true);
      recluster();
      drawUncertainty();
      post({ type: "layers", layers: visible.slice() });
    });
    map.on("moveend", function () {
      post({ type: "view", center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom(), seq: cameraSeq });
    });
    map.on("click", onMapClick);
    map.on("mousemove", onMouseMove);
    map.on("mouseout movestart zoomstart", function () { hideHoverTip(); setHover(""); });
    map.on("zoomend", function () { recluster(); });
    map.on("moveend resize", function () { recluster(); });
    if (data.dossiers) {
      map.on("atlasselect", function (e) {
        if (!e.id) { map.closePopup(); return; }
        var l = byId[e.id][0], ll = firstCenter(byId[e.id]);
        if (!ll) return;
        L.popup({ maxWidth: 420, maxHeight: 420 }).setLatLng(ll)
          .setContent(dossierNode(data.dossiers[e.id] || l.atlasProps, "atlas-popup")).openOn(map);
      });
    }
    setLayers(state.layers || specs.map(function (s) { return s.id; }));
    setLegend(true);
    E.apply({ camera: state.camera && state.camera.focus ? state.camera : undefined,
              highlight: state.highlight || [], selected: state.selected || "", visible: state.visible,
              filterMode: state.filterMode, ringShapes: state.ringShapes, measureLine: state.measureLine,
              shareChart: state.shareChart, dated: state.dated });
    /* Clusters, labels and the legend's place before the first frame, so that no frame shows the
       map half-way (every facility on its own, no names): ~15 ms more before it is painted. An
       exporter's page ("?export") skips it: each of its pictures is laid out for its own state.
       A held start's map is hidden until now, and shown in this frame. */
    if (!/(^|[?&])export(&|$)/.test(location.search)) reclusterFrame();
    reveal();
    whenPainted(function () {
      isDrawn = true;
      recluster();
      drawnCallbacks.splice(0).forEach(function (fn) { fn(); });
    });
  }

  /** Run fn once every layer is on the map and a frame has been painted. */
  E.onDrawn = function (fn) { if (isDrawn) setTimeout(fn, 0); else drawnCallbacks.push(fn); };

  /* Where the selected facility may really be: a dashed circle of its position_precision_m
     ("pm"), so a point placed at a town (10 km) never reads as a surveyed location. */
  var uncertainty = null;
  function drawUncertainty() {
    if (uncertainty) { uncertainty.remove(); uncertainty = null; }
    var l = selected && (byId[selected] || [])[0];
    var pm = l && l.atlasProps && l.atlasProps.pm;
    if (!pm || !l.getLatLng || !map.hasLayer(l)) return;  /* a hidden facility draws no circle */
    uncertainty = L.circle(l.getLatLng(), { renderer: renderer, interactive: false, radius: pm,
      color: data.style.selected, weight: 1.5, dashArray: "5 5", fill: true, fillOpacity: 0.05 }).addTo(map);
  }
  /** The radius in metres of the selected feature's position-uncertainty circle (0: none). */
  E.uncertaintyRadius = function () { return uncertainty ? uncertainty.getRadius() : 0; };

  E.select = function (id) {
    var prev = selected;
    selected = byId[id] ? id : "";
    if (prev === selected) return selected;
    if (prev) restyle(prev);
    if (selected) restyle(selected);
    drawUncertainty();
    if (!applying) recluster();
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
    var how = { animate: false, reset: exportMode };
    /* A point: at least zoom 9; an export takes 9 itself, not the zoom a batch's last view left. */
    if (b.getNorthEast().equals(b.getSouthWest())) map.setView(b.getCenter(), exportMode ? 9 : Math.max(map.getZoom(), 9), how);
    else map.fitBounds(b, L.extend({ maxZoom: 9, padding: [30, 30] }, how));
    return true;
  };

  /* -- for tests and tooling ---------------------------------------------------------- */

  /** Where a feature is on screen (client pixels). */
  E.screenPoint = function (id) {
    var ll = firstCenter(byId[id]);
    if (!ll) return null;
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

  /** Points of the clustering layers (bases) drawn on their own now, in client pixels. */
  E.unclusteredBases = function () {
    var out = [], r = map.getContainer().getBoundingClientRect();
    specs.forEach(function (spec) {
      if (!spec.cluster || !map.hasLayer(groups[spec.id])) return;
      groups[spec.id].eachLayer(function (l) {
        if (l.atlasClustered || l.atlasGrey || !l.getLatLng) return;
        var p = map.latLngToContainerPoint(l.getLatLng());
        out.push({ id: l.atlasId, x: p.x, y: p.y, cx: p.x + r.left, cy: p.y + r.top });
      });
    });
    return out;
  };

  E.clusterPoints = function () {
    var out = [], r = map.getContainer().getBoundingClientRect();
    Object.keys(clusters).forEach(function (k) {
      clusters[k].forEach(function (c) {
        var p = map.latLngToContainerPoint(c.marker.getLatLng());
        out.push({ n: c.members.length, cx: p.x + r.left, cy: p.y + r.top });
      });
    });
    return out;
  };

  E.clusterCount = function () { return E.clusterPoints().length; };

  /** The first drawn Leaflet layer of a feature (for tests and tooling). */
  E.layerOf = function (id) { return (byId[id] || [])[0] || null; };

  E.state = function () {
    return { center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom(),
             layers: E.visibleLayers(), selected: selected, highlight: highlighted.slice() };
  };

  E.featureCount = function () { return Object.keys(byId).length; };

  /** Features drawn now: on a visible layer, and kept (not hidden or greyed) by the filter
      (reference layers such as towns are context, not features, and are not counted). */
  E.shownCount = function () {
    var seen = {};
    visible.forEach(function (id) {
      var spec = specs.filter(function (s) { return s.id === id; })[0];
      if (spec && spec.interactive === false) return;
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

  /* -- briefing (new, issue 14): the step panel of an exported HTML briefing ------------- */

  var briefingIdx = -1;

  /** Show the guided briefing (payload key "briefing", see export/briefing_html.py) in a side
      panel: title, progress, text, records, sources as links; Previous/Next buttons and the
      keyboard (PageUp/PageDown anywhere, arrow keys outside the map) move the one map to each
      step's state through E.apply. All text enters as textContent. Returns the step count. */
  E.briefing = function (bd) {
    bd = bd || (data && data.briefing);
    if (!bd || !bd.steps || !bd.steps.length || document.querySelector(".atlas-briefing")) return 0;
    var steps = bd.steps;
    var box = el("div", "atlas-briefing");
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", T("briefing"));
    L.extend(box.style, { position: "absolute", top: "10px", left: "54px", bottom: "28px", width: "340px",
      zIndex: 1000, overflowY: "auto", background: "rgba(255,255,255,0.97)", border: "1px solid #999",
      borderRadius: "4px", padding: "10px 12px", font: "13px/1.4 " + T("fonts"), color: "#111",
      boxSizing: "border-box" });
    var head = el("div", "atlas-briefing-title", bd.title);
    head.style.fontWeight = "bold";
    var nav = el("div", "atlas-briefing-nav");
    L.extend(nav.style, { display: "flex", alignItems: "center", justifyContent: "space-between", margin: "6px 0" });
    var prev = el("button", null, T("previous")), next = el("button", null, T("next"));
    var progress = el("span", "atlas-briefing-progress", "");
    prev.type = next.type = "button";
    prev.title = T("previousTip");
    next.title = T("nextTip");
    nav.appendChild(prev); nav.appendChild(progress); nav.appendChild(next);
    var body = el("div", "atlas-briefing-body");
    box.appendChild(head); box.appendChild(nav); box.appendChild(body);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    map.getContainer().appendChild(box);

    function show(i) {
      if (i < 0 || i >= steps.length) return briefingIdx;
      briefingIdx = i;
      var s = steps[i];
      progress.textContent = (i + 1) + " / " + steps.length;
      prev.disabled = i === 0;
      next.disabled = i === steps.length - 1;
      body.textContent = "";
      body.appendChild(el("h2", "atlas-briefing-step", s.title)).style.fontSize = "17px";
      s.paragraphs.forEach(function (p) { body.appendChild(el("p", null, p)); });
      if (s.records.length) {
        body.appendChild(el("h4", null, T("records")));
        var ul = body.appendChild(el("ul"));
        s.records.forEach(function (r) { ul.appendChild(el("li", null, r.name)); });
      }
      if (s.sources.length) {
        body.appendChild(el("h4", null, T("sources")));
        s.sources.forEach(function (c) { body.appendChild(citeNode(c)); });
      }
      body.scrollTop = 0; box.scrollTop = 0;
      map.closePopup();
      E.apply(s.state);
      return i;
    }
    prev.addEventListener("click", function () { show(briefingIdx - 1); });
    next.addEventListener("click", function () { show(briefingIdx + 1); });
    document.addEventListener("keydown", function (e) {
      var inMap = map.getContainer().contains(document.activeElement) && !box.contains(document.activeElement);
      if (e.key === "PageDown" || (!inMap && e.key === "ArrowRight")) { show(briefingIdx + 1); e.preventDefault(); }
      else if (e.key === "PageUp" || (!inMap && e.key === "ArrowLeft")) { show(briefingIdx - 1); e.preventDefault(); }
    });
    show(0);
    box.focus();
    return steps.length;
  };

  /** The briefing step shown now (0-based), or -1. */
  E.briefingStep = function () { return briefingIdx; };

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

  /* One point symbol on a 2D context: a circle or diamond, filled solid, half or struck through,
     so that classes differ by pattern as well as by colour. */
  function drawPoint(ctx, x, y, r, o) {
    var pattern = o.pattern || "solid";
    function path() {
      ctx.beginPath();
      if (pattern === "diamond") {
        var d = r * 1.3;
        ctx.moveTo(x, y - d); ctx.lineTo(x + d, y); ctx.lineTo(x, y + d); ctx.lineTo(x - d, y); ctx.closePath();
      } else {
        ctx.arc(x, y, r, 0, Math.PI * 2, false);
      }
    }
    function stroke() {
      if (o.stroke === false || !o.weight) return;
      if (ctx.setLineDash) ctx.setLineDash([]);
      ctx.globalAlpha = o.opacity; ctx.lineWidth = o.weight; ctx.strokeStyle = o.color; ctx.stroke();
    }
    path();
    if (o.fill !== false) {
      ctx.globalAlpha = o.fillOpacity;
      ctx.fillStyle = pattern === "half" ? "#ffffff" : (o.fillColor || o.color);
      ctx.fill();
    }
    if (pattern === "half" && o.fill !== false) {  /* the left half filled: "partly returned / return planned" */
      ctx.beginPath();
      ctx.arc(x, y, r, Math.PI / 2, Math.PI * 1.5, false);
      ctx.closePath();
      ctx.fillStyle = o.fillColor || o.color;
      ctx.fill();
    }
    if (o.hatch && o.fill !== false) {  /* "start date unknown": diagonal hatching inside the symbol */
      ctx.save();
      path();
      ctx.clip();
      ctx.beginPath();
      for (var h = -2 * r; h <= 2 * r; h += 3.5) { ctx.moveTo(x + h - 1.5 * r, y + 1.5 * r); ctx.lineTo(x + h + 1.5 * r, y - 1.5 * r); }
      ctx.globalAlpha = 0.9; ctx.lineWidth = 1.2; ctx.strokeStyle = o.fillColor || o.color;
      ctx.stroke();
      ctx.restore();
    }
    path();
    if (o.hatch && o.stroke !== false && o.weight) {
      ctx.setLineDash([2, 2]);
      ctx.globalAlpha = o.opacity; ctx.lineWidth = o.weight; ctx.strokeStyle = o.color; ctx.stroke();
      ctx.setLineDash([]);
    } else {
      stroke();
    }
    if (pattern === "cross") {  /* struck through: "returned" */
      var k = r * 0.7;
      ctx.beginPath();
      ctx.moveTo(x - k, y - k); ctx.lineTo(x + k, y + k); ctx.moveTo(x + k, y - k); ctx.lineTo(x - k, y + k);
      stroke();
    }
    ctx.globalAlpha = 1;
  }

  var StampCanvas = L.Canvas.extend({
    _updateCircle: function (layer) {
      if (!this._drawing || layer._empty()) return;
      var o = layer.options, r = Math.max(Math.round(layer._radius), 1), p = layer._point;
      if (!o.opacity && !o.fillOpacity) return;  /* merged into a cluster, or a nameless town */
      if ((Math.max(Math.round(layer._radiusY), 1) || r) !== r || o._dashArray) {
        L.Canvas.prototype._updateCircle.call(this, layer);
        return;
      }
      if (!this.options.stampCircles) {
        drawPoint(this._ctx, p.x, p.y, layer._radius, o);
        return;
      }
      var stamp = this._stamp(o, r);
      this._ctx.drawImage(stamp.canvas, Math.round(p.x) - stamp.half, Math.round(p.y) - stamp.half, stamp.size, stamp.size);
    },

    _stamp: function (o, r) {
      var key = [r, o.pattern, o.fill, o.fillColor, o.fillOpacity, o.stroke, o.color, o.weight, o.opacity, !!o.hatch].join("|");
      var stamps = this._stamps || (this._stamps = {});
      if (stamps[key]) return stamps[key];
      var scale = L.Browser.retina ? 2 : 1;  /* as L.Canvas scales its own context */
      var half = Math.ceil(r * 1.3 + (o.stroke ? o.weight / 2 : 0) + 1), size = 2 * half;
      var canvas = document.createElement("canvas");
      canvas.width = canvas.height = size * scale;
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      drawPoint(ctx, half, half, r, o);
      return (stamps[key] = { canvas: canvas, half: half, size: size });
    }
  });

  /* Held until release (see E.release): what Python calls on the map waits for init. */
  ["apply", "addLayer", "removeLayer", "setLayerStyle", "setTool", "stampCircles", "select", "highlight", "flyTo"]
    .forEach(function (name) { E[name] = gated(E[name]); });
})();
