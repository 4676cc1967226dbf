"""Analysis in the window: range rings, their coverage, the measure tool, and undo for rings.

``install(window)`` adds an Analysis menu and toolbar (Range ring Ctrl+R, Ring
at a place Ctrl+Shift+R, Measure Ctrl+M), an Edit menu with Undo/Redo for
rings, and the panel sections of :mod:`explorer.present.coverage_html`
(coverage of a published range band, reach of a base). All words and numbers
come from :mod:`explorer.present.coverage`; this module only shows them and
turns user actions into ``session.update``.

Rings live in ``MapState.rings`` (so settings, the map and every export see
them); each change to them is a command on a small ``QUndoStack``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (QFileDialog, QToolBar)

from explorer.atlas.records import Base
from explorer.errors import ExplorerError
from explorer.i18n import tr
from explorer.mapping.state import MapState
from explorer.present import coverage as pc
from explorer.gui.ring_dialog import RingDialog
from explorer.present.coverage_html import coverage_section, reach_section, ring_html

MAX_RINGS = 100


class RingsCommand(QUndoCommand):
    """Replace the session's rings (add or remove one, or clear them): undo puts them back."""

    def __init__(self, analysis: "Analysis", before: tuple, after: tuple, text: str) -> None:
        super().__init__(text)
        self.analysis, self.before, self.after = analysis, before, after

    def redo(self) -> None:
        self.analysis.set_rings(self.after)

    def undo(self) -> None:
        self.analysis.set_rings(self.before)


class Analysis(QObject):
    """The window's analysis tools; one per window, made by :func:`install`."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.panel = window.panel
        self.tool = ""
        self.shown_ring = ""  # the user ring whose coverage the panel shows
        self.sort: tuple[str, bool] = ("distance", False)
        self.current_coverage: dict[str, Any] | None = None
        self.dialog: RingDialog | None = None
        self.undo = QUndoStack(self)
        self._build_actions()
        self.panel.sections.append(self._sections)
        self.panel.browser.anchorClicked.connect(self._link)
        self.window.map.pointPicked.connect(self._point_picked)
        self.window.map.cleared.connect(self._map_cleared)
        self.session.changed.connect(self._on_state_changed)
        window.on_escape(self._escape)

    @property
    def catalog(self):
        """The workspace's catalog now (user layers included)."""
        return self.session.workspace.catalog

    def _next_ring_id(self) -> str:
        """``r<n>``, one past the highest ring id in the state now (restored rings included)."""
        known = [int(m[1]) for r in self.session.state.rings if (m := re.fullmatch(r"r(\d+)", str(r.get("id", ""))))]
        return f"r{max(known, default=0) + 1}"

    # -- actions --------------------------------------------------------------------------
    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None, tip: str,
                slot: Callable, checkable: bool = False) -> QAction:
        a = QAction(text, self.window)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        a.setToolTip(f"{tip} ({keys})" if keys else tip)
        a.setStatusTip(tip)
        a.setCheckable(checkable)
        (a.toggled if checkable else a.triggered).connect(slot)
        return a

    def _build_actions(self) -> None:
        w = self.window
        self.ring_action = self._action(tr("&Range ring"), "Ctrl+R", tr("Click the map to centre a range ring there"),
                                        lambda on: self.set_tool("ring" if on else ""), checkable=True)
        self.measure_action = self._action(tr("&Measure distance"), "Ctrl+M",
                                           tr("Click points on the map to measure geodesic distances"),
                                           lambda on: self.set_tool("measure" if on else ""), checkable=True)
        self.tools = QActionGroup(self)
        self.tools.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.tools.addAction(self.ring_action)
        self.tools.addAction(self.measure_action)
        self.place_ring_action = self._action(tr("Range ring at a &place…"), "Ctrl+Shift+R",
                                              tr("Centre a range ring on a launch point, state or city of the atlas"),
                                              lambda: self.open_ring_dialog(None))
        self.clear_rings_action = self._action(tr("Remove &all rings"), None, tr("Remove every range ring (undoable)"),
                                               self.remove_all_rings)
        self.undo_action = self.undo.createUndoAction(self, tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo.createRedoAction(self, tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
        w.add_action("undo", self.undo_action, menu="edit")
        w.add_action("redo", self.redo_action, menu="edit")
        menu = w.menu("analysis")
        w.add_action("ring", self.ring_action, menu="analysis")
        w.add_action("ring-at-place", self.place_ring_action, menu="analysis")
        self.rings_menu = menu.addMenu(tr("&Show ring"))
        self.rings_menu.aboutToShow.connect(self._fill_rings_menu)
        w.add_action("rings-clear", self.clear_rings_action, menu="analysis")
        menu.addSeparator()
        w.add_action("measure", self.measure_action, menu="analysis")
        self.menu = menu

        tb = QToolBar(tr("Analysis"), w)
        tb.setObjectName("analysis-toolbar")
        tb.addAction(self.ring_action)
        tb.addAction(self.measure_action)
        w.addToolBar(tb)
        self.toolbar = tb

    def _fill_rings_menu(self) -> None:
        self.rings_menu.clear()
        rings = self.session.state.rings
        if not rings:
            self.rings_menu.addAction(tr("(no rings)")).setEnabled(False)
        for r in rings:
            a = self.rings_menu.addAction(str(r.get("label", r.get("id", ""))).replace("&", "&&"))
            a.triggered.connect(lambda _=False, rid=r.get("id", ""): self.show_ring(rid))

    # -- tools ------------------------------------------------------------------------------
    def set_tool(self, name: str) -> None:
        """Turn a map tool on ("ring", "measure") or off (""); toolbar and menu follow."""
        if name == self.tool:
            return
        self.tool = name
        for action, tool in ((self.ring_action, "ring"), (self.measure_action, "measure")):
            action.blockSignals(True)
            action.setChecked(name == tool)
            action.blockSignals(False)
        self.window.map.call("AtlasExplorer.setTool", name)
        bar = self.window.statusBar()
        if name == "measure":
            self.session.update(measure=())
            bar.showMessage(pc.measure_text(()))
        elif name == "ring":
            bar.showMessage(tr("Range ring: click the map where the ring is centred ({keys} cancels).", keys="Esc"))
        else:
            bar.clearMessage()

    def escape(self) -> None:
        """Esc, as the key does: the window's Esc chain."""
        self.window.escape()

    def _escape(self) -> bool:
        """In the Esc chain: end the active tool (and stop there); else clear the measure line and ring panel."""
        if self.tool:
            points = self.session.state.measure if self.tool == "measure" else ()
            self.set_tool("")
            if len(points) > 1:
                self.window.statusBar().showMessage(pc.measure_text(points, active=False), 15000)
            return True
        self.session.update(measure=())
        if self.shown_ring:
            self.shown_ring = ""
            self.current_coverage = None
            self.panel.clear()
        return False  # the window then clears the selection

    def _point_picked(self, lat: float, lon: float) -> None:
        if self.tool == "measure":
            points = (*self.session.state.measure, (lat, lon))[-1000:]
            self.session.update(measure=points)
            self.window.statusBar().showMessage(pc.measure_text(points))
        elif self.tool == "ring":
            self.set_tool("")
            self.open_ring_dialog((lat, lon))

    def _map_cleared(self) -> None:
        if self.shown_ring:
            self.shown_ring = ""
            self.current_coverage = None
            self.panel.clear()

    # -- rings --------------------------------------------------------------------------------
    def open_ring_dialog(self, point: tuple[float, float] | None) -> RingDialog:
        """The ring dialog, window-modal but not blocking; an accepted ring is added (undoable)."""
        dlg = RingDialog(self.window, self.catalog, point)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self.add_ring(dlg.ring()))
        dlg.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = dlg
        dlg.open()
        return dlg

    def set_rings(self, rings: tuple) -> None:
        """Make ``rings`` the session's rings (the undo commands' one effect).

        Removing the ring whose coverage is shown also drops its highlight, in the same update.
        """
        changes: dict[str, Any] = {"rings": tuple(rings)}
        if self.shown_ring and self.shown_ring not in {r.get("id") for r in rings}:
            changes["highlight"] = ()
        self.session.update(**changes)

    def add_ring(self, ring: dict[str, Any]) -> str:
        """Add a ring (undoable), show its coverage and highlight the bases it covers; returns its id."""
        rings = self.session.state.rings
        if len(rings) >= MAX_RINGS:
            self.window.show_error(tr("Too many rings"), tr("At most {n} rings; remove one first.", n=MAX_RINGS))
            return ""
        rid = self._next_ring_id()
        new = {"id": rid, **ring}
        self.undo.push(RingsCommand(self, rings, (*rings, new), tr("add ring {name}", name=new["label"])))
        self.show_ring(rid)
        return rid

    def remove_ring(self, rid: str) -> None:
        rings = self.session.state.rings
        keep = tuple(r for r in rings if r.get("id") != rid)
        if len(keep) != len(rings):
            gone = next(r for r in rings if r.get("id") == rid)
            self.undo.push(RingsCommand(self, rings, keep, tr("remove ring {name}", name=gone.get("label", rid))))

    def remove_all_rings(self) -> None:
        rings = self.session.state.rings
        if rings:
            self.undo.push(RingsCommand(self, rings, (), tr("remove all rings")))

    def _ring(self, rid: str) -> dict[str, Any] | None:
        return next((dict(r) for r in self.session.state.rings if r.get("id") == rid), None)

    def _ring_coverage(self, r: dict[str, Any]) -> dict[str, Any]:
        threat = r.get("threat") if isinstance(r.get("threat"), str) else ""
        return pc.coverage_dict(self.catalog, pc.user_ring(r), threat_id=threat, user=True,
                                sort=self.sort[0], descending=self.sort[1])

    def show_ring(self, rid: str) -> None:
        """Show a user ring's coverage in the panel and highlight the bases it covers."""
        r = self._ring(rid)
        if r is None:
            return
        cd = self._ring_coverage(r)
        ids = tuple(b["id"] for b in cd["bases"])
        self.session.update(selected="", highlight=ids, layers=self._with_bases())
        self.shown_ring = rid
        self.current_coverage = cd
        self.panel.show_html(ring_html(cd))
        self.window.statusBar().showMessage(tr("{name}: {n} base(s) within range, highlighted", name=r["label"], n=len(ids)), 8000)

    def _with_bases(self) -> tuple[str, ...]:
        layers = self.session.state.layers
        return layers if "bases" in layers else (*layers, "bases")

    # -- the panel ------------------------------------------------------------------------------
    def _sections(self, fid: str) -> tuple[str, str]:
        f = self.catalog.features.get(fid)
        if pc.is_missile_range(self.catalog, fid):
            ring = pc.catalog_ring(self.catalog, fid)
            if ring is not None:
                cd = pc.coverage_dict(self.catalog, ring, sort=self.sort[0], descending=self.sort[1])
                self.current_coverage = cd
                return coverage_section(cd), ""
        if isinstance(f, Base):
            return "", reach_section(pc.reach_dict(self.catalog, fid, self.session.state.rings))
        return "", ""

    def _rerender(self, anchor: str = "") -> None:
        """Show the same page again (another sort order), keeping the scroll and the focused link."""
        browser = self.panel.browser
        scroll = browser.verticalScrollBar().value()
        if self.shown_ring:
            r = self._ring(self.shown_ring)
            if r is None:
                return
            self.current_coverage = self._ring_coverage(r)
            browser.setHtml(ring_html(self.current_coverage))
        elif self.panel.current:
            self.panel.show_feature(self.panel.current)
        if anchor:
            self._focus_link(anchor)
        browser.verticalScrollBar().setValue(scroll)

    def _focus_link(self, href: str) -> None:
        """Put the keyboard focus on the link ``href`` (as Tab would), so Enter activates it again."""
        doc = self.panel.browser.document()
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.isValid() and frag.charFormat().anchorHref() == href:
                    cursor = QTextCursor(doc)
                    cursor.setPosition(frag.position())
                    cursor.setPosition(frag.position() + frag.length(), QTextCursor.MoveMode.KeepAnchor)
                    self.panel.browser.setTextCursor(cursor)
                    return
                it += 1
            block = block.next()

    def _link(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.path()
        if scheme == "sort" and target in pc.SORT_KEYS:
            key, desc = self.sort
            self.sort = (target, not desc) if key == target else (target, False)
            self._rerender(f"sort:{target}")
        elif scheme == "csv":
            self.ask_save_csv()
        elif scheme == "ring":
            self.show_ring(target)
        elif scheme == "unring":
            self.remove_ring(target)

    def ask_save_csv(self) -> None:
        cd = self.current_coverage
        if not cd:
            return
        name = re.sub(r"[^\w.-]+", "-", cd["ring"]["label"]).strip("-")[:60] or "coverage"
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save the coverage table as CSV"),
                                              str(Path.home() / f"{name}.csv"), tr("CSV files (*.csv)"))
        if path:
            self.save_csv(Path(path))

    def save_csv(self, path: Path) -> Path | None:
        """Write the table shown (in its order) to ``path``, atomically; a failure is one message."""
        from explorer.export.files import write_bytes

        cd = self.current_coverage
        if not cd:
            return None
        try:
            write_bytes(path, pc.coverage_csv(cd).encode("utf-8"))
        except (ExplorerError, OSError) as exc:
            self.window.show_error(tr("The table could not be saved"), str(exc))
            return None
        self.window.statusBar().showMessage(tr("Saved {n} row(s) to {path}", n=len(cd["bases"]), path=path), 8000)
        return path

    # -- the session ------------------------------------------------------------------------------
    def _on_state_changed(self, new: MapState, old: MapState) -> None:
        if new.selected != old.selected:
            self.shown_ring = ""
            if not pc.is_missile_range(self.catalog, new.selected):
                self.current_coverage = None
            self._highlight_later(new.selected)
        if new.rings != old.rings:
            ids = {r.get("id") for r in new.rings}
            if self.shown_ring and self.shown_ring not in ids:
                self.shown_ring = ""
                self.current_coverage = None
                self.panel.clear()
            elif self.shown_ring:
                self._rerender()
            elif isinstance(self.catalog.features.get(self.panel.current), Base):
                self._rerender()  # "Within range of" lists the user's rings too

    def _highlight_later(self, fid: str) -> None:
        """Selecting a published range band highlights the bases it covers (after the selection settles)."""
        if not pc.is_missile_range(self.catalog, fid):
            return

        def go() -> None:
            state = self.session.state
            if state.selected == fid and not state.highlight:
                ring = pc.catalog_ring(self.catalog, fid)
                if ring is None:
                    return
                ids = tuple(b["id"] for b in pc.coverage_dict(self.catalog, ring)["bases"])
                self.session.update(highlight=ids, layers=self._with_bases())
                self.window.statusBar().showMessage(
                    tr("{name}: {n} base(s) within range, highlighted", name=pc.short_name(ring.label), n=len(ids)),
                    8000)

        QTimer.singleShot(0, go)


def install(window: Any) -> Analysis:
    """Add the analysis tools to a MainWindow; returns the controller (``window.analysis``)."""
    window.analysis = Analysis(window)
    return window.analysis


__all__ = ["install", "Analysis", "RingDialog", "RingsCommand"]
