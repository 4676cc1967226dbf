"""File → Export: format, size, scale, title, what to include; progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
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
    QSpinBox,
    QWidget,
)

from explorer.workspace import Workspace
from explorer.errors import ExplorerError
from explorer.gui.jobs import may_write, run_with_progress, written
from explorer.gui.settings import settings
from explorer.i18n import N_, tr
from explorer.export.run import ExportJob, plan, run_data_export
from explorer.mapping.state import ExportOptions, MapState

def default_folder() -> Path:
    """Where an export goes first: the last folder used, else Documents, else home."""
    last = settings().value("export/folder", "")
    candidates = [str(last or ""),
                  QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return Path.home()


FORMATS = [(N_("PNG image"), "png"), (N_("PDF document"), "pdf"), (N_("Interactive HTML"), "html"),
           ("GeoJSON", "geojson"), (N_("KML (Google Earth)"), "kml")]


class ExportDialog(QDialog):
    """Collects export options, confirms overwrites, runs the export with progress."""

    def __init__(self, parent: QWidget, workspace: Workspace, state: MapState) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export map"))
        self.workspace = workspace
        self.state = state
        self.job = None
        self.written: Path | None = None

        self.format = QComboBox(self)
        for label, key in FORMATS:
            self.format.addItem(tr(label), key)
        self.width_box = QSpinBox(self)
        self.width_box.setRange(100, 8000)
        self.width_box.setValue(1600)
        self.height_box = QSpinBox(self)
        self.height_box.setRange(100, 8000)
        self.height_box.setValue(1000)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(self.height_box)
        self.scale = QComboBox(self)
        self.scale.addItem(tr("1× (standard)"), 1.0)
        self.scale.addItem(tr("2× (high-DPI, print)"), 2.0)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(tr("Title shown on the map (optional)"))
        self.legend = QCheckBox(tr("Legend"), self)
        self.legend.setChecked(True)
        self.dossier = QCheckBox(tr("Selected feature's dossier summary"), self)
        self.dossier.setChecked(bool(state.selected))
        self.dossier.setEnabled(bool(state.selected))
        self.source_line = QCheckBox(tr("Source and date line"), self)
        self.source_line.setChecked(True)
        self.path = QLineEdit(str(default_folder() / "alliance-map.png"), self)
        self.path.setMinimumWidth(380)
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        form = QFormLayout(self)
        form.addRow(tr("Format"), self.format)
        form.addRow(tr("Size (px)"), size_row)
        form.addRow(tr("Scale"), self.scale)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Include"), self.legend)
        form.addRow("", self.dossier)
        form.addRow("", self.source_line)
        form.addRow(tr("Save to"), path_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        raster = fmt == "png"
        for w in (self.width_box, self.height_box, self.scale):
            w.setEnabled(raster)
        path = Path(self.path.text())
        self.path.setText(str(path.with_suffix("." + fmt)))

    def _browse(self) -> None:
        fmt = self.format.currentData()
        name, _ = QFileDialog.getSaveFileName(self, tr("Export map"), self.path.text(), f"{fmt.upper()} (*.{fmt})",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.path.setText(name)

    def options(self) -> tuple[Path, ExportOptions]:
        """The target and the options the form says, for exactly the session's current state."""
        return Path(self.path.text()).expanduser(), ExportOptions(
            fmt=self.format.currentData(), width=self.width_box.value(), height=self.height_box.value(),
            scale=float(self.scale.currentData()), title=self.title.text().strip(),
            legend=self.legend.isChecked(), dossier=self.dossier.isChecked(),
            source_line=self.source_line.isChecked())

    def start(self) -> None:
        out, options = self.options()
        force = may_write(self, out)
        if force is None:
            return
        try:
            job = plan(self.workspace, out, self.state, options, force)
            if job.options.fmt in ("png", "pdf"):
                self._run_snapshot(job)
                return
            self.written = run_data_export(self.workspace, job)
        except ExplorerError as exc:
            QMessageBox.warning(self, tr("Export failed"), str(exc))
            return
        self._done(str(self.written))

    def _run_snapshot(self, job: ExportJob) -> None:
        """A PNG from the snapshotter; a PDF as the paged feature sheet, as from the CLI and --batch."""
        from explorer.export.qtjob import picture_job

        snap = picture_job(self.workspace, job.state, job.options, job.out, self)
        self.job = snap
        run_with_progress(self, snap, tr("Rendering the map…"), tr("Export failed"), self._done, self._ended)

    def _ended(self) -> None:
        self.job = None

    def _done(self, path: str) -> None:
        self._ended()
        self.written = written(self.parent(), path, tr("Exported {path}", path=path))
        self.accept()
