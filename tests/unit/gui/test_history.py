"""Back and Forward walk the pages visited, as a browser does (no Qt)."""

from __future__ import annotations

from explorer.gui.history import History


def test_back_walks_all_the_way_and_forward_returns():
    h = History()
    for key in ("a", "b", "c", "d"):
        h.visit(key)
    assert [h.back(), h.back(), h.back(), h.back()] == ["c", "b", "a", ""]
    assert h.current == "a" and not h.can_back and h.can_forward
    assert [h.forward(), h.forward()] == ["b", "c"]
    h.visit("x")  # a new page clears Forward
    assert not h.can_forward and h.back() == "c"


def test_revisiting_the_current_page_and_leaving():
    h = History()
    h.visit("a")
    h.visit("a")
    assert not h.can_back
    h.leave()
    assert h.current == "" and h.back() == "a"


def test_forget_drops_pages_that_are_gone():
    h = History()
    for key in ("user:l:1", "base:x", "user:l:2"):
        h.visit(key)
    h.forget(lambda k: not k.startswith("user:"))
    assert h.current == "" and h.back() == "base:x" and not h.can_back
