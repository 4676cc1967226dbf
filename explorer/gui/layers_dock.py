"""The "Your layers" dock: the open user layers with colour, symbol, opacity, order, name field and remove.

It reads the workspace (through the :class:`~explorer.gui.userlayers.UserLayers`
controller) and changes layers only through the controller.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QColorDialog, QComboBox, QDockWidget, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSlider, QVBoxLayout, QWidget)

from explorer.i18n import N_, tr
from explorer.mapping.userlayer import SYMBOLS

#: The symbols' names as the dock lists them.
SYMBOL_LABELS = {"circle": N_("Circle"), "small": N_("Small circle"), "large": N_("Large circle"),
                 "ring": N_("Ring (hollow)")}


class LayersDock(QDockWidget):
    """The list of your layers with colour, symbol, opacity, order, name field and remove.

    ``ctl`` is the window's ``UserLayers`` controller (``gui/userlayers.py``, which makes this dock).
    """

    def __init__(self, ctl) -> None:
        super().__init__(tr("Your layers"), ctl.window)
        self.setObjectName("userlayers-dock")
        self.ctl = ctl
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(body)
        self.list.currentItemChanged.connect(lambda *_: self._sync_controls())
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.colour = QPushButton(tr("Colour…"), body)
        self.colour.clicked.connect(self._pick_colour)
        self.symbol = QComboBox(body)
        for key, (label, _, _) in SYMBOLS.items():
            self.symbol.addItem(tr(SYMBOL_LABELS.get(key, label)), key)
        self.symbol.currentIndexChanged.connect(self._symbol_changed)
        row.addWidget(self.colour)
        row.addWidget(self.symbol)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Opacity"), body))
        self.opacity = QSlider(Qt.Orientation.Horizontal, body)
        self.opacity.setRange(5, 100)
        self.opacity.valueChanged.connect(self._opacity_changed)
        row.addWidget(self.opacity, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Name field"), body))
        self.name_field = QComboBox(body)
        self.name_field.setToolTip(tr("The attribute that names features (search, tooltips)"))
        self.name_field.activated.connect(self._name_field_changed)
        row.addWidget(self.name_field, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Show only"), body))
        self.filter_field = QComboBox(body)
        self.filter_field.setToolTip(tr("Filter this layer by an attribute (other layers are not affected)"))
        self.filter_field.activated.connect(self._filter_field_changed)
        self.filter_value = QComboBox(body)
        self.filter_value.setEditable(True)
        row.addWidget(self.filter_field, 1)
        row.addWidget(QLabel("=", body))
        row.addWidget(self.filter_value, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        apply_filter = QPushButton(tr("Filter"), body)
        apply_filter.setToolTip(tr("Show only this layer's features with that value"))
        apply_filter.clicked.connect(lambda: self.current() and self.ctl.filter_attribute(
            self.current(), self.filter_field.currentText(), self.filter_value.currentText()))
        clear_filter = QPushButton(tr("Show all"), body)
        clear_filter.clicked.connect(lambda: self.current() and self.ctl.filter_attribute(self.current()))
        row.addWidget(apply_filter)
        row.addWidget(clear_filter)
        lay.addLayout(row)
        row = QHBoxLayout()
        for text, tip, fn in ((tr("Up"), tr("Draw above the layer over it"), lambda: self._move(1)),
                              (tr("Down"), tr("Draw below the layer under it"), lambda: self._move(-1)),
                              (tr("Remove"), tr("Remove the layer from the map (the file is untouched)"), self._remove)):
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
        for layer in reversed(self.ctl.workspace.user_layers()):  # top first
            spec, loaded, style = layer.spec, layer.loaded, layer.style
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
        if self.ctl.workspace.has_user_layers and not self.isVisible() and self.ctl.window.isVisible():
            self.show()

    def _sync_controls(self) -> None:
        lid = self.current()
        enabled = bool(lid)
        for w in (self.colour, self.symbol, self.opacity, self.name_field, self.filter_field, self.filter_value):
            w.setEnabled(enabled)
        if not lid:
            self.notes.setText(tr("Open a layer with File → Open layer… ({keys}) or drop a file on the map.", keys="Ctrl+O"))
            return
        layer = self.ctl.workspace.user_layer(lid)
        loaded, style = layer.loaded, layer.style
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
        lines = [tr("{n:,} feature(s), read from {crs}.", n=len(loaded.features), crs=loaded.crs)] + list(loaded.notes)
        self.notes.setText("\n".join(lines))

    def _style(self, **changes) -> None:
        lid = self.current()
        if lid and not self._syncing:
            style = self.ctl.workspace.user_layer(lid).style
            self.ctl.set_style(lid, dataclasses.replace(style, **changes))

    def _pick_colour(self) -> None:
        lid = self.current()
        if not lid:
            return
        c = QColorDialog.getColor(QColor(self.ctl.workspace.user_layer(lid).style.color), self, tr("Layer colour"))
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


__all__ = ["LayersDock"]
