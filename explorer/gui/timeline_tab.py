"""The Timeline tab of the filter and timeline dock: the "as of" slider, Play, and what held on that date.

The tab reads the session and calls ``session.update(as_of=...)``; the map, the
dossier and the exports follow the same state. What was in force, superseded or
begun by a date comes from ``atlas.timeline`` and is worded by the presenter.
The small chart of Okinawa's published share (``ShareChart``) draws only the
dated, sourced figures, never a line between them.

Keyboard: Ctrl+Shift+T focuses the slider; arrows and Page Up/Down step by
years, and Space on the Play button plays or pauses.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSlider, QTextBrowser, QVBoxLayout, QWidget

from explorer.atlas import timeline
from explorer.atlas.catalog import Catalog
from explorer.gui.session import Session
from explorer.i18n import format_date, tr
from explorer.mapping.derive import visible_ids
from explorer.mapping.state import MapState
from explorer.present import labels, localize
from explorer.present.dossier import provision_status_dict
from explorer.present.panel_html import esc


def date_text(value: object) -> str:
    """A date (or ``1972``, ``1972-05``) as the reader's language writes it; anything else as it is."""
    text = str(value)
    try:
        return format_date(text)
    except (ValueError, IndexError):
        return text


#: Milliseconds per year while playing.
PLAY_STEP_MS = 600


class ReadsWorkspace:
    """The workspace's catalog now (user layers included), never a copy taken at start."""

    session: Session

    @property
    def catalog(self) -> Catalog:
        return self.session.workspace.catalog


class ShareChart(QWidget):
    """Okinawa's published share of exclusive-use area over time: sourced points only, no line
    between them (no value is implied for the years between), and a marker at the slider's year."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points = [(timeline.parse_as_of(g.as_of), g.value, g.as_of) for g in timeline.okinawa_share_series(catalog)]
        self.year: int | None = None
        self.setMinimumHeight(90)
        self.setAccessibleName(tr("Okinawa share chart"))
        pts = tr("; ").join(f"{v:g}% ({date_text(d)})" for _, v, d in self.points) or tr("none")
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


class TimelineTab(ReadsWorkspace, QWidget):
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
                                    "symbols show the {symbols}.", date=date_text(state.as_of), shown=shown,
                                    total=total, unknown=unknown, symbols=tr(labels.DATED_SYMBOLS)))
        else:
            self.message.setText(tr("Today: {shown} of {total} features on the map. {unknown} facilities have no "
                                    "sourced start date and are shown at every date, as are the states.",
                                    shown=shown, total=total, unknown=unknown))
        fig = timeline.share_as_of(self.catalog, day)
        pts = timeline.okinawa_share_series(self.catalog)
        listed = tr("; ").join(tr("{value}% as of {date}", value=format(g.value, "g"), date=date_text(g.as_of))
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
                    date=date_text(fig.as_of)) if fig is not None
                 else tr("No published Okinawa share as old as this date is in the data."))
        self.chart_note.setText(f"{share} {note}")
        self.law.setHtml(self._law_html(day))

    def _law_html(self, day: dt.date) -> str:
        rows_in, rows_sup = [], []
        for p in self.catalog.provisions.values():
            st = provision_status_dict(self.catalog, p, day)
            short = localize.text(self.catalog, p.id, "short", p.short)
            if st["status"] == "in_force":
                since = tr("(from {date})", date=date_text(st["valid_from"]) if st["valid_from"] else "?")
                rows_in.append(f"<li><a href='{esc(p.id)}'>{esc(short)}</a> "
                               f"<span style='color:gray'>{esc(since)}</span></li>")
            elif st["status"] in ("superseded", "ended"):
                rows_sup.append(f"<li><a href='{esc(p.id)}'><s>{esc(short)}</s></a> — {esc(st['status_text'])}</li>")
        cons = timeline.controversies_by(self.catalog, day)
        con_rows = [f"<li><a href='{esc(c.id)}'>{esc(localize.text(self.catalog, c.id, 'title', c.title))}</a> "
                    f"<span style='color:gray'>({esc(date_text(c.start))}"
                    f"{'–' + esc(date_text(c.end)) if c.end else '–'}; "
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




__all__ = ["TimelineTab", "ShareChart", "ReadsWorkspace", "date_text", "PLAY_STEP_MS"]
