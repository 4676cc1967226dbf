"""``export --project`` to PNG draws the project's user layers at the requested size; so does the dialog's path."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from explorer.cli import main
from explorer.mapping import project as proj
from explorer.mapping.state import Camera, MapState
from explorer.mapping.userlayer import UserStyle

pytestmark = pytest.mark.gui
MAGENTA = "#ff00ff"


def _magenta(img: QImage) -> int:
    """Pixels that are clearly magenta-tinted (red and blue well above green): the layer's fill or outline."""
    n = 0
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = img.pixelColor(x, y)
            if c.red() - c.green() > 60 and c.blue() - c.green() > 60:
                n += 1
    return n


def test_export_project_png_has_size_and_user_layer(qtbot, tmp_path):
    from explorer.atlas.userlayers import LoadRequest, read_layer

    area = tmp_path / "area.geojson"
    area.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Box"},'
                    '"geometry":{"type":"Polygon","coordinates":[[[136,36],[138,36],[138,37.5],[136,37.5],[136,36]]]}}]}')
    loaded = read_layer(LoadRequest(area, layer_id="user-area"))
    state = MapState(camera=Camera(center=(36.7, 137.0), zoom=7.0), layers=("states", "user-area"))
    path = tmp_path / "box.aeproj"
    proj.save(proj.snapshot(state, [], [(loaded, UserStyle(MAGENTA, "circle", 1.0))], path), path)
    with_layer, without = tmp_path / "with.png", tmp_path / "without.png"
    assert main(["--no-cache", "export", "--project", str(path), "--size", "900x600", "--no-legend",
                 "--out", str(with_layer)]) == 0
    assert main(["--no-cache", "export", "--view", "36.7,137.0,7", "--layers", "states", "--size", "900x600",
                 "--no-legend", "--out", str(without)]) == 0
    a, b = QImage(str(with_layer)), QImage(str(without))
    assert (a.width(), a.height()) == (b.width(), b.height()) == (900, 600)
    # the box (magenta outline and fill) is drawn only when the project's layer is there
    assert _magenta(a) > 5000 and _magenta(b) == 0


def test_export_draws_a_user_point_above_the_merged_symbol(qtbot, tmp_path):
    import math

    from explorer.atlas.userlayers import LoadRequest, read_layer
    from tests import userlayer_files as files

    green = "#1b9e77"
    loaded = read_layer(LoadRequest(files.csv(tmp_path), layer_id="user-places"))
    lat0, lon0, zoom, w, h = 29.0, 130.0, 5.0, 800, 600
    state = MapState(camera=Camera(center=(lat0, lon0), zoom=zoom), layers=("bases", "user-places"))
    path = tmp_path / "places.aeproj"
    proj.save(proj.snapshot(state, [], [(loaded, UserStyle(green, "circle", 1.0))], path), path)
    out = tmp_path / "places.png"
    assert main(["--no-cache", "export", "--project", str(path), "--size", f"{w}x{h}", "--no-legend",
                 "--out", str(out)]) == 0
    img = QImage(str(out))

    def merc(lat: float, lon: float) -> tuple[float, float]:
        s = 256 * 2 ** zoom
        return (lon + 180) / 360 * s, (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat)))
                                       / math.pi) / 2 * s

    (cx, cy), (nx, ny) = merc(lat0, lon0), merc(26.22, 127.67)  # Naha port, on Okinawa's merged symbol
    x0, y0 = round(w / 2 + nx - cx), round(h / 2 + ny - cy)
    near = [img.pixelColor(x, y) for x in range(x0 - 6, x0 + 7) for y in range(y0 - 6, y0 + 7)]
    ours = sum(abs(c.red() - 0x1b) < 30 and abs(c.green() - 0x9e) < 30 and abs(c.blue() - 0x77) < 30 for c in near)
    merged = sum(c.red() - c.green() > 80 and c.red() - c.blue() > 60 for c in near)  # the merged symbol's red
    assert merged > 0 and ours > 30, (merged, ours)
