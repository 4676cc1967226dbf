"""Japanese town names are derived from GeoNames by one written rule, and the committed layer is its output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import load_tool

ROOT = Path(__file__).resolve().parents[3]


def _tool():
    return load_tool("build_places")


@pytest.mark.parametrize("alternates, expected", [
    (["Ginowan", "ぎのわん", "宜野湾", "宜野湾市", "宜野灣市", "기노완 시"], "宜野湾"),
    (["うるま", "うるま市", "宇流麻市"], "うるま"),           # the city writes its name in kana
    (["四日", "四日市市", "욧카이치 시"], "四日市"),            # a truncated fragment loses to the full name
    (["丰田市", "豊田", "豊田市"], "豊田"),                    # the Chinese form loses the tie
    (["原", "市原市"], "市原"),
    (["ことう", "江東区", "湖東"], "江東区"),                   # a ward keeps its 区
    (["湊"], None),                                            # a lone character is a fragment, not a name
    (["下关市", "下関市"], "下関"),                              # simplified 关 is not Japanese script
])
def test_the_rule(alternates, expected):
    assert _tool().geonames_japanese({"alternatenames": alternates}) == expected


def test_okinawa_towns_have_japanese_names_in_the_layer():
    layer = json.loads((ROOT / "geodata" / "places" / "places.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["name"]: f["properties"].get("name_ja") for f in layer["features"]
             if f["properties"]["country"] == "JP"}
    assert {k: names[k] for k in ("Naha", "Nago", "Ginowan", "Uruma", "Okinawa", "Itoman", "Chatan")} == {
        "Naha": "那覇", "Nago": "名護", "Ginowan": "宜野湾", "Uruma": "うるま", "Okinawa": "沖縄", "Itoman": "糸満",
        "Chatan": "北谷"}
