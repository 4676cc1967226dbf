"""The range-ring dialog: centre a ring on a launch point, a state, a city or a clicked point.

The ranges offered are the atlas's published missile ranges; a ring that
cannot be drawn (one holding both poles) is refused with a message, not
added. ``ring()`` gives the ring as ``MapState.rings`` holds it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QWidget)

from explorer.present import coverage as pc
from explorer.i18n import tr


class RingDialog(QDialog):
    """Centre (a clicked point or a place of the atlas) and range (a published one or typed km)."""

    def __init__(self, parent: QWidget, catalog: Any, point: tuple[float, float] | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Range ring"))
        self.places = pc.ring_places(catalog)
        self.ranges = pc.published_ranges(catalog)
        self.point = point

        self.place = QComboBox(self)
        if point is not None:
            self.place.addItem(tr("Point clicked on the map ({where})", where=pc.latlon_text(*point)), None)
        else:
            self.place.addItem(tr("Coordinates below"), None)
        for p in self.places:
            self.place.addItem(p["name"], p)
        self.lat = QDoubleSpinBox(self)
        self.lat.setRange(-90.0, 90.0)
        self.lat.setDecimals(4)
        self.lon = QDoubleSpinBox(self)
        self.lon.setRange(-180.0, 180.0)
        self.lon.setDecimals(4)
        lat, lon = point if point is not None else (self.places[0]["lat"], self.places[0]["lon"])
        self.lat.setValue(lat)
        self.lon.setValue(lon)
        self.missile = QComboBox(self)
        self.missile.addItem(tr("Range typed below"), None)
        for r in self.ranges:
            self.missile.addItem(r["text"], r)
        self.km = QDoubleSpinBox(self)
        self.km.setRange(1.0, 20000.0)
        self.km.setDecimals(0)
        self.km.setSingleStep(100.0)
        self.km.setSuffix(" km")
        self.km.setValue(1000.0)
        self.label = QLineEdit(self)
        self.label.setMaxLength(200)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #a00000")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(tr("&Centre:"), self.place)
        form.addRow(tr("&Latitude:"), self.lat)
        form.addRow(tr("L&ongitude:"), self.lon)
        form.addRow(tr("&Missile:"), self.missile)
        form.addRow(tr("&Range:"), self.km)
        form.addRow(tr("La&bel:"), self.label)
        form.addRow(self.error)
        form.addRow(buttons)

        self.place.currentIndexChanged.connect(self._place_changed)
        self.missile.currentIndexChanged.connect(self._missile_changed)
        self.km.valueChanged.connect(self._km_changed)
        for w in (self.place, self.lat, self.lon, self.missile, self.km):
            signal = w.currentIndexChanged if isinstance(w, QComboBox) else w.valueChanged
            signal.connect(self._update_placeholder)
        self._update_placeholder()
        self.km.setFocus()
        self.km.selectAll()

    def _place_changed(self) -> None:
        p = self.place.currentData()
        if p is not None:
            self.lat.setValue(p["lat"])
            self.lon.setValue(p["lon"])
        elif self.point is not None:
            self.lat.setValue(self.point[0])
            self.lon.setValue(self.point[1])

    def _missile_changed(self) -> None:
        r = self.missile.currentData()
        if r is not None:
            self.km.blockSignals(True)
            self.km.setValue(r["km"])
            self.km.blockSignals(False)

    def _km_changed(self, value: float) -> None:
        r = self.missile.currentData()
        if r is not None and abs(r["km"] - value) > 0.5:
            self.missile.setCurrentIndex(0)  # a typed range is no longer the published one

    def _place_text(self) -> str:
        p = self.place.currentData()
        here = (self.lat.value(), self.lon.value())
        if p is not None and (round(p["lat"], 4), round(p["lon"], 4)) == (round(here[0], 4), round(here[1], 4)):
            return p["name"]
        return pc.latlon_text(*here)

    def _update_placeholder(self) -> None:
        r = self.missile.currentData()
        self.label.setPlaceholderText(pc.ring_label(self.km.value(), self._place_text(), r["name"] if r else ""))

    def set_km(self, km: float) -> None:
        """Type a range (what a user does in the Range box)."""
        self.km.setValue(km)

    def ring(self) -> dict[str, Any]:
        """The ring as ``MapState.rings`` holds it (without its id)."""
        r = self.missile.currentData()
        out: dict[str, Any] = {"label": self.label.text().strip() or self.label.placeholderText(),
                               "lat": round(self.lat.value(), 6), "lon": round(self.lon.value(), 6),
                               "km": float(self.km.value())}
        if r is not None:
            out["threat"] = r["id"]
        return out

    def _try_accept(self) -> None:
        from explorer.atlas.coverage import ring_polygon

        r = self.ring()
        try:
            ring_polygon(r["lat"], r["lon"], r["km"], n=16)
        except ValueError as exc:
            self.error.setText(tr("This ring cannot be drawn: {why}. Choose a shorter range.", why=exc))
            return
        self.accept()


__all__ = ["RingDialog"]
