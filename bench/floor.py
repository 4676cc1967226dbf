"""The floor: the least a PySide6 program can do to show our basemap.

A bare ``QWebEngineView`` loads a static page (Leaflet from the installed
XStatic package, the Natural Earth basemap from ``geodata/basemap/``) and
quits once the map has drawn and Qt has painted a frame. No catalog, no
folium, no web channel, no scheme handler, no panel: everything the real app
does on top of this is overhead the user waits for.

Run as ``python -m bench.floor [--size WxH] [--screenshot x.png] [--page FILE]``. It
prints ``BENCH drawn <unix ms>`` when the page says it has drawn (two
animation frames after adding the layer), ``BENCH visible <unix ms>`` once a
grab of the view shows the map (bench/visible.py, the same test the app
probe applies to the app), then the page's navigation timings, and quits.

``--page FILE`` loads another page instead, by file URL, and waits for a grab
that shows the map from the moment it has loaded: given the app's own cached
page, it measures what that page costs with none of the window around it (the
bench's "page alone" row), the least the app's start could reach.

The page is what a careful minimal program would write: the basemap inline
as a JSON script parsed with ``JSON.parse`` (as the app embeds its payload;
an inline JS object literal of the same 1.3 MB compiles ~40 ms slower), the
canvas renderer (the app page uses ``prefer_canvas``), the same land and sea
colours, the same start view (the ``japan`` bounds) and the app's default
window size, 1400x900.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}">
<script src="{js}"></script>
<style>html,body,#map{{margin:0;height:100%;width:100%}} #map{{background:#d4e6f1}}</style>
</head><body><div id="map"></div>
<script type="application/json" id="basemap">{basemap}</script>
<script>
var map = L.map("map", {{preferCanvas: true}});
map.fitBounds([[24.0, 122.5], [45.6, 146.0]], {{animate: false}});
L.geoJSON(JSON.parse(document.getElementById("basemap").textContent), {{interactive: false,
  style: {{color: "#a89f91", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1}}}}).addTo(map);
requestAnimationFrame(function () {{ requestAnimationFrame(function () {{ document.title = "drawn"; }}); }});
</script></body></html>
"""


def write_page(directory: Path) -> Path:
    """The floor page: Leaflet by file URL from site-packages, the basemap inline."""
    import xstatic.pkg.leaflet as xs

    leaflet = Path(xs.BASE_DIR)
    basemap = ROOT / "geodata" / "basemap" / "ne10m_region.geojson"  # the small-scale units
    text = basemap.read_text(encoding="utf-8")
    page = directory / "floor.html"
    page.write_text(PAGE.format(css=(leaflet / "leaflet.css").as_uri(), js=(leaflet / "leaflet.js").as_uri(),
                                basemap=text.replace("</", "<\\/")), encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("--size", default="1400x900", help="window size, WIDTHxHEIGHT (the app's default)")
    parser.add_argument("--screenshot", help="save the drawn frame to this PNG")
    parser.add_argument("--page", help="load this HTML file instead of the floor's page")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--disable-gpu" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --disable-gpu").strip()
    from PySide6.QtWebEngineWidgets import QWebEngineView  # before the QApplication
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory(prefix="bench-floor-")
    page = Path(args.page) if args.page else write_page(Path(tmp.name))
    view = QWebEngineView()
    view.resize(width, height)

    from bench.visible import NAV_TIMING_JS, when_visible

    def done(grabs: int) -> None:
        print(f"BENCH visible {time.time() * 1000:.1f}", flush=True)
        print(f"BENCH grabs {grabs}", flush=True)
        view.page().runJavaScript(NAV_TIMING_JS, 0, lambda raw: (print(f"BENCH page {raw}", flush=True), quit_()))

    def quit_() -> None:
        if args.screenshot and not view.grab().save(args.screenshot):
            print("floor: could not save the screenshot", file=sys.stderr)
        view.close()
        app.quit()

    def on_title(title: str) -> None:
        if title == "drawn":
            print(f"BENCH drawn {time.time() * 1000:.1f}", flush=True)
            when_visible(view, done)

    def on_loaded(_ok: bool) -> None:
        print(f"BENCH drawn {time.time() * 1000:.1f}", flush=True)
        when_visible(view, done)

    if args.page:
        view.loadFinished.connect(on_loaded)
    else:
        view.titleChanged.connect(on_title)
    view.load(QUrl.fromLocalFile(str(page)))
    view.show()
    code = app.exec()
    del view
    tmp.cleanup()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
