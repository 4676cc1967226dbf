"""The bridge's message parser, without Qt: typed messages in, everything else rejected."""

from __future__ import annotations

import json

import pytest

from explorer.web import protocol
from explorer.web.protocol import Applied, Clear, Click, Layers, Rejected, View, parse

FEATURES = {("bases", "base:kadena"), ("states", "state:jpn")}


def p(message):
    return parse(message if isinstance(message, str) else json.dumps(message),
                 lambda layer: layer in ("bases", "states", "threats"), lambda layer, fid: (layer, fid) in FEATURES)


def test_click_on_a_known_feature():
    assert p({"type": "click", "layer": "bases", "id": "base:kadena"}) == Click("bases", "base:kadena")


def test_a_click_names_the_other_features_under_it():
    msg = p({"type": "click", "layer": "bases", "id": "base:kadena", "also": [{"layer": "states", "id": "state:jpn"}]})
    assert msg == Click("bases", "base:kadena", (("states", "state:jpn"),))


def test_messages_of_every_kind():
    assert p({"type": "clear"}) == Clear()
    assert p({"type": "layers", "layers": ["bases", "states"]}) == Layers(("bases", "states"))
    assert p({"type": "view", "center": [26.3, 127.8], "zoom": 9}) == View(26.3, 127.8, 9.0)
    assert p({"type": "applied", "seq": 7}) == Applied(7)


@pytest.mark.parametrize("message", [
    "not json", "[]", "null", "3", '"text"', "x" * (protocol.MAX_MESSAGE + 1), "[" * 100_000,
    {"type": "click", "layer": "bases", "id": "base:nope"},
    {"type": "click", "layer": "states", "id": "base:kadena"},
    {"type": "click", "layer": "bombs", "id": "base:kadena"},
    {"type": "click", "layer": ["bases"], "id": "base:kadena"},
    {"type": "click", "layer": "bases", "id": "base:kadena", "also": [{"layer": "bases", "id": "base:nope"}]},
    {"type": "click", "layer": "bases", "id": "base:kadena", "also": "state:jpn"},
    {"type": "click", "layer": "bases", "id": "base:kadena", "also": [{"layer": "states", "id": "state:jpn"}] * 9},
    {"type": "layers", "layers": ["bases", "moons"]}, {"type": "layers", "layers": "bases"},
    {"type": "view", "center": [26.3, 127.8], "zoom": 99}, {"type": "view", "center": [1e308, 0], "zoom": 5},
    {"type": "view", "center": [26.3], "zoom": 5}, {"type": "view", "center": ["26", 127], "zoom": 5},
    {"type": "view", "center": [True, 127], "zoom": 5},
    '{"type": "view", "center": [NaN, 127.8], "zoom": 5}', '{"type": "view", "center": [26, Infinity], "zoom": 5}',
    {"type": "applied", "seq": -1}, {"type": "applied", "seq": "1"}, {"type": "applied", "seq": True},
    {"type": "deleteLater"},
])
def test_bad_messages_are_rejected_with_a_reason(message):
    out = p(message)
    assert isinstance(out, Rejected) and out.reason


def test_non_text_is_rejected():
    assert isinstance(parse(None, lambda _: True, lambda *_: True), Rejected)  # type: ignore[arg-type]
