"""Bookmarks: name the current map (Ctrl+D), list, rename, reorder, delete, restore.

A bookmark is a whole :class:`MapState` (camera, layers, filter, as-of date,
selection, rings) under a name; restoring it is ``session.replace``. The list
is remembered in settings across restarts and travels in project files.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QInputDialog, QListWidget, QListWidgetItem, QMenu,
                               QPushButton, QVBoxLayout, QWidget)

from explorer import log
from explorer.errors import ViewError
from explorer.gui.settings import settings
from explorer.i18n import tr
from explorer.mapping.project import MAX_BOOKMARKS, Bookmark

KEY = "bookmarks/list"


class Bookmarks(QObject):
    """The window's bookmarks, in the user's order.

    Signals:
        changed(): the list changed (added, renamed, moved, deleted, replaced).
    """

    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.items: list[Bookmark] = self._load()

    def _load(self) -> list[Bookmark]:
        """The saved bookmarks; one that settings hold but cannot be read is left out and said once.

        Settings are a user-writable file: a bad bookmark costs only itself, not the list.
        """
        raw = settings().value(KEY, "")
        if not raw:
            return []
        try:
            items = json.loads(str(raw))
            if not isinstance(items, list):
                raise ValueError("not a list")
        except (TypeError, ValueError, RecursionError) as exc:
            log.gui.warning("ignoring saved bookmarks (%s)", exc)
            self.window.notify(tr("The saved bookmarks could not be read ({why}); none are shown.", why=str(exc)[:120]))
            return []
        good: list[Bookmark] = []
        bad: list[str] = []
        for item in items[:MAX_BOOKMARKS]:
            try:
                b = Bookmark.from_json(item)
            except (TypeError, ValueError, RecursionError) as exc:
                bad.append(str(exc)[:120])
                continue
            if b.name not in {g.name for g in good}:
                good.append(b)
        if bad:
            log.gui.warning("ignoring %d saved bookmark(s): %s", len(bad), "; ".join(bad))
            self.window.notify(tr("{n} saved bookmark(s) could not be read and are not shown ({why}).", n=len(bad),
                                  why=bad[0]))
        return good

    def save(self) -> None:
        s = settings()
        s.setValue(KEY, json.dumps([b.to_json() for b in self.items], ensure_ascii=False))
        s.sync()

    def _set(self, items: list[Bookmark]) -> None:
        self.items = items
        self.save()
        self.changed.emit()

    def names(self) -> list[str]:
        return [b.name for b in self.items]

    def unique(self, name: str) -> str:
        name = name.strip()[:200] or tr("Bookmark")
        base, n = name, 2
        while name in self.names():
            name, n = f"{base} ({n})", n + 1
        return name

    def add(self, name: str) -> Bookmark:
        """Bookmark the current map state under ``name`` (made unique)."""
        b = Bookmark.of(self.unique(name), self.window.session.state)
        self._set([*self.items, b])
        self.window.statusBar().showMessage(tr("Bookmarked as “{name}” ({keys})", name=b.name, keys="Ctrl+D"), 5000)
        return b

    def add_dialog(self) -> None:
        default = self.unique(tr("View {n}", n=len(self.items) + 1))
        name, ok = QInputDialog.getText(self.window, tr("Add bookmark"), tr("Name of this view:"), text=default)
        if ok and name.strip():
            self.add(name)

    def rename(self, index: int, name: str) -> None:
        name = name.strip()[:200]
        if not name or name == self.items[index].name:
            return
        items = list(self.items)
        items[index] = Bookmark(self.unique(name), items[index].state)
        self._set(items)

    def delete(self, index: int) -> None:
        self._set([b for i, b in enumerate(self.items) if i != index])

    def move(self, index: int, step: int) -> None:
        j = index + step
        if 0 <= index < len(self.items) and 0 <= j < len(self.items):
            items = list(self.items)
            items[index], items[j] = items[j], items[index]
            self._set(items)

    def replace_all(self, items: list[Bookmark]) -> None:
        self._set(list(items))

    def restore(self, index: int) -> bool:
        """Show a bookmark: camera, layers, filter, date and selection (``session.replace``)."""
        b = self.items[index]
        try:
            state = b.map_state()
        except ViewError as exc:
            self.window.show_error(tr("The bookmark could not be restored"), f"{b.name}: {exc}")
            return False
        workspace = self.window.session.workspace
        missing = workspace.missing_layers(state)
        self.window.session.replace(workspace.resolve(state))
        text = (tr("Bookmark “{name}” ({n} layer(s) it showed are not open)", name=b.name, n=len(missing)) if missing
                else tr("Bookmark “{name}”", name=b.name))
        self.window.statusBar().showMessage(text, 6000)
        return True


class BookmarksDock(QDockWidget):
    """The bookmark list: double-click or Enter to go, edit a name in place, reorder, delete."""

    def __init__(self, ctl: Bookmarks) -> None:
        super().__init__(tr("Bookmarks"), ctl.window)
        self.setObjectName("bookmarks-dock")
        self.ctl = ctl
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(body)
        self.list.itemActivated.connect(lambda item: ctl.restore(self.list.row(item)))
        self.list.itemChanged.connect(lambda item: ctl.rename(self.list.row(item), item.text()))
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        for text, tip, fn in ((tr("Go"), tr("Show this bookmark ({keys})", keys="Enter"), lambda: self._at(ctl.restore)),
                              (tr("Add"), tr("Bookmark the current map ({keys})", keys="Ctrl+D"), ctl.add_dialog),
                              (tr("Up"), tr("Move up"), lambda: self._at(lambda i: ctl.move(i, -1), -1)),
                              (tr("Down"), tr("Move down"), lambda: self._at(lambda i: ctl.move(i, 1), 1)),
                              (tr("Delete"), tr("Delete this bookmark"), lambda: self._at(ctl.delete))):
            b = QPushButton(text, body)
            b.setToolTip(tip)
            b.clicked.connect(fn)
            row.addWidget(b)
        lay.addLayout(row)
        self.setWidget(body)
        ctl.changed.connect(self.refresh)
        self.refresh()

    def _at(self, fn, follow: int = 0) -> None:
        row = self.list.currentRow()
        if row >= 0:
            fn(row)
            if follow:
                self.list.setCurrentRow(max(0, min(row + follow, self.list.count() - 1)))

    def refresh(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for b in self.ctl.items:
            item = QListWidgetItem(b.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))


class BookmarksMenu(QObject):
    """The Bookmarks menu: its two fixed entries, then one entry per bookmark, remade as the list changes.

    Only the entries it made itself are removed and deleted when the list
    changes; the fixed ones (Add, and the dock's own toggle, which the dock
    owns) are added once and never touched again. (``QMenu.clear()`` deletes
    every action the menu owns, and re-adding a deleted one raised.)
    """

    def __init__(self, ctl: Bookmarks, menu: QMenu, fixed: list[QAction]) -> None:
        super().__init__(menu)
        self.ctl, self.menu = ctl, menu
        for action in fixed:
            menu.addAction(action)
        self._separator = menu.addSeparator()
        self.entries: list[QAction] = []
        ctl.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        for action in self.entries:
            self.menu.removeAction(action)
            action.deleteLater()
        self.entries = []
        self._separator.setVisible(bool(self.ctl.items))
        for i, b in enumerate(self.ctl.items):
            a = QAction(b.name.replace("&", "&&"), self.menu)
            a.setToolTip(tr("Show the bookmark “{name}”", name=b.name))
            a.triggered.connect(lambda _=False, i=i: self.ctl.restore(i))
            self.menu.addAction(a)
            self.entries.append(a)


def install(window) -> Bookmarks:
    """A Bookmarks menu (Add Ctrl+D, Manage, the list) and dock."""
    ctl = Bookmarks(window)
    window.bookmarks = ctl
    add = QAction(tr("&Add bookmark…"), window)
    add.setShortcut(QKeySequence("Ctrl+D"))
    add.triggered.connect(ctl.add_dialog)
    window.add_action("bookmark-add", add)
    ctl.add_action = add
    ctl.dock = BookmarksDock(ctl)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, ctl.dock)
    ctl.dock.hide()
    manage = ctl.dock.toggleViewAction()
    manage.setText(tr("&Manage bookmarks"))
    window.add_action("bookmarks-dock", manage)
    ctl.menu = BookmarksMenu(ctl, window.menu("bookmarks"), [add, manage])
    return ctl


__all__ = ["install", "Bookmarks", "BookmarksDock"]
