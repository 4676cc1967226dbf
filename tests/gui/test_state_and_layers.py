"""One map state, open layers: a fourth layer is one LayerSpec plus data; exports keep the state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Feature
from explorer.mapping.layers import LayerSpec
from explorer.mapping.state import Camera, ExportOptions, MapState
from explorer.mapping.style import Symbol
from explorer.workspace import Workspace
from tests.gui.conftest import Page, close_window, open_window

pytestmark = pytest.mark.gui

PIN = Symbol("pin-test", "Test pin", "pins", "point", "#000000", "#00ff66", 1.0, 1.5, 9)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pins_workspace(fixture_dir):
    """A throwaway fourth kind of layer: one spec plus its features, opened in a workspace."""
    pins = [Feature(id=f"pin:{i}", layer="pins", name=f"Test pin {i}", lat=lat, lon=lon,
                    geometry={"type": "Point", "coordinates": [lon, lat]})
            for i, (lat, lon) in enumerate([(26.45, 128.05), (26.2, 127.75)])]
    ws = Workspace(Catalog.load(fixture_dir))
    ws.add_source(LayerSpec("pins", "Pins", "pin:", (PIN,), hit_priority=40, z=40, source="user"), pins)
    return ws


def test_a_fourth_layer_is_one_spec_plus_data(qtbot, pins_workspace, tmp_path):
    pins_catalog = pins_workspace.catalog
    win = open_window(qtbot, pins_workspace)
    try:
        page = Page(qtbot, win.map)
        assert page.js("AtlasExplorer.featureCount()") == len(pins_catalog.features) + len(pins_catalog.places)
        assert "pins" in page.js("AtlasExplorer.visibleLayers()")
        assert "pins" in win.layer_actions  # a toggle, from the registry
        legend = page.js("document.querySelector('.atlas-legend').textContent")
        assert "Pins" in legend and "Test pin" in legend
        win.go_to_view("okinawa")
        qtbot.waitUntil(lambda: page.js("AtlasExplorer.map().getZoom()") >= 9, timeout=5000)
        with qtbot.waitSignal(win.map.featureClicked, timeout=5000) as sig:
            page.click_feature("pin:0")
        assert sig.args == ["pins", "pin:0"]  # the bridge accepts a registered layer's feature
        qtbot.waitUntil(lambda: "Test pin 0" in win.panel.text(), timeout=5000)
        win.layer_actions["pins"].setChecked(False)
        qtbot.waitUntil(lambda: "pins" not in page.js("AtlasExplorer.visibleLayers()"), timeout=5000)
    finally:
        close_window(win)
    from explorer.export.geo import export_geo

    out = export_geo(pins_workspace, MapState(layers=("pins", "bases")), tmp_path / "pins.geojson", "geojson")
    ids = {f["properties"]["id"] for f in json.loads(out.read_text())["features"]}
    assert {"pin:0", "pin:1"} <= ids


def test_export_after_a_provision_highlight_keeps_it(qtbot, window, tmp_path):
    from PySide6.QtGui import QImage

    from explorer.export.snapshot import SnapshotJob, SnapshotRequest

    window.go_to_view("okinawa")
    window.highlight_provision("provision:treaty1960-art6")
    state = window.session.state
    assert state.highlight and "base:kadena" in state.highlight

    def amber(path: Path) -> int:
        image = QImage(str(path))
        n = 0
        for y in range(0, image.height(), 2):
            for x in range(0, image.width(), 2):
                c = image.pixelColor(x, y)
                n += abs(c.red() - 255) < 20 and abs(c.green() - 176) < 24 and c.blue() < 40
        return n

    shots = {}
    for name, st in (("lit", state), ("plain", state.with_(highlight=()))):
        job = SnapshotJob(window.workspace, SnapshotRequest(st, ExportOptions("png", 700, 500, legend=False)),
                          tmp_path / f"{name}.png")
        with qtbot.waitSignal(job.finished, timeout=60000):
            job.start()
        shots[name] = amber(tmp_path / f"{name}.png")
    assert shots["lit"] > 100 and shots["plain"] < shots["lit"] / 10, shots


def _run(code: str, env: dict) -> list[str]:
    prog = textwrap.dedent(code) + textwrap.dedent("""
        import json as _json, sys as _sys
        print("MODULES=" + _json.dumps(sorted({m.split(".")[0] for m in _sys.modules})))
    """)
    proc = subprocess.run([sys.executable, "-c", prog], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("MODULES=")][-1]
    return json.loads(line.removeprefix("MODULES="))


@pytest.mark.parametrize("fmt", ["png", "html"])
def test_a_warm_export_imports_neither_folium_nor_geopandas(tmp_path, fmt):
    env = {**os.environ, "ALLIANCE_EXPLORER_CACHE": str(tmp_path / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    code = """
        import contextlib, io, sys
        from explorer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["export", "--out", sys.argv[1], "--view", "okinawa", "--size", "400x300", "--force"]) == 0
    """.replace("sys.argv[1]", repr(str(tmp_path / f"map.{fmt}")))
    cold = _run(code, env)
    assert "folium" in cold  # the first export built the shell
    warm = _run(code, env)
    assert "folium" not in warm and "geopandas" not in warm and "pandas" not in warm


def test_batch_export_renders_every_snapshot_in_one_process(tmp_path, capsys):
    from PySide6.QtGui import QImage

    from explorer.cli import main

    batch = tmp_path / "batch.toml"
    batch.write_text(textwrap.dedent("""
        [[snapshot]]
        out = "okinawa.png"
        view = "okinawa"
        select = "base:futenma"
        size = "640x480"
        title = "Futenma"

        [[snapshot]]
        out = "korea@2x.png"
        view = "korea"
        layers = "states,bases"
        size = "300x200"
        scale = 2

        [[snapshot]]
        out = "futenma.pdf"
        view = "okinawa"
        select = "base:futenma"

        [[snapshot]]
        out = "bases.geojson"
        layers = "bases"
    """), encoding="utf-8")
    assert main(["export", "--batch", str(batch)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == ["bases.geojson", "futenma.pdf", "korea@2x.png", "okinawa.png"]
    assert (QImage(str(tmp_path / "okinawa.png")).width(), QImage(str(tmp_path / "okinawa.png")).height()) == (640, 480)
    assert QImage(str(tmp_path / "korea@2x.png")).width() == 600
    assert (tmp_path / "futenma.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("body, message", [
    ('[[snapshot]]\nout = "a.png"\nzoom = 3\n', "unknown key"),
    ('[[snapshot]]\nview = "okinawa"\n', "'out' is required"),
    ('[[snapshot]]\nout = "a.png"\nview = "atlantis"\n', "unknown view"),
    ('[[snapshot]]\nout = "a.png"\n[[snapshot]]\nout = "a.png"\n', "written twice"),
    ("title = 'no tables'\n", "[[snapshot]]"),
    ("[[snapshot]\n", "cannot read"),
])
def test_bad_batch_files_give_one_line_and_write_nothing(tmp_path, capsys, body, message):
    from explorer.cli import main

    batch = tmp_path / "batch.toml"
    batch.write_text(body, encoding="utf-8")
    assert main(["export", "--batch", str(batch)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.toml"]


def test_filter_rings_and_measure_reach_the_map(qtbot, window):
    from explorer.atlas.query import Filter

    page = Page(qtbot, window.map)
    everything = page.js("AtlasExplorer.shownCount()")
    window.session.update(filter=Filter(service={"USMC"}).to_json())
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.shownCount()") < everything, timeout=5000)
    usmc = [f for f in window.catalog.layer("bases") if f.service == "USMC"]
    assert page.js("AtlasExplorer.shownCount()") == len(usmc)
    window.session.update(filter=None, rings=({"id": "r", "label": "1,000 km", "lat": 39.0, "lon": 125.7, "km": 1000},),
                          measure=((26.35, 127.77), (25.03, 121.57)))
    qtbot.waitUntil(lambda: page.js("AtlasExplorer.shownCount()") == everything, timeout=5000)
    qtbot.waitUntil(lambda: any("1,000 km" in t for t in page.js("AtlasExplorer.overlayText()")), timeout=5000)
    assert any("total" in t for t in page.js("AtlasExplorer.overlayText()"))


def test_the_share_chart_turns_on_from_the_view_menu(qtbot, window):
    page = Page(qtbot, window.map)
    assert page.js("document.querySelector('.atlas-share')") is None
    window.share_action.trigger()
    assert window.session.state.share_chart is True
    qtbot.waitUntil(lambda: bool(page.js("document.querySelector('.atlas-share') !== null")), timeout=5000)
    text = page.js("document.querySelector('.atlas-share').textContent")
    assert "Okinawa" in text and "70.3%" in text and "29.7%" in text
    window.share_action.trigger()
    qtbot.waitUntil(lambda: page.js("document.querySelector('.atlas-share') === null"), timeout=5000)
