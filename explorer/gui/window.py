"""The main window: map and dossier side by side, views, layers, export, status."""

from __future__ import annotations

import json
import os

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QSplitter, QWidget

from explorer import __version__, log
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import LAYERS
from explorer.mapping.views import DEFAULT_VIEW, VIEWS, ViewState
from explorer.gui.panel import DossierPanel
from explorer.web.view import MapView

LAYER_LABELS = {"bases": "Bases", "states": "States", "threats": "Threat vectors"}
LAYER_KEYS = {"bases": "Alt+1", "states": "Alt+2", "threats": "Alt+3"}


def settings() -> QSettings:
    """The app's settings; ``ALLIANCE_EXPLORER_SETTINGS`` points tests at a scratch file."""
    path = os.environ.get("ALLIANCE_EXPLORER_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("AllianceExplorer", "Alliance Explorer")


class MainWindow(QMainWindow):
    """Wires the map view, the dossier panel, toolbar, menus and settings together."""

    def __init__(self, catalog: Catalog, page_html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.setWindowTitle("Alliance Explorer")
        self.map = MapView(catalog.is_feature, self)
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
        self._view: ViewState = ViewState()
        self._build_actions()
        self._build_status()
        self._wire()
        self._restore()
        self._progress.show()
        self.statusBar().showMessage("Loading map…")
        self.map.show_page(page_html, self._view)

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
            action = QAction(view.label, self)
            action.setShortcut(QKeySequence(view.shortcut))
            action.setToolTip(f"Show {view.label} ({view.shortcut})")
            action.triggered.connect(lambda _=False, name=view.name: self.go_to_view(name))
            group.addAction(action)
            bar.addAction(action)
            view_menu.addAction(action)
            self.view_actions[view.name] = action
        bar.addSeparator()
        view_menu.addSeparator()
        for layer in ("bases", "states", "threats"):
            action = QAction(LAYER_LABELS[layer], self)
            action.setCheckable(True)
            action.setChecked(True)
            action.setShortcut(QKeySequence(LAYER_KEYS[layer]))
            action.setToolTip(f"Show or hide {LAYER_LABELS[layer].lower()} ({LAYER_KEYS[layer]})")
            action.toggled.connect(self._layers_toggled)
            bar.addAction(action)
            view_menu.addAction(action)
            self.layer_actions[layer] = action
        bar.addSeparator()
        bar.addAction(self.export_action)
        view_menu.addSeparator()
        find = QAction("&Find feature", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.panel.search.setFocus(), self.panel.search.selectAll()))
        view_menu.addAction(find)
        clear = QAction("&Clear selection", self)
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
        counts = ", ".join(f"{len(self.catalog.layer(layer))} {LAYER_LABELS[layer].lower()}" for layer in LAYERS)
        self._counts = QLabel(counts, self)
        self.statusBar().addPermanentWidget(self._counts)

    def _wire(self) -> None:
        self.map.loadProgress.connect(self._progress.setValue)
        self.map.drawn.connect(self._on_drawn)
        self.map.loadFailed.connect(lambda why: self.show_error("The map could not be shown", why))
        self.map.featureClicked.connect(self._on_feature_clicked)
        self.map.layersChanged.connect(self._on_page_layers)
        self.map.bridge.viewChanged.connect(self._on_view_changed)
        self.panel.featureRequested.connect(self.select_feature)
        self.panel.provisionActivated.connect(self.highlight_provision)
        self.panel.controversyActivated.connect(self.highlight_controversy)

    # -- behaviour ----------------------------------------------------------
    def _on_drawn(self) -> None:
        self._progress.hide()
        self.statusBar().showMessage("Map ready. Click a feature to read its dossier.", 5000)

    def _on_feature_clicked(self, layer: str, fid: str) -> None:
        self.panel.show_feature(fid)
        self.map.call("AtlasExplorer.highlight", [])
        self.statusBar().showMessage(self.catalog.features[fid].name, 4000)

    def select_feature(self, fid: str) -> None:
        """Select a feature from the panel: map and panel follow."""
        if fid not in self.catalog.features:
            return
        feature = self.catalog.features[fid]
        if feature.layer not in self.visible_layers():
            self.layer_actions[feature.layer].setChecked(True)
        self.panel.show_feature(fid)
        self.map.call("AtlasExplorer.highlight", [])
        self.map.call("AtlasExplorer.select", fid, {"fly": True})

    def highlight_provision(self, pid: str) -> None:
        ids = list(self.catalog.governed_by(pid))
        self.map.call("AtlasExplorer.highlight", ids)
        p = self.catalog.provisions[pid]
        self.statusBar().showMessage(f"{p.short}: {len(ids)} feature(s) highlighted on the map", 8000)

    def highlight_controversy(self, cid: str) -> None:
        ids = list(self.catalog.concerned_by(cid))
        self.map.call("AtlasExplorer.highlight", ids)
        c = self.catalog.controversies[cid]
        self.statusBar().showMessage(f"{c.title}: {len(ids)} feature(s) highlighted on the map", 8000)

    def clear_selection(self) -> None:
        self.map.call("AtlasExplorer.select", "")
        self.map.call("AtlasExplorer.highlight", [])
        self.panel.clear()

    def go_to_view(self, name: str) -> None:
        self._view = self._view.with_(view=name, center=None, zoom=None)
        self.map.call("AtlasExplorer.fitBounds", [list(p) for p in VIEWS[name].bounds])

    def visible_layers(self) -> list[str]:
        return [layer for layer, a in self.layer_actions.items() if a.isChecked()]

    def _layers_toggled(self) -> None:
        self._view = self._view.with_(layers=tuple(self.visible_layers()))
        self.map.call("AtlasExplorer.setLayers", self.visible_layers())

    def _on_page_layers(self, layers: list) -> None:
        for layer, action in self.layer_actions.items():
            action.blockSignals(True)
            action.setChecked(layer in layers)
            action.blockSignals(False)
        self._view = self._view.with_(layers=tuple(layers))

    def _on_view_changed(self, lat: float, lon: float, zoom: float) -> None:
        self._view = self._view.with_(center=(lat, lon), zoom=zoom)

    def current_view(self) -> ViewState:
        """The view state as the user left it: for exports and for the next start."""
        return self._view.with_(selected=self.panel.current, layers=tuple(self.visible_layers()))

    def open_export_dialog(self) -> None:
        from explorer.gui.export_dialog import ExportDialog

        ExportDialog(self, self.catalog, self.current_view()).exec()

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
        try:
            saved = json.loads(str(s.value("map/view", "{}")))
        except (TypeError, ValueError):
            saved = {}
        layers = tuple(x for x in saved.get("layers", LAYERS) if x in LAYERS) or LAYERS
        view = saved.get("view") if saved.get("view") in VIEWS else DEFAULT_VIEW
        center, zoom = saved.get("center"), saved.get("zoom")
        ok = isinstance(center, list) and len(center) == 2 and isinstance(zoom, (int, float))
        self._view = ViewState(view=view, layers=layers,
                               center=tuple(center) if ok else None, zoom=float(zoom) if ok else None)
        for layer, action in self.layer_actions.items():
            action.blockSignals(True)
            action.setChecked(layer in layers)
            action.blockSignals(False)

    def save_settings(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        v = self._view
        s.setValue("map/view", json.dumps({"view": v.view, "layers": list(self.visible_layers()),
                                           "center": list(v.center) if v.center else None, "zoom": v.zoom}))
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        super().closeEvent(event)
