"""The dossier panel: a search box over the features and the selected feature's dossier."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCompleter, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from explorer.atlas.catalog import Catalog
from explorer.present.dossier import dossier_dict
from explorer.present.panel_html import dossier_html, welcome_html


class DossierPanel(QWidget):
    """Shows one feature's provisions and controversies, with dates and sources.

    Signals:
        featureRequested(str): the user picked a feature (search or a link).
        provisionActivated(str): the user clicked a provision.
        controversyActivated(str): the user clicked a controversy.
    """

    featureRequested = Signal(str)
    provisionActivated = Signal(str)
    controversyActivated = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.current = ""
        #: The timeline's date (``MapState.as_of``); "" shows the timeless dossier.
        self.as_of = ""
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find a base, state or threat…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self._labels = {f"{f.name} — {f.id}": f.id for f in catalog.features.values()}
        completer = QCompleter(QStringListModel(sorted(self._labels), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated[str].connect(self._picked)
        self.search.setCompleter(completer)
        self.search.returnPressed.connect(self._search_entered)

        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.browser.setHtml(welcome_html(catalog))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.browser, 1)
        self.setMinimumWidth(260)

    def show_feature(self, fid: str) -> None:
        """Show the dossier of ``fid`` (an id the catalog knows)."""
        self.current = fid
        if self.as_of:
            from explorer.mapping.derive import as_of_date

            self.browser.setHtml(dossier_html(dossier_dict(self.catalog, fid, as_of_date(self.as_of))))
            return
        self.browser.setHtml(dossier_html(dossier_dict(self.catalog, fid)))

    def clear(self) -> None:
        self.current = ""
        self.browser.setHtml(welcome_html(self.catalog))

    def text(self) -> str:
        """The panel's plain text (what a reader sees), for tests and copy."""
        return self.browser.toPlainText()

    # -- wiring -------------------------------------------------------------
    def _picked(self, label: str) -> None:
        fid = self._labels.get(label)
        if fid:
            self.featureRequested.emit(fid)

    def _search_entered(self) -> None:
        text = self.search.text()
        if text in self._labels:
            self._picked(text)
            return
        hits = self.catalog.search(text, limit=1)
        if hits:
            self.featureRequested.emit(hits[0].id)

    def _link(self, url: QUrl) -> None:
        scheme = url.scheme()
        target = url.toString()
        if scheme in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif scheme == "provision" and target in self.catalog.provisions:
            self.provisionActivated.emit(target)
        elif scheme == "controversy" and target in self.catalog.controversies:
            self.controversyActivated.emit(target)
        elif target in self.catalog.features:
            self.featureRequested.emit(target)
