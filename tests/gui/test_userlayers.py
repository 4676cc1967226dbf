"""User layers in the window: real files opened, reprojected, drawn, clicked; a project round trip."""

from __future__ import annotations

import pytest
from pyproj import Geod, Transformer

from tests import userlayer_files as files
from tests.gui.conftest import Page, close_window, open_layer, open_window

pytestmark = pytest.mark.gui
GEOD = Geod(ellps="WGS84")


_open = open_layer


def _on_page(qtbot, page: Page, fid: str) -> None:
    """Wait until the feature is drawn and stays put (the dock appearing resizes the map)."""
    seen: list = []

    def settled() -> bool:
        seen.append(page.js(f"AtlasExplorer.screenPoint({fid!r})"))
        qtbot.wait(100)
        return seen[-1] is not None and len(seen) > 1 and seen[-1] == seen[-2]

    qtbot.waitUntil(settled, timeout=20000)


def test_five_formats_open_reproject_and_click(qtbot, tmp_path, monkeypatch, geodata_dir):
    from explorer.gui import userlayers
    from explorer.mapping.state import Camera

    asked = []
    monkeypatch.setattr(userlayers, "ask", lambda parent, q: (asked.append(q), "second")[1])
    window = open_window(qtbot, geodata_dir)
    page = Page(qtbot, window.map)
    try:
        made = {"geojson": files.geojson(tmp_path), "gpkg": files.gpkg_two_layers(tmp_path),
                "zip": files.zipped_shapefile(tmp_path), "kmz": files.kmz(tmp_path), "csv": files.csv(tmp_path)}
        to_6677 = Transformer.from_crs("EPSG:4326", "EPSG:6677", always_xy=True)
        back = Transformer.from_crs("EPSG:6677", "EPSG:4326", always_xy=True)
        for kind, path in made.items():
            lid = _open(qtbot, window, path)
            assert lid in window.workspace.registry and window.workspace.registry.get(lid).source == "user"
            assert lid in window.session.state.layers and window.layer_actions[lid].isChecked()
            loaded, _ = window.user_layers.open[lid]
            assert len(loaded.features) == len(files.PLACES), kind
            for f, (name, lon, lat) in zip(loaded.features, files.PLACES):
                if kind == "zip":  # the file holds EPSG:6677 metres: pyproj's own round trip is the reference
                    lon, lat = back.transform(*to_6677.transform(lon, lat))
                _, _, dist = GEOD.inv(lon, lat, f.lon, f.lat)
                assert dist < 1.0, (kind, name, dist)
                assert f.name == name
            # the five files hold the same places: show only this one, as a user would to compare
            window.session.update(layers=tuple(x for x in window.session.state.layers
                                               if not x.startswith("user-") or x == lid))
            fid = loaded.features[1].id
            # centred, as a user would look at it: the layer control (one row per layer) covers the top right
            window.session.update(camera=Camera(center=(loaded.features[1].lat, loaded.features[1].lon), zoom=7.0))
            _on_page(qtbot, page, fid)
            page.click_feature(fid)
            qtbot.waitUntil(lambda: window.session.state.selected == fid, timeout=10000)
            text = window.panel.text()
            assert "Kushiro port" in text and "not sourced or checked by Alliance Explorer" in text
            if kind in ("geojson", "gpkg", "zip"):
                assert "a & b" in text  # the attribute, as text
            assert "<b>" not in window.panel.browser.toHtml().split("</style>", 1)[1].replace("&lt;b&gt;", "")
        assert [q.what for q in asked] == ["layer"]  # the GeoPackage's two layers; nothing else guessed
        users = [s.id for s in window.workspace.registry if s.source == "user"]
        assert len(users) == 5 and page.js("AtlasExplorer.visibleLayers()")[-1:] == users[-1:]
        assert not window.layer_actions[users[0]].isChecked()  # the toggles follow the state
        # search by the name field finds a user feature
        assert any(f.id.startswith("user:") for f in window.catalog.search("Sasebo pier"))
        # remove one: gone from the registry, the catalog, the page and the menus
        lid = next(iter(window.user_layers.open))
        window.user_layers.remove(lid)
        assert lid not in window.workspace.registry and lid not in window.layer_actions
        assert not any(fid.startswith(f"user:{lid}:") for fid in window.catalog.features)
        qtbot.waitUntil(lambda: lid not in page.js("AtlasExplorer.visibleLayers()"))
        workspace = window.workspace
    finally:
        close_window(window)
    assert not [s for s in workspace.registry if s.source == "user"]  # closing the window closes its layers


def test_style_order_and_bad_file_message(qtbot, tmp_path, geodata_dir, monkeypatch):
    from explorer.mapping.userlayer import UserStyle

    window = open_window(qtbot, geodata_dir)
    page = Page(qtbot, window.map)
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, msg: errors.append(msg))
    try:
        a = _open(qtbot, window, files.geojson(tmp_path))
        b = _open(qtbot, window, files.csv(tmp_path))
        assert window.workspace.registry.get(b).z > window.workspace.registry.get(a).z
        window.user_layers.move(b, -1)
        assert window.workspace.registry.get(b).z < window.workspace.registry.get(a).z
        window.user_layers.set_style(a, UserStyle(color="#123456", symbol="large", opacity=0.5))
        qtbot.waitUntil(lambda: page.js(f"AtlasExplorer.map() && 1") == 1)
        fid = window.user_layers.open[a][0].features[0].id
        _on_page(qtbot, page, fid)
        radius = page.js("(function(){var r;AtlasExplorer.map().eachLayer(function(l){if(l.atlasId===%r)r=l.options.radius;});return r;})()" % fid)
        assert radius == 8
        bad = tmp_path / "junk.geojson"
        bad.write_bytes(b"\x00\xff" * 500)
        window.user_layers.open_path(bad)
        qtbot.waitUntil(lambda: bool(errors), timeout=20000)
        assert "junk.geojson" in errors[0] and "\n" not in errors[0]
        assert set(window.user_layers.open) == {a, b}
    finally:
        close_window(window)


def test_project_with_two_layers_bookmark_and_filter_reopens_identically(qtbot, tmp_path, geodata_dir):
    from explorer.atlas.query import Filter
    from explorer.mapping.state import Camera

    window = open_window(qtbot, geodata_dir)
    try:
        a = _open(qtbot, window, files.geojson(tmp_path))
        b = _open(qtbot, window, files.zipped_shapefile(tmp_path))
        window.bookmarks.items = []
        window.session.update(camera=Camera(center=(26.3, 127.8), zoom=9.0))
        window.bookmarks.add("Okinawa close")
        sel = window.user_layers.open[a][0].features[2].id
        window.session.update(filter=Filter(text="a").to_json(), filter_mode="grey", selected=sel)
        saved_state = window.session.state
        saved_marks = list(window.bookmarks.items)
        out = window.projects.save(tmp_path / "proj" / "map.aeproj") if (tmp_path / "proj").mkdir() is None else None
        assert out and out.exists()
        saved_styles = {lid: st for lid, (_, st) in window.user_layers.open.items()}
    finally:
        close_window(window)
    window = open_window(qtbot, geodata_dir)
    assert a not in window.workspace.registry  # a new window's workspace has none of the last one's layers
    try:
        with qtbot.waitSignal(window.projects.opened, timeout=30000) as sig:
            window.projects.open(out)
        assert sig.args[1] == []
        assert window.session.state == saved_state
        assert window.bookmarks.items == saved_marks
        assert {lid: st for lid, (_, st) in window.user_layers.open.items()} == saved_styles
        assert [s.id for s in window.workspace.registry if s.source == "user"] == [a, b]
        page = Page(qtbot, window.map)
        _on_page(qtbot, page, sel)
        qtbot.waitUntil(lambda: sorted(page.js("AtlasExplorer.visibleLayers()")) == sorted(saved_state.layers))
        assert page.js("AtlasExplorer.state().selected") == sel
        assert "Sasebo pier" in window.panel.text()
        window.session.update(camera=Camera(view="region"))
        assert window.bookmarks.restore(0)
        assert window.session.state.camera == Camera(center=(26.3, 127.8), zoom=9.0)
    finally:
        close_window(window)


def test_cancel_adds_nothing_and_drop_opens(qtbot, tmp_path, geodata_dir):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent
    window = open_window(qtbot, geodata_dir)
    try:
        ctl = window.user_layers
        ctl.open_path(files.geojson(tmp_path))
        ended = ctl.worker.ended
        ctl.cancel()
        qtbot.waitUntil(ended.is_set, timeout=20000)
        qtbot.wait(200)  # any queued result has been delivered (and dropped)
        assert ctl.open == {} and ctl.worker is None
        assert "Cancelled" in window.statusBar().currentMessage()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(files.csv(tmp_path)))])
        target = window.map.focusProxy() or window.map
        drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                          Qt.KeyboardModifier.NoModifier)
        # Offscreen Qt delivers no synthetic drop without a drag manager: hand the real event to the
        # filter the window installed on the map's render widget (delivery itself is Qt's).
        assert ctl.eventFilter(target, drop) and drop.isAccepted()
        qtbot.waitUntil(lambda: bool(ctl.open), timeout=20000)
        assert next(iter(ctl.open)) == "user-places"
        assert ctl.recent()[0].endswith("places.csv")
    finally:
        close_window(window)


def test_bookmarks_are_remembered_renamed_reordered_deleted(qtbot, geodata_dir):
    from explorer.mapping.state import Camera

    window = open_window(qtbot, geodata_dir)
    try:
        marks = window.bookmarks
        window.session.update(camera=Camera(view="okinawa"), selected="base:futenma")
        marks.add("Futenma")
        window.session.update(camera=Camera(view="korea"), selected="")
        marks.add("Korea")
        marks.add("Korea")
        assert marks.names() == ["Futenma", "Korea", "Korea (2)"]
        marks.rename(2, "Peninsula")
        marks.move(2, -1)
        marks.delete(2)
        assert marks.names() == ["Futenma", "Peninsula"]
        assert window.bookmarks.dock.list.count() == 2
    finally:
        close_window(window)
    window = open_window(qtbot, geodata_dir)  # a restart: the same settings file
    try:
        assert window.bookmarks.names() == ["Futenma", "Peninsula"]
        window.bookmarks.restore(0)
        assert window.session.state.selected == "base:futenma"
        assert window.session.state.camera == Camera(view="okinawa")
        qtbot.waitUntil(lambda: "Futenma" in window.panel.text())
    finally:
        close_window(window)


def test_attribute_filter_from_the_dock_hides_only_that_layer(qtbot, tmp_path, geodata_dir):
    window = open_window(qtbot, geodata_dir)
    page = Page(qtbot, window.map)
    try:
        lid = _open(qtbot, window, files.geojson(tmp_path))
        before = page.js("AtlasExplorer.shownCount()")
        dock = window.user_layers.dock
        dock.filter_field.setCurrentText("rank")
        dock._filter_field_changed()
        assert [dock.filter_value.itemText(i) for i in range(dock.filter_value.count())] == ["1", "2", "3"]
        window.user_layers.filter_attribute(lid, "rank", "3")
        assert window.session.state.to_json()["filter"] == {"attribute": [f"{lid}:rank=3"]}
        qtbot.waitUntil(lambda: page.js("AtlasExplorer.shownCount()") == before - 2, timeout=10000)
        window.user_layers.filter_attribute(lid)
        assert window.session.state.filter is None
        qtbot.waitUntil(lambda: page.js("AtlasExplorer.shownCount()") == before, timeout=10000)
    finally:
        close_window(window)


@pytest.mark.parametrize("label", ["<style>*{display:none}</style>", "<img src=x onerror=window.__pwned=1>"])
def test_a_layer_name_is_text_everywhere(qtbot, tmp_path, geodata_dir, label):
    """A file's name or a project's label is shown as text: in the layer control, the legend and the toggles."""
    window = open_window(qtbot, geodata_dir)
    page = Page(qtbot, window.map)
    try:
        ctl = window.user_layers
        ctl.open_path(files.geojson(tmp_path), label=label)
        qtbot.waitUntil(lambda: bool(ctl.open), timeout=30000)
        (lid,) = ctl.open
        qtbot.waitUntil(lambda: label in (page.js(
            "document.querySelector('.atlas-layer-control').textContent") or ""), timeout=10000)
        assert page.js("document.querySelectorAll('.atlas-layer-control style, .atlas-layer-control img').length") == 0
        assert page.js("document.querySelectorAll('.atlas-legend style, .atlas-legend img').length") == 0
        assert page.js("!!window.__pwned") is False
        # The map is still drawn (a <style> label once blanked it) and the toggle reads the label.
        assert page.js("getComputedStyle(document.querySelector('.leaflet-container')).display") != "none"
        assert window.layer_actions[lid].text().replace("&&", "&") == label
    finally:
        close_window(window)
