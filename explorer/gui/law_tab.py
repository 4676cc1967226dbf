"""The law browser's tree: instruments by the names people use, their articles under them."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from explorer.atlas.catalog import Catalog
from explorer.gui.tips import tip
from explorer.i18n import tr
from explorer.present.law_html import law_tree


def fill_law(law: QTreeWidget, catalog: Catalog) -> None:
    """Instruments by the names people use ("1960 Treaty", "SOFA"), full titles as tooltips."""
    for inst in law_tree(catalog):
        year = inst["date"][:4]
        dated = re.search(r"\b(1[89]|20)\d\d\b", inst["short"])  # "1951 Security Treaty" is dated already
        name = tr("{name} ({year})", name=inst["short"], year=year) if year and not dated else inst["short"]
        top = QTreeWidgetItem([name, ""])
        top.setFlags(Qt.ItemFlag.ItemIsEnabled)
        top.setToolTip(0, tip(inst["instrument"]))
        for p in inst["provisions"]:
            child = QTreeWidgetItem([p["label"], str(p["governs"])])
            child.setData(0, Qt.ItemDataRole.UserRole, p["id"])
            child.setToolTip(0, tip(f"{p['short']}: {p['title']}\n{inst['instrument']}\n"
                                    + tr("Governs {n} feature(s) on the map; click to highlight them", n=p["governs"])))
            child.setToolTip(1, tr("Governs {n} feature(s) on the map", n=p["governs"]))
            top.addChild(child)
        law.addTopLevelItem(top)
    header = law.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    law.setTextElideMode(Qt.TextElideMode.ElideRight)
    law.setIndentation(12)  # the names, not the tree lines, get the width


__all__ = ["fill_law"]
