"""View → Public opinion: the dated, sourced opinion figures on the alliance, as a chart and a list.

A small chart like the Okinawa share chart: one colour per series (one
pollster, one question), filled markers for nationwide and hollow ones for
Okinawa, points only (never a line: no value between two surveys is implied),
and a marker at the timeline's date. The list below gives every point with
its date and sources.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QTextBrowser, QWidget

from explorer.atlas.opinion import Series, opinion_series
from explorer.i18n import join, tr
from explorer.present.opinion_html import opinion_html

#: Okabe–Ito, legible for the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
FIRST_YEAR = 2000


class OpinionChart(QWidget):
    """The opinion points on a time axis; ``set_year`` moves the timeline's marker."""

    def __init__(self, series: list[Series], colours: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series, self.colours = series, colours
        self.year: int | None = None
        self.setMinimumHeight(160)
        self.setMinimumWidth(360)
        self.setAccessibleName(tr("Opinion chart"))
        self.setToolTip(tr("; ").join(f"{s.label}: " + join([f"{p.value:g}% ({p.when})" for p in s.points])
                                      for s in series) or tr("No opinion figures"))

    def set_year(self, year: int | None) -> None:
        self.year = year
        self.update()

    def x_of(self, r: QRectF, d: dt.date) -> float:
        last = dt.date.today().year
        return r.left() + r.width() * (d.year + (d.timetuple().tm_yday - 1) / 366 - FIRST_YEAR) / (last + 1 - FIRST_YEAR)

    def plot_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(40, 8, -8, -18)

    def markers(self) -> list[tuple[Series, QPointF]]:
        """Where each point is drawn. Points of different series in the same months are spread
        sideways a few pixels (dodged), so one never hides another."""
        r = self.plot_rect()
        raw = [(s, QPointF(self.x_of(r, pt.when.start()), r.bottom() - r.height() * pt.value / 100.0))
               for s in self.series for pt in s.points]
        raw.sort(key=lambda m: m[1].x())
        out: list[tuple[Series, QPointF]] = []
        group: list[tuple[Series, QPointF]] = []
        for m in [*raw, None]:
            if m is not None and (not group or m[1].x() - group[0][1].x() < 6):
                group.append(m)
                continue
            # Never so far that a point reads as another half-year: at most a quarter-year either side.
            year_px = r.width() / (dt.date.today().year + 1 - FIRST_YEAR)
            step = min(7.0, year_px * 0.5 / max(1, len(group) - 1))
            for k, (s, pt) in enumerate(group):
                out.append((s, QPointF(pt.x() + (k - (len(group) - 1) / 2) * step, pt.y())))
            group = [m] if m is not None else []
        return out

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.plot_rect()
        y = lambda v: r.bottom() - r.height() * v / 100.0  # noqa: E731
        p.setPen(QPen(self.palette().color(self.foregroundRole())))
        p.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()))
        p.drawLine(QPointF(r.left(), r.top()), QPointF(r.left(), r.bottom()))
        for v in (0, 50, 100):
            p.drawText(QRectF(0, y(v) - 7, 37, 14), Qt.AlignmentFlag.AlignRight, f"{v}%")
        for yr in range(FIRST_YEAR, dt.date.today().year + 1, 5):
            px = self.x_of(r, dt.date(yr, 1, 1))
            p.drawText(QRectF(px - 20, r.bottom() + 2, 40, 14), Qt.AlignmentFlag.AlignCenter, str(yr))
        if self.year is not None and self.year >= FIRST_YEAR:
            p.setPen(QPen(QColor("#c0392b"), 2, Qt.PenStyle.DashLine))
            px = round(self.x_of(r, dt.date(self.year, 12, 31)))
            p.drawLine(QPointF(px, r.top()), QPointF(px, r.bottom()))
        for s, at in self.markers():
            colour = QColor(self.colours[s.key])
            p.setPen(QPen(colour, 2))
            p.setBrush(Qt.BrushStyle.NoBrush if s.okinawa else colour)
            p.drawEllipse(at, 3.5, 3.5)
        p.end()


class OpinionDock(QDockWidget):
    """The chart and the list, reading the session's workspace and following its date."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(tr("Public opinion"), parent)
        self.setObjectName("opinion-dock")
        self.session = session
        catalog = session.workspace.catalog
        self.series = opinion_series(catalog)
        self.colours = {s.key: PALETTE[i % len(PALETTE)] for i, s in enumerate(self.series)}
        body = QWidget(self)
        self.chart = OpinionChart(self.series, self.colours, body)
        self.text = QTextBrowser(body)
        self.text.setOpenLinks(False)
        self.text.setHtml(opinion_html(catalog, self.series, self.colours))
        lay = QHBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.chart, 3)
        lay.addWidget(self.text, 2)
        self.setWidget(body)
        session.changed.connect(self._changed)
        self._changed(session.state, None)

    def _changed(self, new, old) -> None:
        if old is None or new.as_of != old.as_of:
            self.chart.set_year(new.as_of.year if new.as_of else None)


def install(window) -> OpinionDock:
    """View → Public opinion (Ctrl+Shift+P), a dock closed at first."""
    dock = OpinionDock(window.session, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)  # a time axis wants width
    dock.hide()
    toggle: QAction = dock.toggleViewAction()
    toggle.setText(tr("Public &opinion"))
    toggle.setShortcut(QKeySequence("Ctrl+Shift+P"))
    toggle.setToolTip(tr("Dated opinion figures on the alliance, nationwide and in Okinawa ({keys})", keys="Ctrl+Shift+P"))
    window.add_action("opinion", toggle, menu="view")
    window.opinion = dock
    return dock


__all__ = ["install", "OpinionDock", "OpinionChart"]
