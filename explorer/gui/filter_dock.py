"""The filter and timeline dock: facets with counts, live figures, and an "as of" slider.

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

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPalette, QPen, QRegularExpressionValidator
from PySide6.QtWidgets import (QButtonGroup, QDockWidget, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QSlider, QTabWidget, QTextBrowser, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from explorer.atlas import query, timeline
from explorer.atlas.catalog import Catalog
from explorer.atlas.figures import share_gap
from explorer.atlas.query import FACETS, Filter
from explorer.gui.session import Session
from explorer.gui.tips import tip
from explorer.i18n import N_, Lazy, format_date, tr
from explorer.mapping.derive import visible_ids
from explorer.mapping.state import MapState
from explorer.present import labels, localize
from explorer.present.dossier import provision_status_dict
from explorer.present.panel_html import esc
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


def _date_text(value: object) -> str:
    """A date (or ``1972``, ``1972-05``) as the reader's language writes it; anything else as it is."""
    text = str(value)
    try:
        return format_date(text)
    except (ValueError, IndexError):
        return text


#: Milliseconds per year while playing.
PLAY_STEP_MS = 600


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


class _ReadsWorkspace:
    """The workspace's catalog now (user layers included), never a copy taken at start."""

    session: Session

    @property
    def catalog(self) -> Catalog:
        return self.session.workspace.catalog


class FilterTab(_ReadsWorkspace, QWidget):
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


class ShareChart(QWidget):
    """Okinawa's published share of exclusive-use area over time: sourced points only, no line
    between them (no value is implied for the years between), and a marker at the slider's year."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points = [(timeline.parse_as_of(g.as_of), g.value, g.as_of) for g in timeline.okinawa_share_series(catalog)]
        self.year: int | None = None
        self.setMinimumHeight(90)
        self.setAccessibleName(tr("Okinawa share chart"))
        pts = tr("; ").join(f"{v:g}% ({_date_text(d)})" for _, v, d in self.points) or tr("none")
        self.setToolTip(tr("Published figures of Okinawa's share: {points}", points=pts))

    def set_year(self, year: int | None) -> None:
        self.year = year
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_w = self.fontMetrics().horizontalAdvance("100%") + 4  # wider in a CJK font
        r = QRectF(self.rect()).adjusted(label_w + 3, 8, -8, -18)
        first, last = timeline.FIRST_YEAR, dt.date.today().year
        x = lambda d: r.left() + r.width() * (d.year + (d.timetuple().tm_yday - 1) / 366 - first) / max(1, last + 1 - first)  # noqa: E731
        y = lambda v: r.bottom() - r.height() * v / 100.0  # noqa: E731
        axis = QPen(self.palette().color(self.foregroundRole()))
        p.setPen(axis)
        p.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()))
        p.drawLine(QPointF(r.left(), r.top()), QPointF(r.left(), r.bottom()))
        for v in (0, 50, 100):
            p.drawText(QRectF(0, y(v) - 8, label_w, 16), Qt.AlignmentFlag.AlignRight, f"{v}%")
        for yr in range(first, last + 1, 10 if last - first < 90 else 20):
            px = x(dt.date(yr, 1, 1))
            p.drawText(QRectF(px - 20, r.bottom() + 2, 40, 14), Qt.AlignmentFlag.AlignCenter, str(yr))
        if self.year is not None:
            p.setPen(QPen(QColor("#c0392b"), 1, Qt.PenStyle.DashLine))
            px = x(dt.date(self.year, 12, 31))
            p.drawLine(QPointF(px, r.top()), QPointF(px, r.bottom()))
        p.setPen(QPen(QColor("#1f4e79"), 1))
        p.setBrush(QColor("#1f4e79"))
        for d, v, _ in self.points:
            p.drawEllipse(QPointF(x(d), y(v)), 3.5, 3.5)
        p.end()


class TimelineTab(_ReadsWorkspace, QWidget):
    """The "as of" slider, date field, Play/Pause, and the law and figures at that date.

    Signals:
        yearShown(int): the slider's year after every change (for tests and status).
        pageRequested(str): a provision or controversy id the user clicked in the list.
    """

    yearShown = Signal(int)
    pageRequested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.today = dt.date.today()
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(timeline.FIRST_YEAR, self.today.year)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(10)
        self.slider.setTickInterval(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setAccessibleName(tr("As of year"))
        self.slider.setToolTip(tr("As of the end of this year; the right end is today ({keys})", keys="Ctrl+Shift+T"))
        self.slider.setValue(self.today.year)
        self.slider.valueChanged.connect(self._slid)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText(tr("today"))
        self.date.setMaximumWidth(110)
        self.date.setAccessibleName(tr("As of date"))
        self.date.setToolTip(tr("YYYY, YYYY-MM or YYYY-MM-DD; Enter applies, empty is today"))
        self.date.setValidator(QRegularExpressionValidator(r"^\d{0,4}(-\d{0,2}(-\d{0,2})?)?$", self.date))
        self.date.returnPressed.connect(self._date_entered)
        self.play = QPushButton(tr("▶ &Play"), self)
        self.play.setToolTip(tr("Animate year by year from the slider's year (or from {year} at the end)",
                                year=timeline.FIRST_YEAR))
        self.play.clicked.connect(self.toggle_play)
        self.today_button = QPushButton(tr("&Today"), self)
        self.today_button.clicked.connect(lambda: self.session.update(as_of=""))
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_STEP_MS)
        self.timer.timeout.connect(self._tick)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.chart = ShareChart(self.catalog, self)
        self.chart_note = QLabel(self)
        self.chart_note.setWordWrap(True)
        self.law = QTextBrowser(self)
        self.law.setOpenLinks(False)
        self.law.anchorClicked.connect(lambda url: self.pageRequested.emit(url.toString()))

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("As of:"), self))
        row.addWidget(self.date)
        row.addWidget(self.play)
        row.addWidget(self.today_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.slider)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(tr("Okinawa's share of US exclusive-use area (published figures only):"), self))
        layout.addWidget(self.chart)
        layout.addWidget(self.chart_note)
        layout.addWidget(self.law, 1)
        self._syncing = False
        self.sync(session.state)

    # -- state -> widgets ------------------------------------------------------------
    def sync(self, state: MapState) -> None:
        self._syncing = True
        try:
            when = state.when
            year = when.year if when else self.today.year
            self.slider.setValue(min(max(year, timeline.FIRST_YEAR), self.today.year))
            if not self.date.hasFocus():
                self.date.setText(str(state.as_of) if state.as_of else "")
            self.chart.set_year(when.year if when else None)
            self._describe(state, when)
        finally:
            self._syncing = False
        self.yearShown.emit(self.slider.value())

    def _describe(self, state: MapState, when: dt.date | None) -> None:
        day = when or self.today
        ids = visible_ids(self.catalog, state)
        shown = len(self.catalog.features) if ids is None else sum(1 for i in ids if i in self.catalog.features)
        unknown = sum(1 for f in self.catalog.layer("bases") if timeline.unknown_start(f))
        total = len(self.catalog.features)
        if state.as_of:
            self.message.setText(tr("As of {date}: {shown} of {total} features on the map. {unknown} facilities have "
                                    "no sourced start date and are shown at every date, as are the states; "
                                    "symbols show the {symbols}.", date=_date_text(state.as_of), shown=shown,
                                    total=total, unknown=unknown, symbols=tr(labels.DATED_SYMBOLS)))
        else:
            self.message.setText(tr("Today: {shown} of {total} features on the map. {unknown} facilities have no "
                                    "sourced start date and are shown at every date, as are the states.",
                                    shown=shown, total=total, unknown=unknown))
        fig = timeline.share_as_of(self.catalog, day)
        pts = timeline.okinawa_share_series(self.catalog)
        listed = tr("; ").join(tr("{value}% as of {date}", value=format(g.value, "g"), date=_date_text(g.as_of))
                               for g in pts)
        if not pts:
            note = tr("No sourced data point: no trend can be drawn, and none is invented.")
        elif len(pts) == 1:
            note = tr("Only 1 sourced data point ({points}): no trend can be drawn, and none is invented.",
                      points=listed)
        else:
            note = tr("{n} sourced data points ({points}); only these are drawn, with no line between them: "
                      "the years between have no figure in the data.", n=len(pts), points=listed)
        share = (tr("Latest published Okinawa share by then: {value}% (as of {date}).", value=format(fig.value, "g"),
                    date=_date_text(fig.as_of)) if fig is not None
                 else tr("No published Okinawa share as old as this date is in the data."))
        self.chart_note.setText(f"{share} {note}")
        self.law.setHtml(self._law_html(day))

    def _law_html(self, day: dt.date) -> str:
        rows_in, rows_sup = [], []
        for p in self.catalog.provisions.values():
            st = provision_status_dict(self.catalog, p, day)
            short = localize.text(self.catalog, p.id, "short", p.short)
            if st["status"] == "in_force":
                since = tr("(from {date})", date=_date_text(st["valid_from"]) if st["valid_from"] else "?")
                rows_in.append(f"<li><a href='{esc(p.id)}'>{esc(short)}</a> "
                               f"<span style='color:gray'>{esc(since)}</span></li>")
            elif st["status"] in ("superseded", "ended"):
                rows_sup.append(f"<li><a href='{esc(p.id)}'><s>{esc(short)}</s></a> — {esc(st['status_text'])}</li>")
        cons = timeline.controversies_by(self.catalog, day)
        con_rows = [f"<li><a href='{esc(c.id)}'>{esc(localize.text(self.catalog, c.id, 'title', c.title))}</a> "
                    f"<span style='color:gray'>({esc(_date_text(c.start))}"
                    f"{'–' + esc(_date_text(c.end)) if c.end else '–'}; "
                    f"{esc(tr(labels.CONTROVERSY_STATUS[timeline.controversy_status(c, day)]))})</span></li>" for c in cons]
        heads = (tr("Provisions in force on {date} ({n})", date=format_date(day), n=len(rows_in)),
                 tr("Superseded or ended by then ({n})", n=len(rows_sup)),
                 tr("Controversies begun by then ({n})", n=len(con_rows)))
        none = "<li>" + esc(tr("none")) + "</li>"
        out = [f"<h4>{esc(heads[0])}</h4><ul>{''.join(rows_in)}</ul>"]
        if rows_sup:
            out.append(f"<h4>{esc(heads[1])}</h4><ul>{''.join(rows_sup)}</ul>")
        out.append(f"<h4>{esc(heads[2])}</h4><ul>{''.join(con_rows) or none}</ul>")
        return "".join(out)

    # -- widgets -> state ---------------------------------------------------------------
    def _slid(self, year: int) -> None:
        if self._syncing:
            return
        self.session.update(as_of="" if year >= self.today.year else str(year))

    def _date_entered(self) -> None:
        text = self.date.text().strip()
        if not text:
            self.session.update(as_of="")
            return
        try:
            timeline.parse_as_of(text)
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.session.update(as_of=text)

    def toggle_play(self) -> None:
        if self.timer.isActive():
            self.pause()
            return
        if self.slider.value() >= self.slider.maximum():
            self.session.update(as_of=str(timeline.FIRST_YEAR))
        self.play.setText(tr("⏸ &Pause"))
        self.timer.start()

    def pause(self) -> None:
        self.timer.stop()
        self.play.setText(tr("▶ &Play"))

    def _tick(self) -> None:
        nxt = self.slider.value() + 1
        if nxt >= self.slider.maximum():
            self.slider.setValue(self.slider.maximum())
            self.pause()
            return
        self.slider.setValue(nxt)


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
        parts = (([tr("As of {date}", date=_date_text(state.as_of))] if state.as_of else [])
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


__all__ = ["install", "FilterDock", "FilterTab", "TimelineTab", "ShareChart", "figures_text"]
