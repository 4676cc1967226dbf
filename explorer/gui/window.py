"""The main window: map and dossier side by side, views, layers, export, status."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QSplitter, QWidget

from explorer import __version__, log
from explorer.atlas.catalog import Catalog
from explorer.errors import ViewError
from explorer.gui.analysis import install as install_analysis
from explorer.gui.panel import DossierPanel
from explorer.gui.settings import settings
from explorer.gui.session import Session
from explorer.mapping.derive import page_state
from explorer.mapping.layers import REGISTRY
from explorer.mapping.state import Camera, MapState
from explorer.mapping.views import VIEWS
from explorer.web.view import MapView


def restored_state(raw: object) -> MapState:
    """The map state saved in settings, or the default one if it is missing or unusable.

    Settings are user-writable files: a NaN or 1e308 view, a list where text
    belongs or plain garbage must not stop the map drawing at every start.
    """
    if not raw:
        return MapState()
    try:
        return MapState.from_json(json.loads(str(raw)))
    except (TypeError, ValueError, ViewError, RecursionError) as exc:
        log.gui.warning("ignoring saved map state (%s); starting from the default view", exc)
        return MapState()


class MainWindow(QMainWindow):
    """Wires the map view, the dossier panel, toolbar, menus and settings to one Session."""

    def __init__(self, catalog: Catalog, page_html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.setWindowTitle("Alliance Explorer")
        self.session = Session(parent=self)
        self.map = MapView(REGISTRY.__contains__, catalog.is_feature, self)
        self.panel = DossierPanel(catalog, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.map)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.layer_actions: dict[str, QAction] = {}
        self.view_actions: dict[str, QAction] = {}
        self._build_actions()
        self._build_status()
        from explorer.gui import filter_dock

        filter_dock.install(self)
        from explorer.gui import bookmarks, project_actions, userlayers

        userlayers.install(self)
        bookmarks.install(self)
        project_actions.install(self)
        self._restore()
        self._wire()
        from explorer.gui import briefing, print_dialog

        briefing.install(self)
        print_dialog.install(self)
        self._sync_toolbar(self.session.state)
        install_analysis(self)  # rings, coverage, measure (explorer.gui.analysis)
        if self.session.state.selected:
            self.panel.show_feature(self.session.state.selected)
        self._progress.show()
        self.statusBar().showMessage("Loading map…")
        self.map.show_page(page_html, self.session.state)
        self.map.apply(page_state(self.catalog, self.session.state))  # derived layers (filter, rings), once ready

    # -- construction -------------------------------------------------------
    def _build_actions(self) -> None:
        bar = self.addToolBar("Views")
        bar.setObjectName("views-toolbar")
        file_menu = self.menuBar().addMenu("&File")
        view_menu = self.menuBar().addMenu("&View")
        help_menu = self.menuBar().addMenu("&Help")

        self.export_action = QAction("&Export map…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.open_export_dialog)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        group = QActionGroup(self)
        for view in VIEWS.values():
            action = QAction(view.label.replace("&", "&&"), self)  # "&" would be a mnemonic
            action.setShortcut(QKeySequence(view.shortcut))
            action.setToolTip(f"Show {view.label} ({view.shortcut})")
            action.triggered.connect(lambda _=False, name=view.name: self.go_to_view(name))
            group.addAction(action)
            bar.addAction(action)
            view_menu.addAction(action)
            self.view_actions[view.name] = action
        bar.addSeparator()
        view_menu.addSeparator()
        for spec in reversed(list(REGISTRY)):  # top layer first, as the map's layer control lists them
            action = QAction(spec.label.replace("&", "&&"), self)
            action.setCheckable(True)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            action.setToolTip(f"Show or hide {spec.label.lower()}" + (f" ({spec.shortcut})" if spec.shortcut else ""))
            action.toggled.connect(self._layers_toggled)
            bar.addAction(action)
            view_menu.addAction(action)
            self.layer_actions[spec.id] = action
        bar.addSeparator()
        bar.addAction(self.export_action)
        view_menu.addSeparator()
        self.share_action = share = QAction("Okinawa's &share chart", self)
        share.setCheckable(True)
        share.setShortcut(QKeySequence("Ctrl+Shift+H"))
        share.setToolTip("Show Okinawa's share of the US exclusive-use area on the map (Ctrl+Shift+H)")
        share.toggled.connect(lambda on: self.session.update(share_chart=on))
        view_menu.addAction(share)
        bar.addAction(share)
        find = QAction("&Find feature", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.panel.search.setFocus(), self.panel.search.selectAll()))
        view_menu.addAction(find)
        self.clear_action = clear = QAction("&Clear selection", self)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.triggered.connect(self.clear_selection)
        view_menu.addAction(clear)
        self.addAction(clear)
        about = QAction("&About Alliance Explorer", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status(self) -> None:
        self._progress = QProgressBar(self)
        self._progress.setRange(0, 100)
        self._progress.setMaximumWidth(160)
        self._progress.setTextVisible(False)
        self.statusBar().addPermanentWidget(self._progress)
        def count(layer: str) -> int:
            return len(self.catalog.layer(layer)) or sum(1 for p in self.catalog.places.values() if p.layer == layer)

        counts = ", ".join(f"{count(spec.id)} {spec.label.lower()}" for spec in reversed(list(REGISTRY)))
        self._counts = QLabel(counts, self)
        self.statusBar().addPermanentWidget(self._counts)

    def _wire(self) -> None:
        self.session.changed.connect(self._on_state_changed)
        self.map.loadProgress.connect(self._progress.setValue)
        self.map.drawn.connect(self._on_drawn)
        self.map.loadFailed.connect(lambda why: self.show_error("The map could not be shown", why))
        self.map.rendererRestarted.connect(lambda n: setattr(self, "_restarted", True))
        self.map.rendererLost.connect(lambda why: self.show_error(
            "The map cannot be shown", f"{why[0].upper()}{why[1:]}. The panel, search and exports still work; "
            "restart the app to try the map again."))
        self.map.featureClicked.connect(lambda _layer, fid: self.session.update(selected=fid, highlight=()))
        self.map.cleared.connect(self.clear_selection)
        self.map.layersChanged.connect(lambda layers: self.session.update(layers=tuple(layers)))
        self.map.viewChanged.connect(self._on_view_changed)
        self.panel.featureRequested.connect(self.select_feature)
        self.panel.provisionActivated.connect(self.highlight_provision)
        self.panel.controversyActivated.connect(self.highlight_controversy)

    # -- the session drives everything ------------------------------------------
    def _on_state_changed(self, new: MapState, old: MapState) -> None:
        self.map.apply(page_state(self.catalog, new))
        if new.selected != old.selected:
            if new.selected:
                self.panel.show_feature(new.selected)
                self.statusBar().showMessage(self.catalog.features[new.selected].name, 4000)
            else:
                self.panel.clear()
        if new.layers != old.layers or new.share_chart != old.share_chart:
            self._sync_toolbar(new)

    def _sync_toolbar(self, state: MapState) -> None:
        for layer, action in self.layer_actions.items():
            action.blockSignals(True)
            action.setChecked(layer in state.layers)
            action.blockSignals(False)
        self.share_action.blockSignals(True)
        self.share_action.setChecked(state.share_chart)
        self.share_action.blockSignals(False)

    def _on_drawn(self) -> None:
        self._progress.hide()
        if getattr(self, "_restarted", False):
            self._restarted = False
            self.statusBar().showMessage("The map's renderer stopped; the map was reloaded as it was.", 10000)
        else:
            self.statusBar().showMessage("Map ready. Click a feature to read its dossier.", 5000)

    def _on_view_changed(self, lat: float, lon: float, zoom: float) -> None:
        self.session.update(camera=Camera(center=(lat, lon), zoom=zoom))

    # -- commands ---------------------------------------------------------------------
    def select_feature(self, fid: str) -> None:
        """Select a feature from the panel or search: its layer is shown and the map frames it."""
        if fid not in self.catalog.features:
            return
        state = self.session.state
        layer = self.catalog.features[fid].layer
        layers = state.layers if layer in state.layers else tuple(x for x in REGISTRY.ids()
                                                                  if x in state.layers or x == layer)
        self.session.update(selected=fid, highlight=(), layers=layers, camera=Camera(focus=fid))

    def highlight_provision(self, pid: str) -> None:
        ids = tuple(self.catalog.governed_by(pid))
        self.session.update(highlight=ids)
        p = self.catalog.provisions[pid]
        self.statusBar().showMessage(f"{p.short}: {len(ids)} feature(s) highlighted on the map", 8000)

    def highlight_controversy(self, cid: str) -> None:
        ids = tuple(self.catalog.concerned_by(cid))
        self.session.update(highlight=ids)
        c = self.catalog.controversies[cid]
        self.statusBar().showMessage(f"{c.title}: {len(ids)} feature(s) highlighted on the map", 8000)

    def clear_selection(self) -> None:
        self.session.update(selected="", highlight=())

    def go_to_view(self, name: str) -> None:
        self.session.update(camera=Camera(view=name))

    def visible_layers(self) -> list[str]:
        return list(self.session.state.layers)

    def _layers_toggled(self) -> None:
        self.session.update(layers=tuple(layer for layer in REGISTRY.ids()
                                         if self.layer_actions[layer].isChecked()))

    def open_export_dialog(self) -> None:
        from explorer.gui.export_dialog import ExportDialog

        ExportDialog(self, self.catalog, self.session.state).exec()

    def show_error(self, title: str, message: str) -> None:
        log.gui.error("%s: %s", title, message)
        QMessageBox.warning(self, title, message)

    def _about(self) -> None:
        QMessageBox.about(self, "About Alliance Explorer",
                          f"<b>Alliance Explorer</b> {__version__}<br>"
                          "A map of the US–Japan security alliance: bases, states, threat vectors, "
                          "and the treaty provisions and controversies behind them.<br><br>"
                          "Basemap: Natural Earth (public domain). Every record names its sources.")

    # -- settings -----------------------------------------------------------
    def _restore(self) -> None:
        s = settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            QTimer.singleShot(0, lambda: self.splitter.setSizes([self.width() * 3 // 4, self.width() // 4]))
        state = restored_state(s.value("map/state", ""))
        known = self.catalog.features
        self.session.replace(state.with_(selected=state.selected if state.selected in known else "",
                                         highlight=tuple(i for i in state.highlight if i in known)))

    def save_settings(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("map/state", json.dumps(self.session.state.with_(measure=()).to_json()))
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        super().closeEvent(event)
