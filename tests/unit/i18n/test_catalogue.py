"""The catalogue is complete: every string the code marks for translation has a Japanese entry.

Marking is what makes a string translatable (``tr``/``N_``); the window, page and
export tests under Japanese catch strings that were never marked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import load_tool

ROOT = Path(__file__).resolve().parents[3]


def _tool():
    return load_tool("build_catalogs")


def test_every_marked_message_has_a_japanese_entry():
    tool = _tool()
    pot = tool.template()
    missing = tool.missing("ja", pot)
    assert not missing, f"{len(missing)} message(s) without Japanese (run tools/build_catalogs.py): {missing[:10]}"


def test_placeholders_survive_translation():
    """A translation keeps exactly the ``{fields}`` of its English, or tr() would fail or lose a value."""
    import re

    tool = _tool()
    cat = tool.read_all("ja")
    field = re.compile(r"\{(\w*)\}")
    bad = [m.id for m in cat if m.id and m.string and sorted(field.findall(m.id)) != sorted(field.findall(m.string))]
    assert not bad, bad[:10]


@pytest.mark.parametrize("text", ["{x} items", "plain"])
def test_tr_fills_fields_in_japanese_too(text):
    from explorer import i18n

    i18n.set_language("ja")
    assert i18n.tr(text, x=2) in (text.format(x=2), i18n.messages("ja").get(text, text).format(x=2))
