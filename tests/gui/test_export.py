"""Snapshots checked for real content: pixels, PDF text, a working offline HTML file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from explorer.workspace import Workspace
from explorer.export.snapshot import SnapshotJob, SnapshotRequest, is_blank
from explorer.mapping.state import Camera, ExportOptions, MapState
from explorer.mapping.views import VIEWS

pytestmark = pytest.mark.gui

BASE_RED = (0xC8, 0x10, 0x2E)


def render(qtbot, catalog, out: Path, state: MapState, options: ExportOptions) -> Path:
    from explorer.export.qtjob import picture_job

    job = picture_job(Workspace(catalog), state, options.with_(fmt=out.suffix[1:]), out)
    with qtbot.waitSignals([job.finished], timeout=60000, raising=True,
                           check_params_cbs=[lambda path: path == str(out)]):
        job.start()
    return out


def _project(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates, as Leaflet's EPSG:3857 CRS computes them."""
    scale = 256 * 2 ** zoom
    x = (lon + 180) / 360 * scale
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def okinawa_box(width: int, height: int) -> tuple[float, float, float, float]:
    """Where Leaflet's fitBounds puts the Okinawa view's bounds in a width x height map."""
    (south, west), (north, east) = VIEWS["okinawa"].bounds
    zoom = max(z for z in range(0, 15)
               if _project(south, east, z)[0] - _project(north, west, z)[0] <= width
               and _project(south, west, z)[1] - _project(north, west, z)[1] <= height)
    x0, y1 = _project(south, west, zoom)
    x1, y0 = _project(north, east, zoom)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (x0 - cx + width / 2, y0 - cy + height / 2, x1 - cx + width / 2, y1 - cy + height / 2)


def test_png_has_the_requested_size_and_base_symbols_on_okinawa(qtbot, catalog, tmp_path):
    from PySide6.QtGui import QImage

    out = render(qtbot, catalog, tmp_path / "okinawa.png", MapState(camera=Camera("okinawa")),
                 ExportOptions("png", 900, 700, title="Okinawa", legend=False, source_line=False))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 700)
    assert not is_blank(image)
    x0, y0, x1, y1 = okinawa_box(900, 700)
    inside = outside = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - BASE_RED[0]) < 25 and c.green() < 50 and abs(c.blue() - BASE_RED[2]) < 30:
                if x0 - 15 <= x <= x1 + 15 and y0 - 15 <= y <= y1 + 15:
                    inside += 1
                else:
                    outside += 1
    assert inside > 150, "no base symbols drawn over Okinawa"
    assert outside < inside * 0.1


def test_png_scale_two_doubles_pixels(qtbot, catalog, tmp_path):
    from PySide6.QtGui import QImage

    out = render(qtbot, catalog, tmp_path / "x2.png", MapState(), ExportOptions("png", 500, 400, scale=2.0))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 800)
    assert not is_blank(image)


def test_pdf_is_a_paged_sheet_with_the_dossier_as_text(qtbot, catalog, tmp_path):
    """The window's PDF is the one PDF pipeline's: A4 pages, never one tall page."""
    from pypdf import PdfReader

    state = MapState(camera=Camera("okinawa"), selected="base:futenma")
    out = render(qtbot, catalog, tmp_path / "futenma.pdf", state,
                 ExportOptions("pdf", title="Futenma and the alliance", dossier=True))
    assert out.read_bytes().startswith(b"%PDF")
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    for page in reader.pages:  # A4 portrait, in points
        assert abs(float(page.mediabox.width) - 595.3) < 2 and abs(float(page.mediabox.height) - 841.9) < 2
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Futenma and the alliance" in text
    for p in catalog.dossier("base:futenma").provisions:
        assert p.title.split()[0] in text and p.short.split(",")[0] in text
    assert "Futenma relocation to Henoko" in text
    assert "Natural Earth" in text


def test_failed_capture_leaves_no_file(qtbot, catalog, tmp_path):
    job = SnapshotJob(Workspace(catalog), SnapshotRequest(MapState(), ExportOptions()), tmp_path / "gone.png")
    with qtbot.waitSignal(job.failed, timeout=60000) as sig:
        job.start()
        job.cancel()
    assert "cancelled" in sig.args[0]
    assert list(tmp_path.iterdir()) == []


def test_exported_html_works_offline(qtbot, catalog, tmp_path):
    from explorer.export.html import export_html
    from tests.gui.conftest import OfflineView

    out = export_html(Workspace(catalog), MapState(camera=Camera("okinawa"), selected="base:kadena"), tmp_path / "atlas.html")
    with OfflineView(qtbot, out) as off:
        assert off.loaded
        tester = off.page
        assert tester.js("typeof L") == "object"
        assert tester.js("AtlasExplorer.featureCount()") == len(catalog.features) + len(catalog.places)
        assert sorted(tester.js("AtlasExplorer.visibleLayers()")) == ["bases", "places", "states", "threats"]
        assert tester.js("AtlasExplorer.state().selected") == "base:kadena"
        # The selected feature's popup shows its dossier, built as text.
        popup = tester.js("document.querySelector('.atlas-popup') && document.querySelector('.atlas-popup').textContent")
        assert popup and "Kadena" in popup and "Treaty provisions" in popup
    assert off.requests == []


@pytest.mark.parametrize("fmt", ["geojson", "png"])
def test_export_dialog_writes_and_confirms_overwrite(qtbot, window, tmp_path, monkeypatch, fmt):
    from PySide6.QtWidgets import QMessageBox

    from explorer.gui.export_dialog import ExportDialog

    window.select_feature("base:futenma")
    dialog = ExportDialog(window, window.workspace, window.session.state)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.width_box.setValue(600)
    dialog.height_box.setValue(400)
    target = tmp_path / f"map.{fmt}"
    dialog.path.setText(str(target))
    if fmt == "png":
        with qtbot.waitSignal(dialog.accepted, timeout=60000):
            dialog.start()
    else:
        dialog.start()
    assert dialog.written == target and target.stat().st_size > 1000
    before = target.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.start()
    assert target.read_bytes() == before


def test_export_dialog_reports_errors_and_app_stays_up(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from explorer.gui.export_dialog import ExportDialog

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog = ExportDialog(window, window.workspace, window.session.state)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("geojson"))
    dialog.path.setText(str(tmp_path / "missing" / "map.geojson"))
    dialog.start()
    assert warnings and "does not exist" in warnings[0]
    assert window.isVisible()
