"""Your own layers in the window: open (Ctrl+O, drag and drop, recent files), list, style, order, remove.

Reading runs in a :class:`~explorer.gui.worker.Worker` with a progress dialog
and Cancel. A file that needs a choice (a GeoPackage's layer, a CRS, a CSV's
coordinate columns) is asked about with :func:`ask`, then read again. A
loaded layer is registered (``mapping.userlayer.add``), its features join the
running catalog, the page draws it with ``AtlasExplorer.addLayer``, and it
gets a toggle in the toolbar and View menu like the atlas's own layers. What
the reader did to the data (sampled, simplified, repaired, dropped) is said
in the status bar and in the dock, never hidden.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (QColorDialog, QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QInputDialog, QLabel,
                               QListWidget, QListWidgetItem, QMenu, QProgressDialog, QPushButton, QSlider,
                               QToolBar, QVBoxLayout, QWidget)

from explorer import log
from explorer.atlas import userlayers as ul
from explorer.atlas.userlayers import LoadRequest, Loaded, NeedsChoice
from explorer.errors import ExplorerError
from explorer.gui.settings import settings
from explorer.gui.worker import Worker
from explorer.mapping import userlayer
from explorer.mapping.derive import page_state
from explorer.mapping.layers import REGISTRY
from explorer.mapping.page import layer_payload
from explorer.mapping.userlayer import PALETTE, SYMBOLS, UserStyle

MAX_RECENT = 10
STAMP_MIN_POINTS = 2000


def ask(parent: QWidget, question: NeedsChoice) -> str | None:
    """Ask the user to choose (a layer, CRS or columns); None if they cancel. Tests replace this."""
    editable = question.what == "crs"
    item, ok = QInputDialog.getItem(parent, "Open layer", question.question, list(question.options), 0, editable)
    return item.strip() if ok and item.strip() else None


class UserLayers(QObject):
    """The window's user layers: what is open, in drawing order, with its style."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.open: dict[str, tuple[Loaded, UserStyle]] = {}
        self.worker: Worker | None = None
        self.progress: QProgressDialog | None = None
        self.last_notes: list[str] = []
        self._colour = 0

    # -- opening ------------------------------------------------------------------
    def open_dialog(self) -> None:
        start = str(Path(self.recent()[0]).parent) if self.recent() else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open layer", start, ul.FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, **choices: str) -> None:
        """Read ``path`` off the GUI thread; ``choices`` are LoadRequest fields (layer, crs, columns...)."""
        if self.worker is not None:
            self.window.statusBar().showMessage("Still reading the last file; wait or cancel it first.", 5000)
            return
        lid = choices.pop("layer_id", "") or ul.layer_id_for(Path(path), lambda i: i in REGISTRY)
        self.start(LoadRequest(Path(path), layer_id=lid, **choices))

    def start(self, request: LoadRequest) -> None:
        worker = Worker(lambda progress, cancelled: ul.read_layer(request, progress, cancelled), self)
        self._run(worker, f"Reading {request.path.name}…",
                  lambda loaded: self._loaded(loaded), lambda exc: self._load_failed(request, exc))

    def _run(self, worker: Worker, title: str, ok: Callable, fail: Callable) -> None:
        self.worker = worker
        dlg = QProgressDialog(title, "Cancel", 0, 100, self.window)
        dlg.setWindowTitle("Alliance Explorer")
        dlg.setWindowModality(Qt.WindowModality.NonModal)
        dlg.setMinimumDuration(400)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(self.cancel)
        self.progress = dlg
        worker.progressed.connect(lambda pct, what: (dlg.setValue(pct), dlg.setLabelText(what)))
        # A result that arrives after Cancel (queued before it) is dropped, never applied.
        worker.succeeded.connect(lambda result: None if worker.is_cancelled else (self._end(), ok(result)))
        worker.raised.connect(lambda exc: None if worker.is_cancelled else (self._end(), fail(exc)))
        worker.finished.connect(worker.deleteLater)
        worker.start()

    def cancel(self) -> None:
        """Stop waiting for the file being read; its result, if any, is dropped."""
        if self.worker is not None:
            self.worker.cancel()
            self._end()
            self.window.statusBar().showMessage("Cancelled; nothing was added.", 5000)

    def _end(self) -> None:
        self.worker = None
        if self.progress is not None:
            dlg, self.progress = self.progress, None
            dlg.canceled.disconnect(self.cancel)
            dlg.close()
            dlg.deleteLater()

    def _load_failed(self, request: LoadRequest, exc: BaseException) -> None:
        if isinstance(exc, NeedsChoice):
            answer = ask(self.window, exc)
            if answer is None:
                self.window.statusBar().showMessage("Nothing was added.", 5000)
                return
            field = {"layer": "layer", "crs": "crs", "columns": "columns"}[exc.what]
            self.start(dataclasses.replace(request, **{field: answer}))
            return
        if isinstance(exc, ul.Cancelled):
            return
        if isinstance(exc, ExplorerError):
            self.window.show_error("The layer could not be opened", str(exc))
            return
        log.gui.error("reading %s failed", request.path, exc_info=exc)
        self.window.show_error("The layer could not be opened",
                               f"{request.path.name}: the file could not be read ({type(exc).__name__}: {exc})")

    def _loaded(self, loaded: Loaded, style: UserStyle | None = None, show: bool = True) -> None:
        if style is None:
            style = UserStyle(color=PALETTE[self._colour % len(PALETTE)],
                              opacity=0.85 if loaded.shape == "point" else 0.9)
            self._colour += 1
        try:
            spec = userlayer.add(self.window.catalog, loaded, style)
        except ExplorerError as exc:
            self.window.show_error("The layer could not be opened", str(exc))
            return
        self.open[spec.id] = (loaded, style)
        self._draw(spec.id)
        self._add_action(spec.id)
        self.remember(loaded.request.path)
        self._refresh_search()
        self.dock.refresh()
        state = self.window.session.state
        if show and spec.id not in state.layers:
            self.window.session.update(layers=(*state.layers, spec.id))
        self._refresh_visibility()
        self.last_notes = list(loaded.notes)
        what = f"{spec.label}: {len(loaded.features):,} feature(s) from {loaded.crs}"
        self.window.statusBar().showMessage(what + (" — " + "; ".join(loaded.notes) if loaded.notes else ""), 15000)

    # -- the page --------------------------------------------------------------------
    def _draw(self, layer_id: str) -> None:
        spec = REGISTRY.get(layer_id)
        feats = userlayer.features_of(self.window.catalog, layer_id)
        if len(feats) >= STAMP_MIN_POINTS:
            self.window.map.call("AtlasExplorer.stampCircles", True)
        self.window.map.call("AtlasExplorer.addLayer", layer_payload(spec, feats))

    def _refresh_visibility(self) -> None:
        """Redraw the state so a filter also applies to a layer that just arrived."""
        state = self.window.session.state
        if state.filter or state.as_of:
            self.window.map.call("AtlasExplorer.apply", {"visible": None})  # forget the last filter key
        self.window.map.apply(page_state(self.window.catalog, state))

    # -- toolbar and menu toggles, like the atlas's layers --------------------------
    def _add_action(self, layer_id: str) -> None:
        spec = REGISTRY.get(layer_id)
        action = QAction(spec.label.replace("&", "&&"), self.window)
        action.setCheckable(True)
        action.setToolTip(f"Show or hide your layer {spec.label}")
        action.toggled.connect(self.window._layers_toggled)
        self.window.layer_actions[layer_id] = action
        self.menu_layers.addAction(action)
        bar = self.window.findChild(QToolBar, "views-toolbar")
        if bar is not None:
            bar.addAction(action)
        self.window._sync_toolbar(self.window.session.state)

    def _drop_action(self, layer_id: str) -> None:
        action = self.window.layer_actions.pop(layer_id, None)
        if action is not None:
            self.menu_layers.removeAction(action)
            bar = self.window.findChild(QToolBar, "views-toolbar")
            if bar is not None:
                bar.removeAction(action)
            action.deleteLater()

    # -- changing a layer ------------------------------------------------------------------
    def remove(self, layer_id: str) -> None:
        if layer_id not in self.open:
            return
        state = self.window.session.state
        prefix = f"{ul.PREFIX}{layer_id}:"
        self.window.session.update(layers=tuple(x for x in state.layers if x != layer_id),
                                   selected="" if state.selected.startswith(prefix) else state.selected,
                                   highlight=tuple(i for i in state.highlight if not i.startswith(prefix)))
        self.window.map.call("AtlasExplorer.removeLayer", layer_id)
        self._drop_action(layer_id)
        userlayer.remove(self.window.catalog, layer_id)
        del self.open[layer_id]
        self._refresh_search()
        self.dock.refresh()

    def remove_all(self) -> None:
        for lid in list(self.open):
            self.remove(lid)

    def set_style(self, layer_id: str, style: UserStyle) -> None:
        loaded, _ = self.open[layer_id]
        self.open[layer_id] = (loaded, style)
        spec = userlayer.restyle(REGISTRY.get(layer_id), style)
        self.window.map.call("AtlasExplorer.setLayerStyle", layer_id, spec.symbols[0].to_json())
        self.dock.refresh()

    def move(self, layer_id: str, step: int) -> None:
        """Draw a layer one place higher (step 1) or lower (-1) among the user layers."""
        specs = userlayer.user_specs()
        ids = [s.id for s in specs]
        i = ids.index(layer_id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        a, b = specs[i], specs[j]
        userlayer.replace(a, z=b.z)
        userlayer.replace(b, z=a.z)
        for spec in userlayer.user_specs():  # re-add bottom first: the page orders by z
            self._draw(spec.id)
        self._refresh_visibility()
        self.dock.refresh()

    def set_name_field(self, layer_id: str, field: str) -> None:
        """Name (and search) a layer's features by another attribute."""
        loaded, style = self.open[layer_id]
        if field not in loaded.fields:
            return
        feats = []
        for f in loaded.features:
            v = dict(f.props).get(field)
            feats.append(dataclasses.replace(f, name=str(v) if v not in (None, "") else f"Feature {f.id.rsplit(':', 1)[1]}"))
        new = dataclasses.replace(loaded, features=feats, request=dataclasses.replace(loaded.request, name_field=field))
        ul.detach(self.window.catalog, layer_id)
        ul.attach(self.window.catalog, new)
        self.open[layer_id] = (new, style)
        self._draw(layer_id)
        self._refresh_visibility()
        self._refresh_search()
        if self.window.session.state.selected.startswith(new.prefix):
            self.window.panel.show_feature(self.window.session.state.selected)

    def filter_attribute(self, layer_id: str, field: str = "", value: str = "") -> None:
        """Show only this layer's features whose ``field`` is ``value`` (no field: this layer unfiltered).

        Other layers are not affected (the ``attribute`` facet constrains only its own layer).
        """
        from explorer.atlas.query import Filter

        state = self.window.session.state
        flt = Filter.from_json(dict(state.filter)) if state.filter else Filter()
        keep = {w for w in flt.attribute if not w.startswith(f"{layer_id}:")}
        if field:
            keep.add(f"{layer_id}:{field}={value}")
        data = dataclasses.replace(flt, attribute=frozenset(keep)).to_json()
        self.window.session.update(filter=data or None)
        shown = len(page_state(self.window.catalog, self.window.session.state)["visible"] or []) if data else None
        self.window.statusBar().showMessage(
            f"{field} = {value}: {shown:,} feature(s) shown in all" if field else "Attribute filter cleared", 6000)

    def values_of(self, layer_id: str, field: str, limit: int = 500) -> list[str]:
        """Distinct values of a field, as the attribute filter writes them (most common first)."""
        from collections import Counter

        from explorer.atlas.query import attribute_value

        loaded, _ = self.open[layer_id]
        prefix = f"{layer_id}:{field}="
        counts = Counter(attribute_value(layer_id, field, dict(f.props).get(field))[len(prefix):]
                         for f in loaded.features if dict(f.props).get(field) is not None)
        return [v for v, _ in counts.most_common(limit)]

    def layers(self) -> list[tuple[Loaded, UserStyle]]:
        """Open layers in drawing order, bottom first (what a project saves)."""
        return [self.open[s.id] for s in userlayer.user_specs() if s.id in self.open]

    # -- search ------------------------------------------------------------------------
    def _refresh_search(self) -> None:
        self.window.panel.refresh_search()

    # -- recent files ------------------------------------------------------------------
    def recent(self) -> list[str]:
        raw = settings().value("userlayers/recent", "[]")
        try:
            items = json.loads(str(raw))
        except (TypeError, ValueError):
            return []
        return [x for x in items if isinstance(x, str)][:MAX_RECENT] if isinstance(items, list) else []

    def remember(self, path: Path) -> None:
        p = str(Path(path).resolve())
        items = [p, *(x for x in self.recent() if x != p)][:MAX_RECENT]
        s = settings()
        s.setValue("userlayers/recent", json.dumps(items))
        s.sync()

    def _fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        items = self.recent()
        if not items:
            menu.addAction("(none)").setEnabled(False)
        for i, p in enumerate(items, 1):
            action = menu.addAction(f"&{i} {Path(p).name}".replace("&", "&&", 0))
            action.setToolTip(p)
            action.triggered.connect(lambda _=False, p=p: self.open_path(Path(p)))

    # -- drag and drop -------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        t = event.type()
        if t in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._dropped_paths(event):
                event.acceptProposedAction()
                return True
        elif t == QEvent.Type.Drop:
            paths = self._dropped_paths(event)
            if paths:
                event.acceptProposedAction()
                for p in paths[:1]:  # one at a time: each may ask a question
                    self.open_path(p)
                if len(paths) > 1:
                    self.window.statusBar().showMessage("Opened the first file; drop the others one at a time.", 8000)
                return True
        elif t in (QEvent.Type.ChildAdded, QEvent.Type.ChildPolished) and obj is self.window.map:
            # The web view makes a new render widget per page: drops land on it, so watch each one.
            child = event.child()
            if child is not None:
                child.removeEventFilter(self)
                child.installEventFilter(self)
        elif t == QEvent.Type.Close and obj is self.window:
            self.remove_all()
        return False

    @staticmethod
    def _dropped_paths(event) -> list[Path]:
        mime = event.mimeData()
        if not mime or not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls()
                if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in ul.FORMATS]


class LayersDock(QDockWidget):
    """The list of your layers with colour, symbol, opacity, order, name field and remove."""

    def __init__(self, ctl: UserLayers) -> None:
        super().__init__("Your layers", ctl.window)
        self.setObjectName("userlayers-dock")
        self.ctl = ctl
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(body)
        self.list.currentItemChanged.connect(lambda *_: self._sync_controls())
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.colour = QPushButton("Colour…", body)
        self.colour.clicked.connect(self._pick_colour)
        self.symbol = QComboBox(body)
        for key, (label, _, _) in SYMBOLS.items():
            self.symbol.addItem(label, key)
        self.symbol.currentIndexChanged.connect(self._symbol_changed)
        row.addWidget(self.colour)
        row.addWidget(self.symbol)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("Opacity", body))
        self.opacity = QSlider(Qt.Orientation.Horizontal, body)
        self.opacity.setRange(5, 100)
        self.opacity.valueChanged.connect(self._opacity_changed)
        row.addWidget(self.opacity, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("Name field", body))
        self.name_field = QComboBox(body)
        self.name_field.setToolTip("The attribute that names features (search, tooltips)")
        self.name_field.activated.connect(self._name_field_changed)
        row.addWidget(self.name_field, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show only", body))
        self.filter_field = QComboBox(body)
        self.filter_field.setToolTip("Filter this layer by an attribute (other layers are not affected)")
        self.filter_field.activated.connect(self._filter_field_changed)
        self.filter_value = QComboBox(body)
        self.filter_value.setEditable(True)
        row.addWidget(self.filter_field, 1)
        row.addWidget(QLabel("=", body))
        row.addWidget(self.filter_value, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        apply_filter = QPushButton("Filter", body)
        apply_filter.setToolTip("Show only this layer's features with that value")
        apply_filter.clicked.connect(lambda: self.current() and self.ctl.filter_attribute(
            self.current(), self.filter_field.currentText(), self.filter_value.currentText()))
        clear_filter = QPushButton("Show all", body)
        clear_filter.clicked.connect(lambda: self.current() and self.ctl.filter_attribute(self.current()))
        row.addWidget(apply_filter)
        row.addWidget(clear_filter)
        lay.addLayout(row)
        row = QHBoxLayout()
        for text, tip, fn in (("Up", "Draw above the layer over it", lambda: self._move(1)),
                              ("Down", "Draw below the layer under it", lambda: self._move(-1)),
                              ("Remove", "Remove the layer from the map (the file is untouched)", self._remove)):
            b = QPushButton(text, body)
            b.setToolTip(tip)
            b.clicked.connect(fn)
            row.addWidget(b)
        lay.addLayout(row)
        self.notes = QLabel("", body)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.notes)
        self.setWidget(body)
        self._syncing = False
        self.refresh()

    def current(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def refresh(self) -> None:
        keep = self.current()
        self.list.blockSignals(True)
        self.list.clear()
        for spec in reversed(userlayer.user_specs()):  # top first
            if spec.id not in self.ctl.open:
                continue
            loaded, style = self.ctl.open[spec.id]
            pix = QPixmap(14, 14)
            pix.fill(QColor(style.color))
            item = QListWidgetItem(QIcon(pix), f"{spec.label} ({len(loaded.features):,})")
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            item.setToolTip(str(loaded.request.path))
            self.list.addItem(item)
            if spec.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._sync_controls()
        if self.ctl.open and not self.isVisible() and self.ctl.window.isVisible():
            self.show()

    def _sync_controls(self) -> None:
        lid = self.current()
        enabled = bool(lid)
        for w in (self.colour, self.symbol, self.opacity, self.name_field, self.filter_field, self.filter_value):
            w.setEnabled(enabled)
        if not lid:
            self.notes.setText("Open a layer with File → Open layer… (Ctrl+O) or drop a file on the map.")
            return
        loaded, style = self.ctl.open[lid]
        self._syncing = True
        self.symbol.setCurrentIndex(list(SYMBOLS).index(style.symbol))
        self.opacity.setValue(round(style.opacity * 100))
        self.name_field.clear()
        self.name_field.addItems(list(loaded.fields))
        if loaded.request.name_field in loaded.fields:
            self.name_field.setCurrentText(loaded.request.name_field)
        self.filter_field.clear()
        self.filter_field.addItems(list(loaded.fields))
        self._syncing = False
        self._filter_field_changed()
        lines = [f"{len(loaded.features):,} feature(s), read from {loaded.crs}."] + list(loaded.notes)
        self.notes.setText("\n".join(lines))

    def _style(self, **changes) -> None:
        lid = self.current()
        if lid and not self._syncing:
            _, style = self.ctl.open[lid]
            self.ctl.set_style(lid, dataclasses.replace(style, **changes))

    def _pick_colour(self) -> None:
        lid = self.current()
        if not lid:
            return
        c = QColorDialog.getColor(QColor(self.ctl.open[lid][1].color), self, "Layer colour")
        if c.isValid():
            self._style(color=c.name())

    def _symbol_changed(self) -> None:
        self._style(symbol=self.symbol.currentData())

    def _opacity_changed(self, value: int) -> None:
        self._style(opacity=value / 100)

    def _name_field_changed(self) -> None:
        lid = self.current()
        if lid and not self._syncing:
            self.ctl.set_name_field(lid, self.name_field.currentText())

    def _filter_field_changed(self) -> None:
        lid, field = self.current(), self.filter_field.currentText()
        self.filter_value.clear()
        if lid and field:
            self.filter_value.addItems(self.ctl.values_of(lid, field))

    def _move(self, step: int) -> None:
        if self.current():
            self.ctl.move(self.current(), step)

    def _remove(self) -> None:
        if self.current():
            self.ctl.remove(self.current())


def install(window) -> UserLayers:
    """File → Open layer (Ctrl+O) and Open recent, drag and drop, the "Your layers" dock."""
    ctl = UserLayers(window)
    window.user_layers = ctl
    file_menu = window.menuBar().actions()[0].menu()
    first = file_menu.actions()[0] if file_menu.actions() else None
    open_action = QAction("&Open layer…", window)
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    open_action.setToolTip("Open your own GeoJSON, GeoPackage, KML/KMZ, Shapefile, FlatGeobuf, GPX or CSV (Ctrl+O)")
    open_action.triggered.connect(ctl.open_dialog)
    file_menu.insertAction(first, open_action)
    recent = QMenu("Open &recent layer", window)
    recent.aboutToShow.connect(lambda: ctl._fill_recent(recent))
    file_menu.insertMenu(first, recent)
    file_menu.insertSeparator(first)
    ctl.open_action = open_action
    view_menu = window.menuBar().actions()[1].menu()
    ctl.menu_layers = view_menu.addMenu("&Your layers")
    ctl.dock = LayersDock(ctl)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, ctl.dock)
    ctl.dock.hide()
    view_menu.addAction(ctl.dock.toggleViewAction())
    window.setAcceptDrops(True)
    window.installEventFilter(ctl)
    window.map.installEventFilter(ctl)
    for child in window.map.findChildren(QWidget):
        child.installEventFilter(ctl)
    return ctl


__all__ = ["install", "UserLayers", "LayersDock", "ask"]
