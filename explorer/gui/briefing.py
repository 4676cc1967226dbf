"""Briefing mode: a dock that walks the map through ``geodata/briefing.toml``, step by step.

Started from the toolbar or with F5. Next/Previous (buttons, PageDown/PageUp,
or the arrow keys while the dock has focus) move the map to each step's
state through the window's ``Session``, so the map, the panel and the toolbar
follow as they do for any other change. The text sits beside the map with
links to the records it names: a feature opens its dossier, a provision or a
controversy highlights what it concerns. Esc (or closing the dock) leaves
the briefing and puts the map back as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer import log
from explorer.atlas import briefing as briefing_mod
from explorer.errors import ExplorerError, ViewError
from explorer.i18n import N_, Lazy, tr
from explorer.mapping.derive import page_state
from explorer.mapping.state import MapState
from explorer.present.briefing import progress_text, step_dict
from explorer.present import localize
from explorer.present.dossier import is_web_url
from explorer.present.panel_html import esc

_KINDS = Lazy({"feature": N_("Open its dossier"), "provision": N_("Highlight what it governs"),
               "controversy": N_("Highlight what it concerns")})


def step_html(sd: dict) -> str:
    """A step as Qt rich text: every string escaped; record links carry their id in a ``record:`` URL."""
    parts = [f"<h3>{esc(sd['title'])}</h3>"]
    parts += [f"<p>{esc(p)}</p>" for p in sd["paragraphs"]]
    links = []
    for r in sd["records"]:
        if r["kind"] in _KINDS:
            links.append(f'<li><a href="record:{esc(r["id"])}" title="{esc(_KINDS[r["kind"]])}">{esc(r["name"])}</a></li>')
        else:
            links.append(f"<li>{esc(r['name'])}</li>")
    if links:
        parts.append("<p><b>" + esc(tr("On the map and in the atlas")) + "</b></p><ul>" + "".join(links) + "</ul>")
    srcs = []
    link_word, sources_word = tr("link"), tr("Sources")
    for c in sd["sources"]:
        link = f' — <a href="{esc(c["url"])}">{esc(link_word)}</a>' if c["link"] else ""
        srcs.append(f"<li><small>{esc(c['text'])}{link}</small></li>")
    if srcs:
        parts.append(f"<p><b>{esc(sources_word)}</b></p><ol>" + "".join(srcs) + "</ol>")
    return "".join(parts)


class _Pane(QWidget):
    """The dock's contents; the arrow keys page through the steps while it has focus."""

    def __init__(self, controller: "BriefingController") -> None:
        super().__init__()
        self._c = controller

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._c.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._c.previous()
        else:
            super().keyPressEvent(event)


class BriefingController(QObject):
    """Owns the briefing dock and its actions; talks to the map only through ``window.session``.

    Signals:
        stepShown(int): the step now shown (0-based).
        ended(): the briefing was left and the earlier map state restored.
    """

    stepShown = Signal(int)
    ended = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.briefing: briefing_mod.Briefing | None = None
        self.index = -1
        self._before: MapState | None = None
        self._release_escape = None
        self._build()

    # -- construction --------------------------------------------------------------------
    def _build(self) -> None:
        w = self.window
        self.dock = QDockWidget(tr("Briefing"), w)
        self.dock.setObjectName("briefing-dock")
        self.dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        pane = _Pane(self)
        pane.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(pane)
        self.heading = QLabel(pane)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.text = QTextBrowser(pane)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._link)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys page the steps, not the text
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        self.prev_button = QPushButton(tr("◀ Previous"), pane)
        self.prev_button.setToolTip(tr("Previous step ({keys})", keys=tr("Page Up")))
        self.prev_button.clicked.connect(self.previous)
        self.progress = QLabel("", pane)
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton(tr("Next ▶"), pane)
        self.next_button.setToolTip(tr("Next step ({keys})", keys=tr("Page Down")))
        self.next_button.clicked.connect(self.next)
        for widget in (self.prev_button, self.progress, self.next_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard on the pane
            row.addWidget(widget, 1 if widget is self.progress else 0)
        layout.addLayout(row)
        leave = QPushButton(tr("Leave the briefing ({keys})", keys="Esc"), pane)
        leave.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        leave.clicked.connect(self.leave)
        layout.addWidget(leave)
        self.pane = pane
        self.dock.setWidget(pane)
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._visibility)

        self.start_action = QAction(tr("&Briefing"), w)
        self.start_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.start_action.setToolTip(tr("Start the guided briefing ({keys})", keys="F5"))
        self.start_action.triggered.connect(self.start)
        self.next_action = QAction(tr("Next step"), w)
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        self.next_action.triggered.connect(self.next)
        self.prev_action = QAction(tr("Previous step"), w)
        self.prev_action.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        self.prev_action.triggered.connect(self.previous)
        self.leave_action = QAction(tr("Leave the briefing"), w)
        self.leave_action.triggered.connect(self.leave)
        for a in (self.next_action, self.prev_action, self.leave_action):
            a.setEnabled(False)
        w.toolbar.addSeparator()
        w.menu("view").addSeparator()
        w.add_action("briefing", self.start_action, menu="view", toolbar=True)
        w.add_action("briefing-next", self.next_action, menu="view")
        w.add_action("briefing-previous", self.prev_action, menu="view")
        w.add_action("briefing-leave", self.leave_action)

    # -- the mode --------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.index >= 0

    def start(self) -> bool:
        """Enter the briefing at its first step (or stay where it is if already running)."""
        if self.active:
            self.dock.raise_()
            self.pane.setFocus()
            return True
        try:
            self.briefing = briefing_mod.read(self.window.catalog.root)
            self._states = [MapState.from_json(s.state_json()) for s in self.briefing.steps]
        except (ExplorerError, ViewError) as exc:
            self.window.show_error(tr("The briefing cannot start"), str(exc))
            return False
        if not self._states:
            return False
        self._before = self.window.session.state
        self._take_escape(True)
        self._follow_page_moves(False)
        for a in (self.next_action, self.prev_action, self.leave_action):
            a.setEnabled(True)
        self.dock.show()
        self.dock.raise_()
        self.go(0)
        self.pane.setFocus()
        return True

    def go(self, index: int) -> None:
        assert self.briefing is not None
        index = max(0, min(index, len(self.briefing.steps) - 1))
        self.index = index
        n = len(self.briefing.steps)
        sd = step_dict(self.window.catalog, self.briefing.steps[index], index, n)
        title = localize.text(self.window.catalog, "briefing", "title", self.briefing.title)
        self.heading.setText(title + "\n" + tr("Step {progress}", progress=sd["progress"]))
        self.progress.setText(progress_text(index, n))
        self.text.setHtml(step_html(sd))
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < n - 1)
        self.window.session.replace(self._states[index])
        self.window.statusBar().showMessage(tr("Briefing {progress}: {title}", progress=progress_text(index, n), title=sd["title"]), 6000)
        self.stepShown.emit(index)

    def next(self) -> None:
        if self.active and self.briefing is not None and self.index < len(self.briefing.steps) - 1:
            self.go(self.index + 1)

    def previous(self) -> None:
        if self.active and self.index > 0:
            self.go(self.index - 1)

    def leave(self) -> None:
        """Leave the briefing and restore the map as it was when it started.

        While the briefing runs, the session does not adopt the page's reports of
        its moves (see :meth:`_follow_page_moves`), so a report of a step's move
        still on its way cannot drag the map back to that step. The restore waits
        until the page has drawn a no-op apply sent now: every report it sent
        earlier has arrived by then (the bridge keeps order), and only then does
        the session follow the page again. ``ended`` follows the restore.
        """
        if not self.active:
            return
        self.index = -1
        self._take_escape(False)
        for a in (self.next_action, self.prev_action, self.leave_action):
            a.setEnabled(False)
        self.dock.hide()
        before, self._before = self._before, None
        if before is None:
            self.ended.emit()
            return
        mapview = self.window.map
        seq = mapview.apply(page_state(self.window.catalog, self.window.session.state))
        timer = QTimer(self)
        timer.setSingleShot(True)

        def on_applied(got: int) -> None:
            if got == seq:
                restore()

        def restore() -> None:
            timer.stop()
            timer.deleteLater()
            try:
                mapview.applied.disconnect(on_applied)
            except (RuntimeError, TypeError):
                pass
            if self.active:  # started again meanwhile: that start saved its own state
                return
            self._follow_page_moves(True)
            self.window.session.replace(before)
            self.window.statusBar().showMessage(tr("Left the briefing; the map is back as it was."), 5000)
            self.ended.emit()

        mapview.applied.connect(on_applied)
        timer.timeout.connect(restore)  # a page that never answers must not keep the old map
        timer.start(1500)

    def _visibility(self, visible: bool) -> None:
        if not visible and self.active and not self.window.isMinimized():
            self.leave()  # the dock's own close button

    def _follow_page_moves(self, follow: bool) -> None:
        """Whether the session adopts the page's reports of where the map is (the window's usual wiring).

        Off during the briefing: each step's state is the truth, and a late report of
        an earlier step's move must not move the map back there when the user pages fast.
        """
        self.window.follow_map_moves(follow)

    def _take_escape(self, take: bool) -> None:
        """While the briefing runs, Esc leaves it (at the head of the window's Esc chain)."""
        if take and self._release_escape is None:
            self._release_escape = self.window.on_escape(lambda: self.active and (self.leave() or True))
        elif not take and self._release_escape is not None:
            self._release_escape()
            self._release_escape = None

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("record:"):
            rid = target.removeprefix("record:")
            cat = self.window.catalog
            if rid in cat.features:
                self.window.select_feature(rid)
            elif rid in cat.provisions:
                self.window.highlight_provision(rid)
            elif rid in cat.controversies:
                self.window.highlight_controversy(rid)
            return
        if is_web_url(target):
            QDesktopServices.openUrl(url)
        else:
            log.gui.warning("ignored a briefing link to %s", target[:200])


def install(window) -> BriefingController:
    """Add briefing mode to a main window (one call from ``MainWindow.__init__``)."""
    window.briefing = BriefingController(window)
    return window.briefing


__all__ = ["install", "BriefingController", "step_html"]
