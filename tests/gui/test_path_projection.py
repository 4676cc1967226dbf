"""The page's own projection of its paths puts every vertex on the pixel Leaflet's projection gives it.

The rings of the paths built from the data (the land, states, ranges, tracks)
keep their Web Mercator coordinates, so that a zoom projects them with a
multiply and a round instead of Leaflet's sine and logarithm per vertex (a
start's first projection of the land alone was ~45 ms of its critical path). A
faster projection that moved a coast or a border by one pixel would be a wrong
map: each such path is projected both ways, at the start's view and zoomed in
to the islands (where the detailed coast's polygons project), and every vertex
and every path's pixel box must agree exactly; so must the parts a polygon draws,
which are not clipped when the polygon lies wholly inside the view.
"""

from __future__ import annotations

import pytest

from tests.gui.conftest import Page

pytestmark = pytest.mark.gui

COMPARE = """(function () {
  var map = AtlasExplorer.map(), leaflet = L.Polyline.prototype._projectLatlngs;
  var out = {paths: 0, land: 0, user: 0, points: 0, off: 0, clipped: 0, clipOff: 0, drawn: 0, zoom: map.getZoom()};
  /* Leaflet's projection, vertex by vertex (its own _projectLatlngs would recurse into the override). */
  function reference(latlngs, result, bounds) {
    if (latlngs[0] instanceof L.LatLng) {
      result.push(latlngs.map(function (ll) { var p = map.latLngToLayerPoint(ll); bounds.extend(p); return p; }));
    } else latlngs.forEach(function (inner) { reference(inner, result, bounds); });
  }
  Object.keys(map._layers).forEach(function (k) {
    var l = map._layers[k];
    if (!l._latlngs || l._projectLatlngs === leaflet) return;
    out.paths++;
    if (l.atlasId === undefined) out.land++;
    if (l.atlasSpec && l.atlasSpec.source === "user") out.user++;
    var a = [], b = [], ba = new L.Bounds(), bb = new L.Bounds();
    l._projectLatlngs(l._latlngs, a, ba);
    reference(l._latlngs, b, bb);
    if (a.length !== b.length) out.off++;
    a.forEach(function (ring, i) {
      ring.forEach(function (p, j) {
        out.points++;
        var q = (b[i] || [])[j];
        if (!q || p.x !== q.x || p.y !== q.y) out.off++;
      });
    });
    if (ba.isValid() !== bb.isValid() || (ba.isValid() && !(ba.min.equals(bb.min) && ba.max.equals(bb.max)))) out.off++;
    /* A polygon inside the view is not clipped: its parts must be what Leaflet's clipping makes. */
    if (l instanceof L.Polygon && l._clipPoints !== L.Polygon.prototype._clipPoints) {
      var parts = function () { return JSON.stringify(l._parts.map(function (r) { return r.map(function (p) { return [p.x, p.y]; }); })); };
      l._clipPoints();
      var fast = parts();
      L.Polygon.prototype._clipPoints.call(l);
      out.clipped++;
      if (fast !== parts()) out.clipOff++;
      if (l._parts.length) out.drawn++;
      l._clipPoints(); l._simplifyPoints();
    }
  });
  return out;
})()"""


def test_the_land_and_the_layers_paths_are_projected_to_leaflets_pixels(qtbot, window):
    page = Page(qtbot, window.map)
    start = page.js(COMPARE)
    # The fast path is the one drawing the land and the layers' paths.
    assert start["land"] > 50 and start["paths"] > start["land"] + 20 and start["points"] > 10000, start
    assert start["off"] == 0 and start["clipped"] > 50 and start["drawn"] > 10 and start["clipOff"] == 0, start

    # Okinawa close up: the detailed coast's polygons project from their band's zoom on.
    page.js("(AtlasExplorer.map().setView([26.4, 127.8], 11, {animate: false}), 0)")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getZoom()") == 11, timeout=10000)
    close = page.js(COMPARE)
    assert close["points"] > 1000, close
    assert close["off"] == 0 and close["clipOff"] == 0 and close["drawn"] > 0, close


def test_a_user_layers_polygon_and_line_project_as_leaflet_would(qtbot, window, tmp_path):
    """A user's own layer meets the page's projection: its paths are built from data too, opened later."""
    import json

    from tests.gui.conftest import open_layer

    ring = [[127.70, 26.20], [127.90, 26.20], [127.95, 26.45], [127.72, 26.50], [127.70, 26.20]]
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "zone"}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
        {"type": "Feature", "properties": {"name": "route"},
         "geometry": {"type": "LineString", "coordinates": [[127.6, 26.1], [127.8, 26.3], [128.0, 26.6]]}}]}),
        encoding="utf-8")
    open_layer(qtbot, window, path)
    page = Page(qtbot, window.map)
    qtbot.waitUntil(lambda: page.js(COMPARE)["user"] == 2, timeout=10000)
    page.js("(AtlasExplorer.map().setView([26.35, 127.8], 10, {animate: false}), 0)")
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getZoom()") == 10, timeout=10000)
    close = page.js(COMPARE)
    assert close["user"] == 2 and close["off"] == 0 and close["clipOff"] == 0, close
