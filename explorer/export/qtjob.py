"""One PNG or PDF as a Qt job (start, cancel; progress, finished, failed): the window's export path.

A PNG is a :class:`~explorer.export.snapshot.SnapshotJob`; a PDF is the paged
feature sheet (``print_run.sheet_job``), exactly what ``export --out x.pdf``
and ``--batch`` write. There is no other PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from explorer.mapping.state import ExportOptions, MapState
from explorer.workspace import Workspace


def picture_job(workspace: Workspace, state: MapState, options: ExportOptions, out: Path,
                parent: QObject | None = None, cache: Path | None | str = "default") -> QObject:
    if options.fmt == "pdf":
        from explorer.export.print_run import paper_of, sheet_job

        return sheet_job(workspace, state, paper_of(options), out, options.title, cache, parent)
    from explorer.export.snapshot import SnapshotJob, SnapshotRequest

    return SnapshotJob(workspace, SnapshotRequest(state, options), out, parent)


__all__ = ["picture_job"]
