"""Base.use: the SOFA category drives the label, the MOD-list flag and the map symbol."""

from __future__ import annotations

import pytest

from explorer.atlas.records import BASE_USES, Base, SourceRef
from explorer.mapping.layers import style_key
from explorer.mapping.style import BASE_SYMBOLS
from explorer.present.dossier import facts
from explorer.present.labels import USE as USE_LABELS

BY_KEY = {s.key: s for s in BASE_SYMBOLS}

GEOM = {"type": "Point", "coordinates": [127.7, 26.3]}


def _base(use: str, status: str = "active", **kw) -> Base:
    if use == "rok_sofa":
        kw.setdefault("country", "KOR")
    return Base(id="base:x", layer="bases", name="X", lat=26.3, lon=127.7, geometry=GEOM,
                service="USMC", prefecture="Okinawa", use=use, status=status, **kw)


@pytest.mark.parametrize("use, status, key", [
    ("us", "active", "base-active"),
    ("us_sdf_joint", "active", "base-shared"),
    ("sdf_temporary_us", "active", "base-joint"),
    ("returned", "returned", "base-returned"),
    ("us", "planned_return", "base-planned"),
    ("us_sdf_joint", "partially_returned", "base-planned"),
    ("rok_sofa", "active", "base-usfk"),
    ("rok_sofa", "partially_returned", "base-usfk"),
])
def test_style_key_by_use_and_status(use, status, key):
    assert style_key(_base(use, status)) == key
    assert key in BY_KEY


def test_every_use_has_plain_words():
    assert BASE_USES == ("us", "us_sdf_joint", "sdf_temporary_us", "returned", "rok_sofa")
    for use in BASE_USES:
        assert USE_LABELS[use] and "_" not in USE_LABELS[use]


def test_facts_and_attributes_carry_use_position_and_units_date(mini_catalog):
    b = _base("us_sdf_joint", units="18th Wing", units_as_of="2023-11-15",
              position_source=SourceRef("src:x", "infobox"), position_precision_m=1500)
    rows = dict(facts(mini_catalog, b))
    assert rows["Use"] == USE_LABELS["us_sdf_joint"]
    assert rows["Units / role"] == "18th Wing (as of 2023-11-15)"
    assert "1,500 m" in rows["Position"]
    attrs = b.attributes()
    assert attrs["use"] == "us_sdf_joint" and attrs["on_mod_exclusive_list"] is True
    assert attrs["position_source"] == "src:x" and attrs["position_source_at"] == "infobox"
    assert attrs["position_precision_m"] == 1500 and attrs["units_as_of"] == "2023-11-15"
    assert "exclusive_use" not in attrs


def test_real_atlas_categories(catalog):
    bases = catalog.layer("bases")
    by_id = {b.id: b for b in bases}
    joint = ["misawa", "yokota", "zama", "atsugi", "iwakuni", "kisarazu", "iwo-to", "tategami", "sasebo",
             "white-beach", "idesuna", "tori-shima", "hansen"]
    assert all(by_id[f"base:{s}"].use == "us_sdf_joint" for s in joint)
    assert {b.id for b in bases if b.use == "sdf_temporary_us"} == {
        "base:higashi-fuji", "base:kita-fuji", "base:yausubetsu", "base:ojojibara", "base:hijudai", "base:nagasaka"}
    assert {b.id for b in bases if b.use == "returned"} == {"base:fuchu", "base:kamiseya", "base:sakibe"}
    assert by_id["base:yaedake"].service == "USAF"
    assert "12th Marine Littoral Regiment" in by_id["base:hansen"].units
    assert by_id["base:hansen"].units_as_of == "2023-11-15"
