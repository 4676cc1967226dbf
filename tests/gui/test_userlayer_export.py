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
