"""The one family of expected failures.

Anything a user can cause or fix (a bad data file, an unwritable export path,
an unknown view) raises an ``ExplorerError`` subclass whose message says what
to do. The CLI prints it as one line; the GUI shows it in a message box.
Everything else is a bug and goes to the excepthook.
"""

from __future__ import annotations


class ExplorerError(Exception):
    """Base of every expected, user-actionable failure."""


class DataError(ExplorerError):
    """A geodata file is missing, unreadable or malformed."""


class UnknownFeatureError(ExplorerError):
    """An id names no feature, provision or controversy in the atlas."""


class ViewError(ExplorerError):
    """A named view or a ``LAT,LON,ZOOM`` spec could not be understood."""


class ExportError(ExplorerError):
    """An export could not be written; the message names the path and why."""
