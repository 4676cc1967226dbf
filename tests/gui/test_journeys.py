"""Journeys across features, in the real window: where one feature meets another.

Each test walks a corridor a user walks, through the window's real widgets
and events: a user layer then search; bookmarks then the Bookmarks menu; a
date then every export; a batch against its single exports; a project with a
user layer and a bookmark to PDF; a poisoned settings file at start; Back and
Forward; Esc with a tool active.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from explorer.atlas.catalog import Catalog
from explorer.mapping.state import Camera, ExportOptions, MapState
from explorer.workspace import Workspace
from tests import userlayer_files as files
from tests.gui.conftest import close_window, open_layer, open_window

pytestmark = pytest.mark.gui


def _pixels(path: Path) -> np.ndarray:
    im = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(im.constBits(), np.uint8).reshape(im.height(), im.bytesPerLine() // 4, 4)
    return raw[:, :im.width(), :3].copy()


def test_a_user_layer_then_search_finds_its_features_after_the_atlas(qtbot, tmp_path, geodata_dir):
    """Search once a CSV layer is open: it used to raise KeyError on the layer's kind."""
    window = open_window(qtbot, geodata_dir)
    try:
        lid = open_layer(qtbot, window, files.csv(tmp_path))
        panel = window.panel
        panel.search.setFocus()
        QTest.keyClicks(panel.search, "port")
        rows = [panel.results.item(i) for i in range(panel.results.count())]
        ids = [r.data(Qt.ItemDataRole.UserRole) for r in rows]
        users = [i for i in ids if i and i.startswith(f"user:{lid}:")]
        assert len(users) == 2, [r.text() for r in rows]  # Naha port, Kushiro port
        assert all(not i.startswith("user:") for i in ids[:len(ids) - len(users)])  # the atlas's own first
        user_row = rows[ids.index(users[0])]
        assert user_row.text().startswith("Your layer — ") and "places.csv" in user_row.text()
        # Enter on a user hit selects it and the panel shows its attributes.
        panel.results.setCurrentRow(ids.index(users[0]))
        QTest.keyClick(panel.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.session.state.selected == users[0], timeout=5000)
        assert "not sourced or checked by Alliance Explorer" in panel.text()
        # Removing the layer takes its features out of search at once.
        window.user_layers.remove(lid)
        panel.search.clear()
        QTest.keyClicks(panel.search, "Kushiro port")
        ids = [panel.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.results.count())]
        assert not [i for i in ids if i and i.startswith("user:")]
        assert window.session.state.selected == ""
    finally:
        close_window(window)


def test_three_bookmarks_then_the_bookmarks_menu(qtbot, geodata_dir):
    """The menu opened twice lists every bookmark; it used to raise on every opening."""
    window = open_window(qtbot, geodata_dir)
    try:
        marks = window.bookmarks
        marks.items = []
        for name, view in (("Okinawa & Kadena", "okinawa"), ("Korea", "korea"), ("Region", "region")):
            window.go_to_view(view)
            marks.add(name)
        menu = window.menu("bookmarks")
        for _ in range(2):  # each opening rebuilds nothing it does not own
            menu.aboutToShow.emit()
            texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]
            assert texts == ["&Add bookmark…", "&Manage bookmarks", "Okinawa && Kadena", "Korea", "Region"]
        entry = next(a for a in menu.actions() if a.text() == "Korea")
        entry.trigger()
        assert window.session.state.camera.view == "korea"
        # Manage opens the dock; deleting a bookmark there updates the menu.
        window.action("bookmarks-dock").trigger()
        assert marks.dock.isVisible()
        marks.delete(0)
        assert [a.text() for a in menu.actions() if not a.isSeparator()][2:] == ["Korea", "Region"]
    finally:
        close_window(window)


def _dossier_provisions(dd: dict) -> list[str]:
    return [p["id"] for p in dd["provisions"]]


def test_a_date_reaches_every_export_and_the_panel(qtbot, tmp_path, geodata_dir, catalog):
    """As of 1955, Misawa has no provision of the 1960 Treaty or SOFA: panel, info, HTML, GeoJSON, KML,
    the PNG's summary box and the PDF all say the same (only the panel did before)."""
    from pypdf import PdfReader

    from explorer.cli import main
    from explorer.export.geo import features
    from explorer.mapping.page import chrome, standalone_payload
    from explorer.present.dossier import dossier_dict

    state = MapState(camera=Camera("japan"), selected="base:misawa", as_of="1955")
    ws = Workspace(catalog)
    today = _dossier_provisions(dossier_dict(catalog, "base:misawa", None))
    assert "provision:treaty1960-art6" in today
    then = _dossier_provisions(dossier_dict(catalog, "base:misawa", state.when))
    assert "provision:treaty1960-art6" not in then
    # The window's panel, with the date set on the timeline.
    window = open_window(qtbot, geodata_dir)
    try:
        window.session.update(as_of="1955", selected="base:misawa")
        text = re.sub("[\u2066-\u2069]", "", window.panel.text())  # the panel isolates each value's direction
        assert "As of 1955-12-31" in text and "Art. VI" not in text
    finally:
        close_window(window)
    # The HTML popups and the PNG summary box.
    assert _dossier_provisions(standalone_payload(catalog, state)["dossiers"]["base:misawa"]) == then
    box = chrome(catalog, state, ExportOptions(dossier=True))["dossier"]
    assert not any("Art. VI" in p for p in box["provisions"])
    kadena = chrome(catalog, state.with_(selected="base:kadena", as_of="1971"), ExportOptions(dossier=True))["dossier"]
    assert kadena["provisions"] and all("only from reversion on 1972-05-15" in p for p in kadena["provisions"])
    # GeoJSON and KML attributes.
    props = next(f["properties"] for f in features(ws, state) if f["id"] == "base:misawa")
    assert props["provision_ids"] == then
    # The CLI: info, a GeoJSON and a PDF, all from the same options.
    out = tmp_path / "m.geojson"
    assert main(["export", "--layers", "bases", "--as-of", "1955", "--out", str(out)]) == 0
    misawa = next(f for f in json.loads(out.read_text())["features"] if f["properties"]["id"] == "base:misawa")
    assert misawa["properties"]["provision_ids"] == then
    pdf = tmp_path / "m.pdf"
    assert main(["export", "--view", "japan", "--select", "base:misawa", "--as-of", "1955", "--out", str(pdf)]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert "Misawa" in text and "1955" in text
    assert "Security Treaty (1960), Art. VI" not in text and "Art. VI" not in text


def test_a_batch_is_its_single_exports_whatever_came_before(qtbot, tmp_path, catalog):
    """Each snapshot of a batch is pixel-identical to the same options exported alone, in either order."""
    from explorer.export.run import build_options, build_state, plan, run_jobs

    ws = Workspace(catalog)
    specs = [("okinawa", "base:futenma", "", None, "1200x800"),
             ("japan", "", "1971", None, "1600x1000"),
             ("region", "", "", ["service=USMC"], "900x600")]

    def job(i, spec, d: Path):
        view, select, as_of, where, size = spec
        state = build_state(ws, view, None, select, as_of, where)
        return plan(ws, d / f"s{i}.png", state, build_options("png", size, dossier=bool(select)))

    singles = []
    for i, spec in enumerate(specs):
        d = tmp_path / f"single{i}"
        d.mkdir()
        singles += run_jobs(ws, [job(i, spec, d)], None)
    for name, order in (("forward", [0, 1, 2]), ("backward", [2, 1, 0])):
        d = tmp_path / name
        d.mkdir()
        written = run_jobs(ws, [job(i, specs[i], d) for i in order], None)
        assert [p.name for p in written] == [f"s{i}.png" for i in order]
        for i in order:
            a, b = _pixels(d / f"s{i}.png"), _pixels(singles[i])
            assert a.shape == b.shape
            differ = int((a != b).any(axis=2).sum())
            assert differ == 0, f"{name}: snapshot {i} differs from its single export in {differ} pixels"


def test_a_project_with_a_user_layer_and_a_bookmark_to_pdf(qtbot, tmp_path, catalog):
    """The PDF pipeline sees what every other format sees: the project's layer, the bookmark's date."""
    from pypdf import PdfReader

    from explorer.atlas.userlayers import LoadRequest, read_layer
    from explorer.cli import EXIT_ERROR, main
    from explorer.mapping import project as proj
    from explorer.mapping.userlayer import UserStyle

    loaded = read_layer(LoadRequest(files.geojson(tmp_path), layer_id="user-mine"))
    sel = loaded.features[0].id
    path = tmp_path / "map.aeproj"
    state = MapState(camera=Camera("okinawa"), layers=("states", "bases", "user-mine"), selected=sel)
    mark = proj.Bookmark.of("Kadena in 1971", MapState(camera=Camera("okinawa"), selected="base:kadena",
                                                         as_of="1971"))
    proj.save(proj.snapshot(state, [mark], [(loaded, UserStyle())], path), path)
    pdf = tmp_path / "p.pdf"
    assert main(["export", "--project", str(path), "--out", str(pdf)]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert "Naha port" in text and "not sourced or checked by Alliance Explorer" in text
    pdf2 = tmp_path / "b.pdf"
    assert main(["export", "--project", str(path), "--bookmark", "Kadena in 1971", "--out", str(pdf2)]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf2)).pages).split())
    assert "Kadena" in text and "1971" in text and "under US administration" in text.replace("-", " ")
    # --add-layer with a missing file fails the same way for a PDF as for a PNG: exit 2, nothing written.
    for ext in ("pdf", "png"):
        out = tmp_path / f"x.{ext}"
        assert main(["export", "--add-layer", str(tmp_path / "missing.geojson"), "--out", str(out)]) == EXIT_ERROR
        assert not out.exists()


def test_a_poisoned_settings_file_at_start(qtbot, tmp_path, geodata_dir):
    """A saved state with a date that is not a date: the window starts at the default view and says why once."""
    from explorer.gui.settings import settings

    s = settings()
    s.setValue("map/state", json.dumps({"camera": {"view": "okinawa"}, "asOf": "19x1", "selected": "base:kadena"}))
    s.setValue("bookmarks/list", json.dumps([{"name": "bad", "state": {"filter": {"nope": ["x"]}}},
                                             {"name": "Okinawa", "state": {"camera": {"view": "okinawa"}}}]))
    s.sync()
    window = open_window(qtbot, geodata_dir)
    try:
        assert window.session.state == window.workspace.default_state()
        assert [b.name for b in window.bookmarks.items] == ["Okinawa"]  # a bad bookmark costs only itself
        qtbot.waitUntil(lambda: "could not be restored" in window.statusBar().currentMessage(), timeout=5000)
        message = window.statusBar().currentMessage()
        assert "19x1" in message and "1 saved bookmark(s) could not be read" in message
    finally:
        close_window(window)


def test_back_and_forward_walk_the_pages_like_a_browser(qtbot, geodata_dir):
    window = open_window(qtbot, geodata_dir)
    try:
        panel = window.panel
        for fid in ("base:kadena", "base:futenma", "base:misawa"):
            window.select_feature(fid)
        for want in ("Futenma", "Kadena"):
            window.action("back").trigger()
            qtbot.waitUntil(lambda want=want: panel.text().startswith(want) or want in panel.text()[:80],
                            timeout=5000)
        assert not panel.back.isEnabled() and panel.forward.isEnabled()
        assert window.session.state.selected == "base:kadena"  # the map followed
        window.action("forward").trigger()
        qtbot.waitUntil(lambda: "Futenma" in panel.text()[:80], timeout=5000)
        assert window.session.state.selected == "base:futenma"
    finally:
        close_window(window)


def test_esc_ends_the_tool_first_then_clears_the_selection(qtbot, geodata_dir):
    window = open_window(qtbot, geodata_dir)
    try:
        window.select_feature("base:kadena")
        window.action("measure").trigger()
        assert window.analysis.tool == "measure"
        window.action("escape").trigger()
        assert window.analysis.tool == "" and window.session.state.selected == "base:kadena"
        window.action("escape").trigger()
        assert window.session.state.selected == ""
    finally:
        close_window(window)


def test_a_second_window_shares_no_layers_with_the_first(qtbot, tmp_path, geodata_dir):
    """No process-wide registry: a layer opened in one workspace is unknown to another."""
    first = open_window(qtbot, geodata_dir)
    try:
        lid = open_layer(qtbot, first, files.geojson(tmp_path))
        other = Workspace(Catalog.load(geodata_dir))
        assert lid not in other.registry and not any(f.startswith("user:") for f in other.features)
        assert not other.is_feature(lid, f"user:{lid}:0")
        assert first.workspace.is_feature(lid, f"user:{lid}:0")
    finally:
        close_window(first)


def test_window_shortcuts_work_from_the_search_box(qtbot, geodata_dir):
    """Ctrl+E (export), Ctrl+D (bookmark) ... in the search box are the window's, not the line edit's.

    On X11 a line edit claims them as Emacs-style editing keys (Ctrl+E: end of line) through a
    shortcut override, so the window's shortcut never fired from the search box. The offscreen
    platform has no such bindings, so the override itself is checked here.
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    window = open_window(qtbot, geodata_dir)
    try:
        search = window.panel.search
        for key in (Qt.Key.Key_E, Qt.Key.Key_D, Qt.Key.Key_M):
            event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)
            event.accept()
            assert window.panel.eventFilter(search, event) is True and not event.isAccepted()
        plain = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        assert window.panel.eventFilter(search, plain) is False  # select-all stays the line edit's
    finally:
        close_window(window)
