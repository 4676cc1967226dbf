"""Back and Forward over the pages the panel showed, as a browser walks them. No Qt.

Going back moves the current page onto the forward stack, never onto the
back stack, so Back walks all the way to the first page instead of swapping
the last two; opening a new page clears Forward.
"""

from __future__ import annotations


class History:
    """Pages visited, the current one, and the ones gone back from."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self._back: list[str] = []
        self._forward: list[str] = []
        self.current = ""

    def visit(self, key: str) -> None:
        """A new page is shown (not by Back or Forward)."""
        if key == self.current:
            return
        if self.current:
            self._back.append(self.current)
            del self._back[:-self.limit]
        self._forward.clear()
        self.current = key

    def back(self) -> str:
        """The page to show for Back ("" if none); it becomes current."""
        if not self._back:
            return ""
        if self.current:
            self._forward.append(self.current)
        self.current = self._back.pop()
        return self.current

    def forward(self) -> str:
        """The page to show for Forward ("" if none); it becomes current."""
        if not self._forward:
            return ""
        if self.current:
            self._back.append(self.current)
        self.current = self._forward.pop()
        return self.current

    def leave(self) -> None:
        """No page is shown (the welcome page): the current one can be gone back to."""
        if self.current:
            self._back.append(self.current)
            self._forward.clear()
        self.current = ""

    def forget(self, keep) -> None:
        """Drop pages for which ``keep(key)`` is false (a closed user layer's features)."""
        self._back = [k for k in self._back if keep(k)]
        self._forward = [k for k in self._forward if keep(k)]
        if self.current and not keep(self.current):
            self.current = ""

    @property
    def can_back(self) -> bool:
        return bool(self._back)

    @property
    def can_forward(self) -> bool:
        return bool(self._forward)


__all__ = ["History"]
