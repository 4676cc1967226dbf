"""Your own layers in the window: open (Ctrl+O, drag and drop, recent files), style, order, remove.

Reading runs in a :class:`~explorer.gui.worker.Worker` with a progress dialog
and Cancel (:class:`~explorer.gui.worker.BusyWork`, shared with projects). A
file that needs a choice (a GeoPackage's layer, a CRS, a CSV's coordinate
columns) is asked about with :func:`ask`, then read again. A loaded layer is
opened in the session's :class:`~explorer.workspace.Workspace`, which owns it;
everything else follows the workspace's ``layersChanged``: the page draws it
(:class:`~explorer.gui.page_layers.PageLayers`), the window makes its toggle,
search and the panel see its features. What the reader did to the data
(sampled, simplified, repaired, dropped) is said in the status bar and in the
dock, never hidden.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QWidget

from explorer import log
from explorer.atlas import userlayers as ul
from explorer.atlas.userlayers import LoadRequest, Loaded, NeedsChoice
from explorer.errors import ExplorerError
from explorer.gui.page_layers import PageLayers
from explorer.gui.settings import settings
from explorer.gui.worker import BusyWork, Worker
from explorer.i18n import tr
from explorer.mapping.derive import page_state
from explorer.mapping.userlayer import UserStyle

MAX_RECENT = 10


def ask(parent: QWidget, question: NeedsChoice) -> str | None:
    """Ask the user to choose (a layer, CRS or columns); None if they cancel. Tests replace this."""
    editable = question.what == "crs"
    item, ok = QInputDialog.getItem(parent, tr("Open layer"), question.question, list(question.options), 0, editable)
    return item.strip() if ok and item.strip() else None


class UserLayers(QObject):
    """Opens, styles, orders and removes the user layers of the window's workspace."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.workspace = window.session.workspace
        self.busy = BusyWork(window)
        self.page = PageLayers(window.session, window.map, self)
        self.last_notes: list[str] = []

    @property
    def open(self) -> dict[str, tuple[Loaded, UserStyle]]:
        """The open user layers, bottom first, as (what was read, its style): a view of the workspace."""
        return {u.id: (u.loaded, u.style) for u in self.workspace.user_layers()}

    @property
    def worker(self) -> Worker | None:
        """The read under way, if any (one at a time, shared with opening a project)."""
        return self.busy.worker

    # -- opening ------------------------------------------------------------------
    def open_dialog(self) -> None:
        start = str(Path(self.recent()[0]).parent) if self.recent() else ""
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open layer"), start, ul.FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, **choices: str) -> None:
        """Read ``path`` off the GUI thread; ``choices`` are LoadRequest fields (layer, crs, columns...)."""
        if self.busy.worker is not None:
            self.window.statusBar().showMessage(tr("Still reading the last file; wait or cancel it first."), 5000)
            return
        lid = choices.pop("layer_id", "") or self.workspace.new_layer_id(Path(path))
        self.start(LoadRequest(Path(path), layer_id=lid, **choices))

    def start(self, request: LoadRequest) -> None:
        worker = Worker(lambda progress, cancelled: ul.read_layer(request, progress, cancelled), self)
        self.busy.run(worker, tr("Reading {name}…", name=request.path.name),
                      lambda loaded: self.loaded(loaded), lambda exc: self._load_failed(request, exc))

    def cancel(self) -> None:
        """Stop waiting for the file being read; its result, if any, is dropped."""
        self.busy.cancel()

    def _load_failed(self, request: LoadRequest, exc: BaseException) -> None:
        if isinstance(exc, NeedsChoice):
            answer = ask(self.window, exc)
            if answer is None:
                self.window.statusBar().showMessage(tr("Nothing was added."), 5000)
                return
            field = {"layer": "layer", "crs": "crs", "columns": "columns"}[exc.what]
            self.start(dataclasses.replace(request, **{field: answer}))
            return
        if isinstance(exc, ul.Cancelled):
            return
        if isinstance(exc, ExplorerError):
            self.window.show_error(tr("The layer could not be opened"), str(exc))
            return
        log.gui.error("reading %s failed", request.path, exc_info=exc)
        self.window.show_error(tr("The layer could not be opened"),
                               tr("{name}: the file could not be read ({why})", name=request.path.name,
                                  why=type(exc).__name__ + ": " + str(exc)))

    def loaded(self, loaded: Loaded, style: UserStyle | None = None, show: bool = True) -> None:
        """Open a read layer in the workspace and show it (the page, toggles and search follow)."""
        try:
            layer = self.workspace.add_layer(loaded, style)
        except ExplorerError as exc:
            self.window.show_error(tr("The layer could not be opened"), str(exc))
            return
        self.remember(loaded.request.path)
        state = self.session.state
        if show and layer.id not in state.layers:
            self.session.update(layers=(*state.layers, layer.id))
        self.dock.refresh()
        self.last_notes = list(loaded.notes)
        what = tr("{name}: {n:,} feature(s) from {crs}", name=layer.spec.label, n=len(loaded.features), crs=loaded.crs)
        self.window.statusBar().showMessage(what + (" — " + "; ".join(loaded.notes) if loaded.notes else ""), 15000)

    # -- changing a layer ------------------------------------------------------------------
    def remove(self, layer_id: str) -> None:
        try:
            self.workspace.remove_layer(layer_id)  # the window drops its toggle and its ids from the state
        except ValueError:
            return
        self.dock.refresh()

    def remove_all(self) -> None:
        self.workspace.remove_all()
        self.dock.refresh()

    def set_style(self, layer_id: str, style: UserStyle) -> None:
        self.workspace.set_style(layer_id, style)
        self.dock.refresh()

    def move(self, layer_id: str, step: int) -> None:
        """Draw a layer one place higher (step 1) or lower (-1) among the user layers."""
        if self.workspace.move(layer_id, step):
            self.dock.refresh()

    def set_name_field(self, layer_id: str, field: str) -> None:
        """Name (and search) a layer's features by another attribute."""
        if self.workspace.set_name_field(layer_id, field) and self.session.state.selected.startswith(
                f"{ul.PREFIX}{layer_id}:"):
            self.window.panel.show_feature(self.session.state.selected, remember=False)

    def filter_attribute(self, layer_id: str, field: str = "", value: str = "") -> None:
        """Show only this layer's features whose ``field`` is ``value`` (no field: this layer unfiltered).

        Other layers are not affected (the ``attribute`` facet constrains only its own layer).
        """
        from explorer.atlas.query import Filter

        state = self.session.state
        flt = state.filter or Filter()
        keep = {w for w in flt.attribute if not w.startswith(f"{layer_id}:")}
        if field:
            keep.add(f"{layer_id}:{field}={value}")
        self.session.update(filter=dataclasses.replace(flt, attribute=frozenset(keep)))
        new = self.session.state
        shown = len(page_state(self.workspace.catalog, new)["visible"] or []) if new.filter else None
        self.window.statusBar().showMessage(
            tr("{field} = {value}: {n:,} feature(s) shown in all", field=field, value=value, n=shown) if field
            else tr("Attribute filter cleared"), 6000)

    def values_of(self, layer_id: str, field: str, limit: int = 500) -> list[str]:
        """Distinct values of a field, as the attribute filter writes them (most common first)."""
        from collections import Counter

        from explorer.atlas.query import attribute_value

        prefix = f"{layer_id}:{field}="
        feats = self.workspace.user_layer(layer_id).features
        counts = Counter(attribute_value(layer_id, field, dict(f.props).get(field))[len(prefix):]
                         for f in feats if dict(f.props).get(field) is not None)
        return [v for v, _ in counts.most_common(limit)]

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

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        items = self.recent()
        if not items:
            menu.addAction(tr("(none)")).setEnabled(False)
        for i, p in enumerate(items, 1):
            action = menu.addAction(f"&{i} {Path(p).name.replace('&', '&&')}")
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
                    self.window.statusBar().showMessage(tr("Opened the first file; drop the others one at a time."), 8000)
                return True
        elif t in (QEvent.Type.ChildAdded, QEvent.Type.ChildPolished) and obj is self.window.map:
            # The web view makes a new render widget per page: drops land on it, so watch each one.
            child = event.child()
            if child is not None:
                child.removeEventFilter(self)
                child.installEventFilter(self)
        elif t == QEvent.Type.Close and obj is self.window and not self.window.retired:
            self.workspace.remove_all()  # a window replaced by another (View ▸ Language) leaves them open
        return False

    @staticmethod
    def _dropped_paths(event) -> list[Path]:
        mime = event.mimeData()
        if not mime or not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls()
                if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in ul.FORMATS]


def install(window) -> UserLayers:
    """File → Open layer (Ctrl+O) and Open recent, drag and drop, the "Your layers" dock."""
    from explorer.gui.layers_dock import LayersDock

    ctl = UserLayers(window)
    window.user_layers = ctl
    file_menu = window.menu("file")
    open_action = QAction(tr("&Open layer…"), window)
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    open_action.setToolTip(tr("Open your own GeoJSON, GeoPackage, KML/KMZ, Shapefile, FlatGeobuf, GPX or CSV ({keys})",
                              keys="Ctrl+O"))
    open_action.triggered.connect(ctl.open_dialog)
    window.add_action("open-layer", open_action, menu="file", before="export")
    recent = QMenu(tr("Open &recent layer"), window)
    recent.aboutToShow.connect(lambda: ctl.fill_recent(recent))
    file_menu.insertMenu(window.action("export"), recent)
    file_menu.insertSeparator(window.action("export"))
    ctl.open_action = open_action
    ctl.dock = LayersDock(ctl)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, ctl.dock)
    ctl.dock.hide()
    toggle = ctl.dock.toggleViewAction()
    toggle.setText(tr("Show the &panel"))
    toggle.setToolTip(tr("Show or hide the panel of your layers: colour, symbol, order, labels, remove"))
    window.menu("userlayers").addAction(open_action)
    window.add_action("userlayers-dock", toggle, menu="userlayers")
    window.setAcceptDrops(True)
    window.installEventFilter(ctl)
    window.map.installEventFilter(ctl)
    for child in window.map.findChildren(QWidget):
        child.installEventFilter(ctl)
    return ctl


__all__ = ["install", "UserLayers", "ask"]
