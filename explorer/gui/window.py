"""The main window: map and dossier side by side, and the doors features come in by.

Features (filter and timeline, user layers, bookmarks, projects, briefing,
print, analysis) are installed after the window is built and plug in only
through its named extension points:

* ``menu(id)``: the File, Edit, View, Analysis, Bookmarks and Help menus, by id,
  never by their (translatable) text or position;
* ``add_action(id, action, menu=..., toolbar=...)`` and ``action(id)``;
* ``on_escape(handler)``: one Esc chain, most recent first (the active tool,
  the briefing), then the selection is cleared;
* ``follow_map_moves(bool)``: whether the session adopts the page's reports of
  where the map is;
* the ``Session`` (state and workspace) they subscribe to.

Layer toggles are the window's own, made from the workspace's registry and
remade whenever its layers change; no feature adds or syncs them.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar, QSplitter, QToolBar, QWidget

from explorer import __version__, log
from explorer.i18n import N_, join, tr
from explorer.gui.panel import DossierPanel
from explorer.gui import window_layout
from explorer.gui.session import Session
from explorer.gui.window_layout import restored_state  # noqa: F401 - where features and tests have found it
from explorer.mapping.derive import page_state
from explorer.mapping.state import Camera, MapState
from explorer.mapping.views import VIEWS
from explorer.present import localize
from explorer.web.view import MapView
from explorer.workspace import Workspace

#: The menus every window has, in menu-bar order: id -> title.
MENUS = {"file": N_("&File"), "edit": N_("&Edit"), "view": N_("&View"), "analysis": N_("&Analysis"),
         "bookmarks": N_("&Bookmarks"), "help": N_("&Help")}
#: Names the window shows from the map's own tables (named views, the atlas's layers), in the catalogue.
SHOWN_NAMES = (N_("Okinawa"), N_("Japan"), N_("Region"), N_("Korea"), N_("Senkaku & Sakishima"),
               N_("States"), N_("Towns and cities"), N_("Threat vectors"), N_("Bases"))


class MainWindow(QMainWindow):
    """Wires the map view, the dossier panel, toolbar, menus and settings to one Session.

    Signals:
        languageRequested(str): View ▸ Language was chosen (the app rebuilds the window in it).
    """

    languageRequested = Signal(str)

    def __init__(self, workspace: Workspace, page_html: str, parent: QWidget | None = None,
                 view: MapView | None = None) -> None:
        """``view``: the map view made at the app's start (``gui.app``); ``page_html`` is unused if it is loading a page already."""
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Alliance Explorer")
        #: Set when another window took this one's place (View ▸ Language): closing it changes nothing.
        self.retired = False
        self.session = Session(workspace, parent=self)
        if view is None:
            self.map = MapView(workspace.has_layer, workspace.is_feature, self)
        else:
            self.map = view
            view.bind(workspace.has_layer, workspace.is_feature)
        self.panel = DossierPanel(self.session, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.map)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._menus: dict[str, QMenu] = {}
        self._actions: dict[str, QAction] = {}
        self._escape: list[Callable[[], bool]] = []
        self._follows_moves = True
        self._note = ""
        self._drawn_once = False
        self.layer_actions: dict[str, QAction] = {}
        self.view_actions: dict[str, QAction] = {}
        self._build_actions()
        self._build_status()
        from explorer.gui import features

        features.install_all(self)  # before the restore: docks get their saved places, features the state
        from explorer.gui.language import add_menu

        self.language_menu = add_menu(self)  # View ▸ Language, last in the View menu
        self._fitted = False
        self._restore()
        self._wire()
        self._sync_toolbar(self.session.state)
        self._show_selection(self.session.state.selected)
        if self.session.state.selected:
            self.panel.show_feature(self.session.state.selected)
        self._progress.show()
        self.statusBar().showMessage(tr("Loading map…"))
        if not self.map.has_page:
            self.map.show_page(page_html, self.session.state)
        self.map.apply(page_state(self.catalog, self.session.state))  # derived layers (filter, rings), once ready

    @property
    def catalog(self):
        """The workspace's catalog now (the atlas plus the open user layers)."""
        return self.workspace.catalog

    # -- extension points ------------------------------------------------------------
    def menu(self, menu_id: str) -> QMenu:
        """The menu with this id (``file``, ``edit``, ``view``, ``analysis``, ``bookmarks``, ``help``,
        and ``userlayers``, the View menu's "Your layers" submenu)."""
        return self._menus[menu_id]

    def add_action(self, action_id: str, action: QAction, menu: str | None = None, toolbar: bool = False,
                   before: str | None = None) -> QAction:
        """Register an action by id, add it to the window (so its shortcut works), a menu and the toolbar.

        ``before`` names an action already in that menu to insert in front of.
        """
        if action_id in self._actions:
            raise ValueError(f"action {action_id!r} is already registered")
        self._actions[action_id] = action
        self.addAction(action)
        if menu is not None:
            target = self._menus[menu]
            anchor = self._actions.get(before) if before else None
            if anchor is not None and anchor in target.actions():
                target.insertAction(anchor, action)
            else:
                target.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    def action(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def on_escape(self, handler: Callable[[], bool]) -> Callable[[], None]:
        """Put ``handler`` at the head of the Esc chain; it returns True if it used the key.

        Returns a function that takes the handler off the chain again.
        """
        self._escape.insert(0, handler)
        return lambda: self._escape.remove(handler) if handler in self._escape else None

    def escape(self) -> None:
        """Esc: the first handler that wants it (an active tool, the briefing), else clear the selection."""
        for handler in list(self._escape):
            if handler():
                return
        self.clear_selection()

    def notify(self, message: str) -> None:
        """A one-line note for the user in the status bar (kept until the map has drawn, if it has not yet)."""
        if self._drawn_once:
            self.statusBar().showMessage(message, 15000)
        else:
            self._note = " ".join(x for x in (self._note, message) if x)

    def follow_map_moves(self, follow: bool) -> None:
        """Whether the session adopts the page's reports of where the map is (the briefing turns it off)."""
        self._follows_moves = follow

    # -- construction -------------------------------------------------------
    def _build_actions(self) -> None:
        bar = self.addToolBar(tr("Views"))
        bar.setObjectName("views-toolbar")
        self.toolbar: QToolBar = bar
        for menu_id, title in MENUS.items():
            self._menus[menu_id] = self.menuBar().addMenu(tr(title))
        self.export_action = QAction(tr("&Export map…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.open_export_dialog)
        self.add_action("export", self.export_action, menu="file")
        self.menu("file").addSeparator()
        quit_action = QAction(tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.add_action("quit", quit_action, menu="file")

        view_menu = self.menu("view")
        group = QActionGroup(self)
        for view in VIEWS.values():
            label = tr(view.label)
            action = QAction(label.replace("&", "&&"), self)  # "&" would be a mnemonic
            action.setShortcut(QKeySequence(view.shortcut))
            action.setToolTip(tr("Show {view} ({keys})", view=label, keys=view.shortcut))
            action.triggered.connect(lambda _=False, name=view.name: self.go_to_view(name))
            group.addAction(action)
            self.add_action(f"view:{view.name}", action, menu="view", toolbar=True)
            self.view_actions[view.name] = action
        bar.addSeparator()
        view_menu.addSeparator()
        self._layers_anchor = view_menu.addSeparator()
        # One "Your layers" in the View menu: the user-layers feature adds its panel toggle here
        # (menu id "userlayers"), and each open layer's show/hide toggle follows it.
        self._user_layers_menu = QMenu(tr("Your &layers"), self)
        self._menus["userlayers"] = self._user_layers_menu
        view_menu.addMenu(self._user_layers_menu)
        self._bar_anchor = bar.addSeparator()
        bar.addAction(self.export_action)
        view_menu.addSeparator()
        self.share_action = share = QAction(tr("Okinawa's &share chart"), self)
        share.setCheckable(True)
        share.setShortcut(QKeySequence("Ctrl+Shift+H"))
        share.setToolTip(tr("Show Okinawa's share of the US exclusive-use area on the map ({keys})", keys="Ctrl+Shift+H"))
        share.toggled.connect(lambda on: self.session.update(share_chart=on))
        self.add_action("share-chart", share, menu="view", toolbar=True)
        find = QAction(tr("&Find feature"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.panel.search.setFocus(), self.panel.search.selectAll()))
        self.add_action("find", find, menu="view")
        self.clear_action = clear = QAction(tr("&Clear selection"), self)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.triggered.connect(self.escape)
        self.add_action("escape", clear, menu="view")
        for action_id, text, tip_text, keys, slot in (
                ("back", tr("&Back"), tr("Back to the previous page ({keys})", keys="Alt+Left"), "Alt+Left",
                 self.panel.go_back),
                ("forward", tr("&Forward"), tr("Forward to the next page ({keys})", keys="Alt+Right"), "Alt+Right",
                 self.panel.go_forward)):
            a = QAction(text, self)
            a.setShortcut(QKeySequence(keys))
            a.setToolTip(tip_text)
            a.triggered.connect(slot)
            self.add_action(action_id, a, menu="view")
        about = QAction(tr("&About Alliance Explorer"), self)
        about.triggered.connect(self._about)
        self.add_action("about", about, menu="help")
        self._rebuild_layer_actions()

    def _layer_label(self, spec) -> str:
        """A layer's name as the reader sees it: the atlas's in the catalogue, a user's as they named it."""
        return spec.label if spec.source == "user" else tr(spec.label)

    def _rebuild_layer_actions(self) -> None:
        """One checkable toggle per registered layer, top layer first, as the map's layer control lists them."""
        for lid, action in list(self.layer_actions.items()):
            if lid not in self.workspace.registry or self.workspace.registry.get(lid).label != action.data():
                self._drop_layer_action(lid)
        view_menu = self.menu("view")
        specs = list(self.workspace.registry)
        for spec in reversed(specs):
            if spec.id in self.layer_actions:
                continue
            action = QAction(self._layer_label(spec).replace("&", "&&"), self)
            action.setData(spec.label)
            action.setCheckable(True)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            user = spec.source == "user"
            name = self._layer_label(spec)
            if spec.shortcut:
                action.setToolTip(tr("Show or hide your layer {name} ({keys})", name=name, keys=spec.shortcut) if user
                                  else tr("Show or hide {layer} ({keys})", layer=name, keys=spec.shortcut))
            else:
                action.setToolTip(tr("Show or hide your layer {name}", name=name) if user
                                  else tr("Show or hide {layer}", layer=name))
            action.toggled.connect(self._layers_toggled)
            if user:
                if not any(a.isSeparator() for a in self._user_layers_menu.actions()):
                    self._user_layers_menu.addSeparator()
                self._user_layers_menu.addAction(action)
            else:
                view_menu.insertAction(self._layers_anchor, action)
            self.toolbar.insertAction(self._bar_anchor, action)
            self.addAction(action)
            self.layer_actions[spec.id] = action

    def _drop_layer_action(self, layer_id: str) -> None:
        action = self.layer_actions.pop(layer_id)
        for widget in (self._user_layers_menu, self.menu("view"), self.toolbar):
            widget.removeAction(action)
        self.removeAction(action)
        action.deleteLater()

    def _build_status(self) -> None:
        self._progress = QProgressBar(self)
        self._progress.setRange(0, 100)
        self._progress.setMaximumWidth(160)
        self._progress.setTextVisible(False)
        self.statusBar().addPermanentWidget(self._progress)
        #: The selected feature's name, for as long as it is selected (a message would outlive it or vanish).
        self.selection_label = QLabel(self)
        self.selection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.selection_label.setAccessibleName(tr("Selected feature"))
        self.statusBar().addPermanentWidget(self.selection_label)
        self._counts = QLabel(self)
        self.statusBar().addPermanentWidget(self._counts)
        self._update_counts()

    def _update_counts(self) -> None:
        catalog = self.catalog

        def count(layer: str) -> int:
            return len(catalog.layer(layer)) or sum(1 for p in catalog.places.values() if p.layer == layer)

        self._counts.setText(join([tr("{name}: {n:,}", name=self._layer_label(spec), n=count(spec.id))
                                   for spec in reversed(list(self.workspace.registry))]))

    def _wire(self) -> None:
        self.session.changed.connect(self._on_state_changed)
        self.session.layersChanged.connect(self._on_layers_changed)
        self.map.loadProgress.connect(self._progress.setValue)
        self.map.drawn.connect(self._on_drawn)
        self.map.loadFailed.connect(lambda why: self.show_error(tr("The map could not be shown"), why))
        self.map.rendererRestarted.connect(lambda n: setattr(self, "_restarted", True))
        self.map.rendererLost.connect(lambda why: self.show_error(
            tr("The map cannot be shown"), tr("{why}. The panel, search and exports still work; "
                                              "restart the app to try the map again.", why=why[:1].upper() + why[1:])))
        self.map.hereClicked.connect(self.panel.set_here)  # before the click selects: the chooser is ready
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
            else:
                self.panel.clear()
            self.statusBar().clearMessage()
            self._show_selection(new.selected)
        if new.layers != old.layers or new.share_chart != old.share_chart:
            self._sync_toolbar(new)

    def _show_selection(self, fid: str) -> None:
        f = self.catalog.features.get(fid) if fid else None
        self.selection_label.setText(tr("Selected: {name}", name=localize.name(f)) if f is not None else "")
        self.selection_label.setVisible(f is not None)

    def _on_layers_changed(self) -> None:
        """The workspace opened, closed or restyled a layer: the toggles, counts and state follow."""
        self._rebuild_layer_actions()
        self._update_counts()
        resolved = self.workspace.resolve(self.session.state)
        if not self.session.replace(resolved):
            self._sync_toolbar(resolved)

    def _sync_toolbar(self, state: MapState) -> None:
        for layer, action in self.layer_actions.items():
            action.blockSignals(True)
            action.setChecked(layer in state.layers)
            action.blockSignals(False)
        self.share_action.blockSignals(True)
        self.share_action.setChecked(state.share_chart)
        self.share_action.blockSignals(False)

    def _on_drawn(self) -> None:
        self._drawn_once = True
        self._progress.hide()
        if getattr(self, "_restarted", False):
            self._restarted = False
            self.statusBar().showMessage(tr("The map's renderer stopped; the map was reloaded as it was."), 10000)
        elif self._note:
            self.statusBar().showMessage(self._note, 20000)
            self._note = ""
        else:
            self.statusBar().showMessage(tr("Map ready. Click a feature to read its dossier."), 5000)

    def _on_view_changed(self, lat: float, lon: float, zoom: float) -> None:
        if self._follows_moves:
            self.session.update(camera=Camera(center=(lat, lon), zoom=zoom))

    # -- commands ---------------------------------------------------------------------
    def select_feature(self, fid: str) -> None:
        """Select a feature from the panel or search: its layer is shown and the map frames it."""
        if fid not in self.catalog.features:
            return
        state = self.session.state
        layer = self.catalog.features[fid].layer
        layers = state.layers if layer in state.layers else tuple(x for x in self.workspace.registry.ids()
                                                                  if x in state.layers or x == layer)
        self.session.update(selected=fid, highlight=(), layers=layers, camera=Camera(focus=fid))

    def highlight_provision(self, pid: str) -> None:
        ids = tuple(self.catalog.governed_by(pid))
        self.session.update(highlight=ids)
        p = self.catalog.provisions[pid]
        self.statusBar().showMessage(tr("{name}: {n} feature(s) highlighted on the map", name=localize.text(self.catalog, pid, "short", p.short), n=len(ids)), 8000)

    def highlight_controversy(self, cid: str) -> None:
        ids = tuple(self.catalog.concerned_by(cid))
        self.session.update(highlight=ids)
        c = self.catalog.controversies[cid]
        self.statusBar().showMessage(tr("{name}: {n} feature(s) highlighted on the map", name=localize.text(self.catalog, cid, "title", c.title), n=len(ids)), 8000)

    def clear_selection(self) -> None:
        self.session.update(selected="", highlight=())

    def go_to_view(self, name: str) -> None:
        self.session.update(camera=Camera(view=name))

    def visible_layers(self) -> list[str]:
        return list(self.session.state.layers)

    def _layers_toggled(self) -> None:
        self.session.update(layers=tuple(layer for layer in self.workspace.registry.ids()
                                         if layer in self.layer_actions and self.layer_actions[layer].isChecked()))

    def open_export_dialog(self) -> None:
        from explorer.gui.export_dialog import ExportDialog

        ExportDialog(self, self.workspace, self.session.state).exec()

    def show_error(self, title: str, message: str) -> None:
        log.gui.error("%s: %s", title, message)
        QMessageBox.warning(self, title, message)

    def _about(self) -> None:
        from explorer.present.panel_html import esc

        QMessageBox.about(self, tr("About Alliance Explorer"),
                          f"<b>Alliance Explorer</b> {esc(__version__)}<br>"
                          + esc(tr("A map of the US–Japan security alliance: bases, states, threat vectors, "
                                   "and the treaty provisions and controversies behind them.")) + "<br><br>"
                          + esc(tr("Basemap: Natural Earth (public domain); Japan's coast at large scales: GSHHG (LGPL). "
                                   "Towns: GeoNames (CC BY 4.0); some of their Japanese names: Unicode CLDR (Unicode License v3). "
                                   "Every record names its sources.")))

    # -- settings -----------------------------------------------------------
    def _restore(self) -> None:
        window_layout.restore(self)

    def _fit_to_screen(self) -> None:
        window_layout.fit_to_screen(self)

    def save_settings(self) -> None:
        window_layout.save(self)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._fitted:  # the frame's size is known only once shown
            self._fitted = True
            if self.size() == self._restored_size:  # not resized on purpose since (a test, a script)
                QTimer.singleShot(0, self._fit_to_screen)
            # After the splitter's and the screen's own adjustments, queued before: the map's final size.
            QTimer.singleShot(0, self.map.release)

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.retired:
            self.save_settings()
        super().closeEvent(event)

    def retire(self) -> None:
        """Close for good because another window took this one's place: the workspace stays as it is."""
        self.retired = True
        self.session.detach()
        self.close()
        self.map.dispose()
        self.deleteLater()
