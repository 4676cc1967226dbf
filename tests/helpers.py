"""Helpers shared by the unit and GUI tests: one HTML parser, one DOM click, one data copy."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable


class PageParser(HTMLParser):
    """Collects every tag with its attributes and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script, self._buf = a, []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self._script is not None:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buf)))
            self._script = None

    def urls(self) -> list[tuple[str, str, str]]:
        return [(tag, k, v or "") for tag, a in self.tags for k, v in a.items() if k in ("src", "href")]

    def atlas_data(self) -> dict:
        found = [text for a, text in self.scripts if a.get("id") == "atlas-data"]
        assert len(found) == 1, "expected exactly one atlas-data script"
        (a,) = [a for a, _ in self.scripts if a.get("id") == "atlas-data"]
        assert a.get("type") == "application/json"
        return json.loads(found[0])


def parse(html: str) -> PageParser:
    p = PageParser()
    p.feed(html)
    p.close()
    return p


def click_js(fid: str) -> str:
    """JS that dispatches a real mouse click (down, up, click) at a feature's pixel.

    Returns the tag name of the element hit, or false. The page's own hit test
    then decides what the click selects, as it does for a user's click.
    """
    return ("(function(){var p=AtlasExplorer.screenPoint(%s); if(!p) return false;"
            "return (%s)(p.x, p.y);})()" % (json.dumps(fid), CLICK_AT))


#: A JS function (x, y) that clicks the element at client pixel (x, y), as a user would.
CLICK_AT = ("function(x,y){var t=document.elementFromPoint(x,y); if(!t) return false;"
            "['mousedown','mouseup','click'].forEach(function(type){"
            "t.dispatchEvent(new MouseEvent(type,{bubbles:true,cancelable:true,clientX:x,clientY:y,button:0,view:window}));});"
            "return t.tagName;}")


class AtlasCopy:
    """A writable copy of a data directory, with small editing helpers."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def of(cls, source: Path, target: Path) -> "AtlasCopy":
        shutil.copytree(source, target)
        return cls(target)

    def edit_json(self, rel: str, change: Callable[[dict], None]) -> None:
        path = self.root / rel
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    def props(self, data: dict, fid: str) -> dict:
        """The properties of the GeoJSON feature with id ``fid``."""
        return self.feature(data, fid)["properties"]

    def feature(self, data: dict, fid: str) -> dict:
        for feat in data["features"]:
            if feat["properties"]["id"] == fid:
                return feat
        raise AssertionError(f"fixture has no feature {fid}")

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Text substitution that fails loudly if the fixture no longer has ``old``."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{rel} does not contain {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def load_tool(name: str):
    """A script of ``tools/`` as a module (they are run as programs, not installed), loaded once."""
    import importlib.util
    import sys

    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parent.parent / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod
