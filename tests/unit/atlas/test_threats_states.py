"""Issue 13: neutral framing of disputed territories, the eez_impact kind, ASEAN members."""

from __future__ import annotations

from explorer.atlas.loaders import THREAT_KINDS
from explorer.atlas.records import Threat
from explorer.mapping import layers, style


def _threats(catalog, kind):
    return [f for f in catalog.layer("threats") if isinstance(f, Threat) and f.threat_kind == kind]


def test_every_threat_kind_has_a_symbol():
    for kind in THREAT_KINDS:
        assert f"threat-{kind}" in style.BY_KEY, kind


def test_eez_impacts_are_dated_points_by_north_korea_with_sources(catalog):
    impacts = _threats(catalog, "eez_impact")
    assert len(impacts) >= 4
    for t in impacts:
        assert t.geometry["type"] == "Point", t.id
        assert t.date and len(t.date) == 10, t.id
        assert t.actor == "state:prk", t.id
        assert "EEZ" in t.description or "exclusive economic zone" in t.description, t.id
        assert len(t.sources) >= 2, t.id
        assert layers.style_key(t) == "threat-eez_impact"
    assert "threat:2017-07-28-hwasong14-eez" in {t.id for t in impacts}


def test_disputed_territories_give_every_claimant_its_own_name(catalog):
    disputes = {t.id: t for t in _threats(catalog, "disputed_territory")}
    expected = {
        "threat:senkaku": ("Senkaku", "Diaoyu Dao", "Diaoyutai"),
        "threat:takeshima": ("Takeshima", "Dokdo"),
        "threat:northern-territories": ("Northern Territories", "Southern Kurils"),
    }
    for fid, names in expected.items():
        t = disputes[fid]
        for name in names:
            assert name in t.name, (fid, name)
        assert len(t.claimants) == len(names), fid
        assert len({c.state for c in t.claimants}) == len(names), fid


def test_dispute_between_allies_has_no_actor(catalog):
    t = catalog.feature("threat:takeshima")
    assert t.actor == ""
    assert t.threat_kind == "disputed_territory"
    from explorer.present.dossier import facts

    assert "Actor" not in dict(facts(catalog, t))


def test_claimant_positions_are_attributed_not_asserted(catalog):
    senkaku = catalog.feature("threat:senkaku").description
    for phrase in ("Japan holds", "claims them as Diaoyu Dao", "Taiwan (the Republic of China) claims"):
        assert phrase in senkaku
    takeshima = catalog.feature("threat:takeshima").description
    assert "South Korea holds" in takeshima and "Japan holds" in takeshima
    nt = catalog.feature("threat:northern-territories").description
    assert "Japan holds" in nt and "Russia holds" in nt


def test_asean_members_are_states_and_asean_is_not(catalog):
    ids = {s.id for s in catalog.layer("states")}
    assert {"state:phl", "state:vnm", "state:idn"} <= ids
    assert "state:asean" not in ids
    for sid in ("state:phl", "state:vnm", "state:idn"):
        s = catalog.feature(sid)
        assert "ASEAN" in s.role_text, sid
        assert any("ASEAN Regional Forum" in t.name for t in s.treaties), sid
        assert s.role in style.ROLE_KEYS, sid


def test_new_controversies_exist_and_resolve(catalog):
    for cid in ("controversy:anpo-1960", "controversy:uruma-2016", "controversy:dprk-nuclear-tests",
                "controversy:south-china-sea"):
        c = catalog.controversies[cid]
        assert c.sources and all(r.id in catalog.sources for r in c.sources), cid
        assert all(p in catalog.provisions for p in c.provisions), cid


def test_fixed_facts(catalog):
    ind = catalog.feature("state:ind").role_text
    assert "2007" in ind and "12 November 2017" in ind and "12 March 2021" in ind
    prk = catalog.feature("state:prk").role_text
    assert "2022-10-04" in prk and "1998-2023" not in prk
    burden = catalog.controversies["controversy:okinawa-base-burden"].summary
    assert "73.9" not in burden
    usa = catalog.feature("state:usa").role_text
    assert "54,000" in usa and "2019" in usa and "Tomodachi" in usa
