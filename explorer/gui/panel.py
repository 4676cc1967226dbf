"""The side panel: a search with a results list, the dossier page, and the law browser.

It shows pages the presenter made (``present.panel_html``, ``present.law_html``)
and turns the user's picks into signals; the window decides what they do to
the map. Search runs over bases, states, threats, provisions and controversies
(``atlas.search``: Japanese and romanised names, width- and accent-insensitive).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.gui.history import History
from explorer.gui.law_tab import fill_law
from explorer.gui.tips import tip
from explorer.gui.settings import settings
from explorer.i18n import N_, Lazy, tr
from explorer.present.dossier import dossier_dict
from explorer.present.law_html import controversy_html, provision_html
from explorer.present.panel_html import FOLDABLE, dossier_html, here_html, welcome_html

#: Where the folded dossier sections are remembered.
FOLDED_KEY = "panel/folded"


def _read_folded() -> frozenset[str]:
    raw = settings().value(FOLDED_KEY, "")
    return frozenset(k for k in str(raw or "").split(",") if k in FOLDABLE)

KIND_LABELS = Lazy({"base": N_("Base"), "state": N_("State"), "threat": N_("Threat"), "provision": N_("Provision"),
                    "controversy": N_("Controversy"), "user": N_("Your layer")})
MAX_RESULTS = 50
#: Ctrl+letter shortcuts of the window that a line edit would otherwise keep for itself.
APP_KEYS = frozenset({Qt.Key.Key_E, Qt.Key.Key_D, Qt.Key.Key_M, Qt.Key.Key_R, Qt.Key.Key_P})
#: The results list shows at least this many rows (so a hit is never cut in half), and grows to MAX_ROWS.
MIN_ROWS, MAX_ROWS = 6, 10


def hits_text(query: str, n: int) -> str:
    """The line above the results: how many hits, or what to try when there are none."""
    if n == 0:
        return tr("No results for “{query}”. Try an English or Japanese name, or part of one.", query=query)
    if n > MAX_RESULTS:
        return tr("More than {n} matches; the first {n} are listed. Type more to narrow them.", n=MAX_RESULTS)
    return tr("1 match") if n == 1 else tr("{n} matches", n=n)


class DossierPanel(QWidget):
    """Shows one feature's, provision's or controversy's page, with dates and sources.

    Signals:
        featureRequested(str): the user picked a feature (search, a link, the law browser).
        provisionActivated(str): the user picked a provision: highlight what it governs.
        controversyActivated(str): the user picked a controversy: highlight what it concerns.
    """

    featureRequested = Signal(str)
    provisionActivated = Signal(str)
    controversyActivated = Signal(str)

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The window's session: the workspace it searches and the state (its date) it shows pages as of.
        self.session = session
        #: Extra dossier sections: each ``f(fid) -> (lead_html, tail_html)``, already escaped
        #: (see ``panel_html.dossier_html``). ``explorer.gui.analysis`` adds coverage and reach.
        self.sections: list[Callable[[str], tuple[str, str]]] = []
        self.history = History()
        #: True while Back or Forward asks the window to select a page's feature (the map follows
        #: without the welcome page clearing the history it walks).
        self._walking = False
        #: The dossier sections the reader folded ("facts", "provisions", "controversies"), remembered.
        self.folded: frozenset[str] = _read_folded()
        #: Every feature under the last click on the map (the chosen one first): the overlap chooser.
        self.here: list[str] = []
        catalog = self.catalog

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Find a base, state, threat, provision or controversy…  ({keys})", keys="Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Search the atlas"))
        self.results = QListWidget(self)
        self.results.setAccessibleName(tr("Search results"))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setUniformItemSizes(True)
        self.results.hide()
        #: How many hits (or, when none, what to try instead), in the panel's own type size.
        self.hits = QLabel(self)
        self.hits.setTextFormat(Qt.TextFormat.PlainText)
        self.hits.setWordWrap(True)
        self.hits.setAccessibleName(tr("Search hits"))
        self.hits.hide()
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._open_current)
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(self._open_item)
        self.results.installEventFilter(self)

        self.back = QToolButton(self)
        self.back.setText("◀")
        self.back.setToolTip(tr("Back to the previous page ({keys})", keys="Alt+Left"))
        self.back.setAccessibleName(tr("Back"))
        self.back.setEnabled(False)
        self.back.clicked.connect(self.go_back)
        self.forward = QToolButton(self)
        self.forward.setText("▶")
        self.forward.setToolTip(tr("Forward to the next page ({keys})", keys="Alt+Right"))
        self.forward.setAccessibleName(tr("Forward"))
        self.forward.setEnabled(False)
        self.forward.clicked.connect(self.go_forward)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)

        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.browser.setHtml(welcome_html(catalog))

        self.law = QTreeWidget(self)
        self.law.setHeaderLabels([tr("Instrument / article"), tr("Governs")])
        self.law.setAccessibleName(tr("Law browser"))
        self.law.itemActivated.connect(self._law_item)
        self.law.itemClicked.connect(self._law_item)
        self._fill_law()

        self.tabs = QTabWidget(self)
        dossier_tab = QWidget(self)
        nav = QHBoxLayout()
        nav.setContentsMargins(0, 0, 0, 0)
        nav.addWidget(self.back)
        nav.addWidget(self.forward)
        nav.addWidget(self.title, 1)
        col = QVBoxLayout(dossier_tab)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(nav)
        col.addWidget(self.browser, 1)
        self.tabs.addTab(dossier_tab, tr("Dossier"))
        self.tabs.addTab(self.law, tr("Law"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.hits)
        layout.addWidget(self.results)
        layout.addWidget(self.tabs, 1)
        self.setMinimumWidth(280)
        session.changed.connect(self._state_changed)
        session.layersChanged.connect(self._layers_changed)

    @property
    def catalog(self):
        """The workspace's catalog now: the atlas and the open user layers."""
        return self.session.workspace.catalog

    @property
    def current(self) -> str:
        return self.history.current

    def _state_changed(self, new, old) -> None:
        """The timeline's date moved: the page shown is shown again, as of the new date."""
        if new.as_of != old.as_of and self.current:
            self.open_page(self.current, remember=False)

    def _layers_changed(self) -> None:
        """A user layer came or went: search it afresh, and forget pages of features gone."""
        self.refresh_search()
        gone = self.current and not self._known(self.current)
        self.history.forget(self._known)
        self._sync_nav()
        if gone:
            self.clear()

    def _known(self, key: str) -> bool:
        c = self.catalog
        return key in c.features or key in c.provisions or key in c.controversies

    def _sync_nav(self) -> None:
        self.back.setEnabled(self.history.can_back)
        self.forward.setEnabled(self.history.can_forward)

    # -- pages ----------------------------------------------------------------------
    def _show(self, key: str, html: str, remember: bool = True) -> None:
        if remember:
            self.history.visit(key)
        else:
            self.history.current = key
        self._sync_nav()
        self.browser.setHtml(html)
        self.tabs.setCurrentIndex(0)

    def show_feature(self, fid: str, remember: bool = True, full: bool = False) -> None:
        """Show the dossier of ``fid`` (an id the catalog knows), as of the map's date."""
        dd = dossier_dict(self.catalog, fid, self._as_of_date())
        extra = [section(fid) for section in self.sections]
        self._show(fid, here_html(self.catalog, fid, self.here)
                   + dossier_html(dd, full=full, lead="".join(x[0] for x in extra),
                                  tail="".join(x[1] for x in extra), folded=self.folded), remember)

    def set_here(self, ids: list[str]) -> None:
        """The features under the last click; the dossier of any of them lists the others."""
        self.here = list(ids)

    def _as_of_date(self):
        return self.session.state.when

    def show_provision(self, pid: str, remember: bool = True) -> None:
        self._show(pid, provision_html(self.catalog, pid, self._as_of_date()), remember)

    def show_controversy(self, cid: str, remember: bool = True) -> None:
        self._show(cid, controversy_html(self.catalog, cid, self._as_of_date()), remember)

    def open_page(self, key: str, remember: bool = True) -> None:
        """Show the page of a feature, provision or controversy id."""
        if key in self.catalog.features:
            self.show_feature(key, remember)
        elif key in self.catalog.provisions:
            self.show_provision(key, remember)
        elif key in self.catalog.controversies:
            self.show_controversy(key, remember)

    def go_back(self) -> None:
        """Show the page before this one; Back again walks further back, as in a browser."""
        self._go(self.history.back())

    def go_forward(self) -> None:
        self._go(self.history.forward())

    def _go(self, key: str) -> None:
        if not key:
            return
        self._sync_nav()
        self.open_page(key, remember=False)
        if key in self.catalog.features:
            self._walking = True
            try:
                self.featureRequested.emit(key)  # the map follows, as it did the first time
            finally:
                self._walking = False

    def show_html(self, html: str) -> None:
        """A page a feature made itself (a ring's coverage), already escaped; not a record, so not in history."""
        self.history.leave()
        self._sync_nav()
        self.browser.setHtml(html)
        self.tabs.setCurrentIndex(0)

    def clear(self) -> None:
        """The welcome page (nothing selected); the page left can be gone back to."""
        if self._walking:
            return
        self.history.leave()
        self._sync_nav()
        self.browser.setHtml(welcome_html(self.catalog))

    def text(self) -> str:
        """The panel's plain text (what a reader sees), for tests and copy."""
        return self.browser.toPlainText()

    # -- search -------------------------------------------------------------------------
    def refresh_search(self) -> None:
        """The workspace's features changed (a user layer came or went): search them afresh."""
        if self.search.text().strip():
            self._search_changed(self.search.text())

    def _search_changed(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            self.results.hide()
            self.hits.hide()
            return
        hits = self.session.workspace.search(text, limit=MAX_RESULTS + 1)
        registry = self.session.workspace.registry
        self.hits.setText(hits_text(text.strip(), len(hits)))
        self.hits.show()
        for h in hits[:MAX_RESULTS]:
            spec = registry.get(h.layer) if h.layer in registry else None
            layer = f" · {spec.label if spec.source == 'user' else tr(spec.label)}" if spec is not None else ""
            ja = f"  {h.name_ja}" if h.name_ja else ""
            item = QListWidgetItem(f"{KIND_LABELS.get(h.kind, h.kind)} — {h.name}{ja}{layer}")
            item.setData(Qt.ItemDataRole.UserRole, h.id)
            item.setToolTip(tip(item.text()))  # the whole line, where the list elides it
            self.results.addItem(item)
        if not hits:
            self.results.hide()
            return
        self.results.setCurrentRow(0)
        rows = max(MIN_ROWS, min(self.results.count(), MAX_ROWS))
        frame = 2 * self.results.frameWidth()
        self.results.setFixedHeight(rows * self.results.sizeHintForRow(0) + frame)
        self.results.show()

    def end_search(self) -> None:
        """The user moved on (Esc, or a hit opened): the query and its results go."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._search_changed("")

    def _open_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if not key:
            return
        self.end_search()
        self._activate(key)

    def _activate(self, key: str) -> None:
        if key in self.catalog.provisions:
            self.show_provision(key)
            self.provisionActivated.emit(key)
        elif key in self.catalog.controversies:
            self.show_controversy(key)
            self.controversyActivated.emit(key)
        elif key in self.catalog.features:
            self.featureRequested.emit(key)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up/Down move through the results from the search box; Esc ends the search.

        Esc is the window's shortcut too (clear the selection): while there is a
        query, the search claims it first, and a second Esc clears the selection.
        """
        if not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape and self.search.text():
            event.accept()
            return True
        if (event.type() == QEvent.Type.ShortcutOverride and obj is self.search
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in APP_KEYS):
            # A line edit takes Ctrl+E, Ctrl+D... as Emacs-style editing keys on X11; in the search
            # box they are the window's (export, bookmark, measure, ring, print), as everywhere else.
            event.ignore()
            return True
        if event.type() == QEvent.Type.KeyPress and self.results.isVisible():
            key = event.key()
            if obj is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
                return True
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and self.search.text():
            self.end_search()
            self.search.setFocus()
            return True
        return False

    # -- law browser ------------------------------------------------------------------------
    def _fill_law(self) -> None:
        fill_law(self.law, self.catalog)

    def _law_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        pid = item.data(0, Qt.ItemDataRole.UserRole)
        if pid:
            self.show_provision(pid)
            self.provisionActivated.emit(pid)

    def toggle_section(self, key: str) -> None:
        """Fold or unfold one section of every dossier; the page stays where the reader was."""
        self.folded = self.folded ^ {key}
        settings().setValue(FOLDED_KEY, ",".join(sorted(self.folded)))
        if self.current in self.catalog.features:
            bar = self.browser.verticalScrollBar()
            at = bar.value()
            self.show_feature(self.current, remember=False)
            bar.setValue(at)

    # -- links --------------------------------------------------------------------------------
    def _link(self, url: QUrl) -> None:
        scheme = url.scheme()
        target = url.toString()
        if scheme in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif scheme == "fold" and target[5:] in FOLDABLE:
            self.toggle_section(target[5:])
        elif scheme == "full" and target[5:] in self.catalog.features:
            self.show_feature(target[5:], remember=False, full=True)
        elif scheme == "provision" and target in self.catalog.provisions:
            self.show_provision(target)
            self.provisionActivated.emit(target)
        elif scheme == "controversy" and target in self.catalog.controversies:
            self.show_controversy(target)
            self.controversyActivated.emit(target)
        elif target in self.catalog.features:
            self.featureRequested.emit(target)
