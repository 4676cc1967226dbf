"""File → Print layout (PDF): a feature sheet of the map as it is, or the briefing booklet, on real paper.

The layout, paper (A4, Letter, A3) and orientation are chosen here, with the
target file; the work runs in a :class:`~explorer.export.printer.PrintJob`
with progress and cancel. An existing file is only replaced after the user
confirms; nothing is written unless the whole document printed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from explorer.atlas import briefing as briefing_mod
from explorer.errors import ExplorerError
from explorer.export.booklet import PAPERS, Paper
from explorer.export.files import check_target
from explorer.gui.export_dialog import default_folder
from explorer.gui.jobs import may_write, run_with_progress, written
from explorer.gui.settings import settings
from explorer.i18n import N_, Lazy, tr

LAYOUTS = [(N_("Feature sheet: this map and the selected feature's dossier"), "sheet"),
           (N_("Briefing booklet: cover, contents, a page per step, sources"), "booklet")]
PAPER_LABELS = Lazy({"a4": "A4", "letter": N_("Letter"), "a3": "A3"})


class PrintDialog(QDialog):
    """Collects the layout, paper and file; runs the print job with progress."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle(tr("Print layout (PDF)"))
        self.window_ = window
        self.job = None
        self.written: Path | None = None
        self.layout_box = QComboBox(self)
        for label, key in LAYOUTS:
            self.layout_box.addItem(tr(label), key)
        self.paper = QComboBox(self)
        for key in PAPERS:
            self.paper.addItem(PAPER_LABELS[key], key)
        saved = str(settings().value("print/paper", "a4"))
        self.paper.setCurrentIndex(max(0, self.paper.findData(saved)))
        self.landscape = QCheckBox(tr("Landscape"), self)
        self.landscape.setChecked(str(settings().value("print/landscape", "false")) == "true")
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(tr("Title in the header (feature sheet; optional)"))
        self.path = QLineEdit(str(default_folder() / "alliance-sheet.pdf"), self)
        self.path.setMinimumWidth(380)
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(tr("Layout"), self.layout_box)
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.paper)
        paper_row.addWidget(self.landscape)
        form.addRow(tr("Paper"), paper_row)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Save to"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.layout_box.currentIndexChanged.connect(self._layout_changed)

    def _layout_changed(self) -> None:
        booklet = self.layout_box.currentData() == "booklet"
        self.title.setEnabled(not booklet)
        path = Path(self.path.text())
        self.path.setText(str(path.with_name("alliance-briefing.pdf" if booklet else "alliance-sheet.pdf")))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("Print layout"), self.path.text(), "PDF (*.pdf)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.path.setText(name)

    def choice(self) -> tuple[str, Paper, Path]:
        return (self.layout_box.currentData(), Paper(self.paper.currentData(), self.landscape.isChecked()),
                Path(self.path.text()).expanduser().with_suffix(".pdf"))

    def start(self) -> None:
        from explorer.export.print_run import booklet_job, sheet_job

        kind, paper, out = self.choice()
        force = may_write(self, out)
        if force is None:
            return
        w = self.window_
        try:
            target = check_target(out, force)
            if kind == "booklet":
                job = booklet_job(w.workspace, briefing_mod.read(w.workspace.atlas.root), paper, target, parent=self)
            else:
                job = sheet_job(w.workspace, w.session.state, paper, target, self.title.text().strip(), parent=self)
        except ExplorerError as exc:
            QMessageBox.warning(self, tr("Printing failed"), str(exc))
            return
        settings().setValue("print/paper", paper.name)
        settings().setValue("print/landscape", "true" if paper.landscape else "false")
        self.job = job
        run_with_progress(self, job, tr("Drawing the maps…"), tr("Printing failed"), self._done, self._ended)

    def _ended(self) -> None:
        self.job = None

    def _done(self, path: str) -> None:
        self._ended()
        self.written = written(self.window_, path, tr("Saved {path}", path=path))
        self.accept()


def install(window) -> QAction:
    """File → Print layout (PDF)…, Ctrl+P (one call from ``MainWindow.__init__``)."""
    action = QAction(tr("&Print layout (PDF)…"), window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    action.setToolTip(tr("A feature sheet or the briefing booklet on A4, Letter or A3"))
    action.triggered.connect(lambda: PrintDialog(window).exec())
    window.add_action("print", action, menu="file", before="export")
    window.print_action = action
    return action


__all__ = ["PrintDialog", "install"]
