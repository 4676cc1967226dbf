"""The filter and timeline dock: facets with counts and live figures here; the "as of" slider in timeline_tab.

Both tabs only read the window's :class:`~explorer.gui.session.Session` and
call ``session.update``; the map, the dossier and the exports follow the same
state. Counts, figures and the state of the law at a date come from the
Qt-free model (``atlas.query``, ``atlas.timeline``) and are formatted by the
presenter, so the dock, the CLI and the exported title block agree.

Keyboard: Ctrl+Shift+F focuses the filter text, Ctrl+Shift+T the timeline's
slider; in the facet tree arrows move and Space ticks; on the slider arrows
and Page Up/Down step by years, and Space on the Play button plays or pauses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (QButtonGroup, QDockWidget, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from explorer.atlas import query
from explorer.atlas.catalog import Catalog
from explorer.atlas.figures import share_gap
from explorer.atlas.query import FACETS, Filter
from explorer.gui.session import Session
from explorer.gui.timeline_tab import ReadsWorkspace, TimelineTab, date_text
from explorer.gui.tips import tip
from explorer.i18n import N_, Lazy, tr
from explorer.mapping.derive import visible_ids
from explorer.mapping.state import MapState
from explorer.present import labels, localize
from explorer.present.selection import figures_line

#: What the panel calls each facet.
FACET_LABELS = Lazy({"layers": N_("Layer"), "service": N_("Service"), "prefecture": N_("Prefecture"),
                     "island": N_("Island"), "use": N_("Use (SOFA)"), "status": N_("Status"),
                     "threat_kind": N_("Threat kind"), "actor": N_("Actor"), "provision": N_("Provision"),
                     "controversy": N_("Controversy"), "attribute": N_("Attribute (your layers)")})
#: A facility's status, as the Status facet lists it.
STATUS_LABELS = Lazy({"active": N_("In use"), "partially_returned": N_("Partly returned"),
                      "planned_return": N_("Return planned"), "returned": N_("Returned")})

#: The atlas's own layers, as the Layer facet lists them (user layers show their own names).
ATLAS_LAYER_LABELS = {"states": N_("States"), "places": N_("Towns and cities"), "threats": N_("Threat vectors"),
                      "bases": N_("Bases")}


def _value_label(catalog: Catalog, facet: str, value: str) -> str:
    """Readable words for a facet value (ids become names)."""
    if facet == "provision" and value in catalog.provisions:
        return localize.text(catalog, value, "short", catalog.provisions[value].short)
    if facet == "controversy" and value in catalog.controversies:
        return localize.text(catalog, value, "title", catalog.controversies[value].title)
    if facet == "actor" and value in catalog.features:
        return localize.name(catalog.features[value])
    if facet == "use":
        return tr(labels.USE_SHORT.get(value, value))
    if facet == "status" and value in STATUS_LABELS:
        return STATUS_LABELS[value]
    if facet == "threat_kind" and value in labels.THREAT_KIND:
        return tr(labels.THREAT_KIND[value])
    if facet == "layers" and value in ATLAS_LAYER_LABELS:
        return tr(ATLAS_LAYER_LABELS[value])
    return value.replace("_", " ")


def figures_text(catalog: Catalog, state: MapState) -> str:
    """The live figures of what the map shows: count, area, share of the national exclusive-use area."""
    ids = visible_ids(catalog, state)
    shown = list(catalog.features) if ids is None else ids
    return figures_line(query.figures(catalog, shown), share_gap(catalog))


class FilterTab(ReadsWorkspace, QWidget):
    """Facet checkboxes with counts, free text, hide/grey, Clear all, live figures."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(tr("Filter by name or id…  ({keys})", keys="Ctrl+Shift+F"))
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self._text_changed)
        self.hide_mode = QRadioButton(tr("&Hide others"), self)
        self.grey_mode = QRadioButton(tr("&Grey others"), self)
        group = QButtonGroup(self)
        group.addButton(self.hide_mode)
        group.addButton(self.grey_mode)
        self.hide_mode.toggled.connect(self._mode_changed)
        self.clear_button = QPushButton(tr("C&lear all"), self)
        self.clear_button.setToolTip(tr("Remove every filter constraint"))
        self.clear_button.clicked.connect(self.clear)
        self.figures = QLabel(self)
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr("Facets"))
        self.tree.itemChanged.connect(self._item_changed)

        modes = QHBoxLayout()
        modes.addWidget(self.hide_mode)
        modes.addWidget(self.grey_mode)
        modes.addStretch(1)
        modes.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text)
        layout.addLayout(modes)
        layout.addWidget(self.figures)
        layout.addWidget(self.tree, 1)
        self._expanded: set[str] = {"layers", "service", "prefecture"}
        self._syncing = False
        self.sync(session.state)

    # -- from the state -------------------------------------------------------
    def current_filter(self) -> Filter:
        f = self.session.state.filter
        return f or Filter()

    def sync(self, state: MapState) -> None:
        """Show ``state``'s filter, counts and figures (never writes the state)."""
        self._syncing = True
        try:
            flt = state.filter or Filter()
            if self.text.text() != flt.text:
                self.text.setText(flt.text)
            self.hide_mode.setChecked(state.filter_mode != "grey")
            self.grey_mode.setChecked(state.filter_mode == "grey")
            self._fill_tree(flt, state.when)
            self.figures.setText(figures_text(self.catalog, state))
        finally:
            self._syncing = False

    def _fill_tree(self, flt: Filter, when: dt.date | None) -> None:
        """Every value the atlas has, in one fixed order (most frequent in the whole atlas first),
        so a value stays under the pointer whatever is ticked; one that now gives nothing is greyed
        and counted 0, never removed."""
        counts = query.facet_counts(self.catalog, flt, when)
        every = query.facet_counts(self.catalog, Filter(), None)
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        current = self.tree.currentItem()
        focus = (current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None)
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            name = top.data(0, Qt.ItemDataRole.UserRole)[0]
            (self._expanded.add if top.isExpanded() else self._expanded.discard)(name)
        self.tree.blockSignals(True)
        self.tree.clear()
        for name in FACETS:
            now = counts.get(name, {})
            values = {v: now.get(v, 0) for v in (*every.get(name, {}), *now)}
            if not values:
                continue
            chosen = getattr(flt, name)
            label = FACET_LABELS.get(name, name.replace("_", " ").capitalize())  # a facet added later still shows
            top = QTreeWidgetItem([tr("{facet}  ({n} chosen)", facet=label, n=len(chosen)) if chosen else label])
            top.setData(0, Qt.ItemDataRole.UserRole, (name, ""))
            self.tree.addTopLevelItem(top)
            for value, n in values.items():
                item = QTreeWidgetItem([f"{_value_label(self.catalog, name, value)}  ({n})"])
                item.setData(0, Qt.ItemDataRole.UserRole, (name, value))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
                item.setToolTip(0, tip(value if n else tr("{value}: no feature matches together with the other choices",
                                                          value=value)))
                if not n:
                    item.setForeground(0, grey)
                top.addChild(item)
                if focus == (name, value):
                    self.tree.setCurrentItem(item)
            top.setExpanded(name in self._expanded or bool(chosen))
            if focus == (name, ""):
                self.tree.setCurrentItem(top)
        self.tree.blockSignals(False)

    # -- to the state -----------------------------------------------------------
    def _apply(self, flt: Filter) -> None:
        data = flt.to_json()
        self.session.update(filter=data or None)

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._syncing:
            return
        name, value = item.data(0, Qt.ItemDataRole.UserRole)
        if not value:
            return
        flt = self.current_filter()
        chosen = set(getattr(flt, name))
        if item.checkState(0) == Qt.CheckState.Checked:
            chosen.add(value)
        else:
            chosen.discard(value)
        new = Filter(**{**{n: getattr(flt, n) for n in FACETS}, name: frozenset(chosen), "text": flt.text})
        # Not now: the update rebuilds the tree, and the item is still inside its own setData.
        QTimer.singleShot(0, self, lambda: self._apply(new))

    def _text_changed(self, text: str) -> None:
        if self._syncing:
            return
        flt = self.current_filter()
        self._apply(Filter(**{n: getattr(flt, n) for n in FACETS}, text=text.strip()))

    def _mode_changed(self) -> None:
        if not self._syncing:
            self.session.update(filter_mode="hide" if self.hide_mode.isChecked() else "grey")

    def check(self, facet: str, value: str, on: bool = True) -> None:
        """Tick or untick one facet value, as a click on its box does."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                item = top.child(j)
                if item.data(0, Qt.ItemDataRole.UserRole) == (facet, value):
                    item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                    return
        raise KeyError(f"no facet value {facet}={value} in the panel")

    def clear(self) -> None:
        self.session.update(filter=None)


class FilterDock(QDockWidget):
    """The dock holding the Filter and Timeline tabs."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(tr("Filter && timeline"), parent)
        self.setObjectName("filter-dock")
        self.tabs = QTabWidget(self)
        self.filter_tab = FilterTab(session, self.tabs)
        self.timeline_tab = TimelineTab(session, self.tabs)
        self.tabs.addTab(self.filter_tab, tr("&Filter"))
        self.tabs.addTab(self.timeline_tab, tr("Time&line"))
        self.setWidget(self.tabs)
        session.changed.connect(self._changed)

    def _changed(self, new: MapState, old: MapState) -> None:
        if (new.filter, new.filter_mode, new.as_of) != (old.filter, old.filter_mode, old.as_of):
            self.filter_tab.sync(new)
            self.timeline_tab.sync(new)


def install(window: Any) -> FilterDock:
    """Add the dock to ``window`` (a MainWindow), with its menu entries and shortcuts."""
    dock = FilterDock(window.session, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    # Closed on first run, so the map keeps its width; the toolbar button, the View menu and the
    # shortcuts open it, and the window's saved state reopens it where the user left it.
    dock.hide()
    window.filter_dock = dock
    # The map may be filtered or dated while the dock is closed (a restored state): say so.
    badge = QLabel(window)
    badge.setObjectName("filter-badge")
    window.statusBar().addPermanentWidget(badge)
    window.filter_badge = badge

    def show_badge(state: MapState) -> None:
        parts = (([tr("As of {date}", date=date_text(state.as_of))] if state.as_of else [])
                 + ([tr("filter on")] if state.filter else []))
        badge.setText(" · ".join(parts))
        badge.setVisible(bool(parts))
        badge.setToolTip(tr("The map is limited by the Filter & timeline panel ({keys})", keys="Ctrl+Shift+D"))

    show_badge(window.session.state)
    window.session.changed.connect(lambda new, _old: show_badge(new))
    dock.timeline_tab.pageRequested.connect(lambda key: window.panel.open_page(key))
    toggle = dock.toggleViewAction()
    toggle.setShortcut(QKeySequence("Ctrl+Shift+D"))
    toggle.setText(tr("&Filter && timeline"))
    toggle.setToolTip(tr("Show or hide the filter and timeline panel ({keys})", keys="Ctrl+Shift+D"))
    window.toolbar.addSeparator()
    focus_filter = QAction(tr("Filter &text"), window)
    focus_filter.setShortcut(QKeySequence("Ctrl+Shift+F"))
    focus_filter.triggered.connect(lambda: (dock.show(), dock.tabs.setCurrentWidget(dock.filter_tab),
                                            dock.filter_tab.text.setFocus()))
    focus_time = QAction(tr("&Timeline"), window)
    focus_time.setShortcut(QKeySequence("Ctrl+Shift+T"))
    focus_time.triggered.connect(lambda: (dock.show(), dock.tabs.setCurrentWidget(dock.timeline_tab),
                                          dock.timeline_tab.slider.setFocus()))
    window.menu("view").addSeparator()
    window.add_action("filter-dock", toggle, menu="view", toolbar=True)
    window.add_action("filter-text", focus_filter, menu="view")
    window.add_action("timeline", focus_time, menu="view")
    return dock


__all__ = ["install", "FilterDock", "FilterTab", "figures_text"]
