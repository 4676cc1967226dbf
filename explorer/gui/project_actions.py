"""File → Open project / Save project (``.aeproj``): the map, bookmarks and your layers in one file.

Opening reads every layer file off the GUI thread (progress and Cancel), then
replaces the window's user layers, bookmarks and map state at once. A layer
file that is missing or unreadable is named in one message; everything else
in the project still opens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from explorer.errors import ExplorerError, ViewError
from explorer.gui.worker import Worker
from explorer.i18n import tr
from explorer.mapping import project as proj
from explorer.mapping.state import MapState

def file_filter() -> str:
    """The file dialogs' filter, in the reader's language."""
    return tr("Alliance Explorer projects (*{suffix});;All files (*)", suffix=proj.SUFFIX)


class Projects(QObject):
    """Saves and opens project files for one window.

    Signals:
        opened(str, list): a project was opened: its path and the problems met (one line each).
    """

    opened = Signal(str, list)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None

    def save(self, path: Path | None = None) -> Path | None:
        path = Path(path) if path else self.path
        if path is None:
            return self.save_as()
        if path.suffix.lower() != proj.SUFFIX:
            path = path.with_name(path.name + proj.SUFFIX)
        w = self.window
        project = w.workspace.to_project(w.session.state, w.bookmarks.items, path)
        try:
            proj.save(project, path)
        except ExplorerError as exc:
            w.show_error(tr("The project could not be saved"), str(exc))
            return None
        self.path = path
        w.setWindowTitle(f"{path.name} — Alliance Explorer")
        w.statusBar().showMessage(tr("Project saved to {path}", path=path), 6000)
        return path

    def save_as(self) -> Path | None:
        start = str(self.path or Path.home() / f"map{proj.SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save project"), start, file_filter())
        return self.save(Path(path)) if path else None

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open project"), str(self.path or ""), file_filter())
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> None:
        """Validate the file now, read its layers in a worker, then replace layers, bookmarks and state."""
        w = self.window
        try:
            project = proj.load(path)
        except ExplorerError as exc:
            w.show_error(tr("The project could not be opened"), str(exc))
            return
        if w.user_layers.busy.worker is not None:
            w.statusBar().showMessage(tr("Still reading a file; wait or cancel it first."), 5000)
            return
        worker = Worker(lambda progress, cancelled: proj.read_entries(project, path, progress, cancelled), self)
        w.user_layers.busy.run(worker, tr("Opening {name}…", name=Path(path).name),
                               lambda result: self._apply(path, project, *result),
                               lambda exc: w.show_error(tr("The project could not be opened"), str(exc))
                               if isinstance(exc, ExplorerError) and str(exc) != "cancelled" else None)

    def _apply(self, path: Path, project: proj.Project, layers: list, problems: list[str]) -> None:
        w = self.window
        try:
            w.workspace.open_read_project(layers)
        except ExplorerError as exc:
            w.show_error(tr("The project could not be opened"), str(exc))
            return
        w.user_layers.dock.refresh()
        w.bookmarks.replace_all(list(project.bookmarks))
        try:
            state = w.workspace.resolve(MapState.from_json(project.state))
        except ViewError as exc:  # checked at load; a second guard costs nothing
            w.show_error(tr("The project could not be opened"), str(exc))
            return
        w.session.replace(state)
        self.path = Path(path)
        w.setWindowTitle(f"{Path(path).name} — Alliance Explorer")
        if problems:
            w.show_error(tr("Some layers could not be opened"),
                         tr("The rest of the project is open.") + "\n\n" + "\n".join(problems))
        else:
            w.statusBar().showMessage(tr("Opened {path}", path=path), 6000)
        self.opened.emit(str(path), list(problems))


def install(window) -> Projects:
    """File → Open project… (Ctrl+Shift+O), Save project (Ctrl+S), Save project as… (Ctrl+Shift+S)."""
    ctl = Projects(window)
    window.projects = ctl
    for action_id, text, keys, fn in (("open-project", tr("Open &project…"), "Ctrl+Shift+O", ctl.open_dialog),
                                      ("save-project", tr("&Save project"), "Ctrl+S", lambda: ctl.save()),
                                      ("save-project-as", tr("Save project &as…"), "Ctrl+Shift+S", ctl.save_as)):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(fn)
        window.add_action(action_id, action, menu="file", before="export")
    window.menu("file").insertSeparator(window.action("export"))
    return ctl


__all__ = ["install", "Projects"]
