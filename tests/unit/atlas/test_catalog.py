"""The catalog: dossiers, reverse indexes, search, and the pickled warm-start cache."""

from __future__ import annotations

import pytest

from explorer.atlas.catalog import Catalog
from explorer.mapping.layers import ATLAS_LAYERS

LAYERS = tuple(s.id for s in ATLAS_LAYERS if s.interactive)  # the dossier layers; towns are reference only
from explorer.errors import UnknownFeatureError


def _resolves(catalog, refs) -> bool:
    return any(r.id in catalog.sources for r in refs)


# -- dossiers ------------------------------------------------------------------

def test_futenma_dossier_names_treaty_sofa_saco_and_henoko(catalog):
    d = catalog.dossier("base:futenma")
    pids = [p.id for p in d.provisions]
    cids = [c.id for c in d.controversies]
    for pid in ("provision:treaty1960-art6", "provision:sofa-art2", "provision:saco1996"):
        assert pid in pids
    assert "controversy:futenma-henoko" in cids
    wanted = [p for p in d.provisions if p.id in ("provision:treaty1960-art6", "provision:sofa-art2",
                                                    "provision:saco1996")]
    wanted += [c for c in d.controversies if c.id == "controversy:futenma-henoko"]
    for rec in wanted:
        assert rec.sources, rec.id
        assert any(d.source(r) is not None for r in rec.sources), f"{rec.id} cites no defined source"


def test_futenma_dossier_provision_texts(catalog):
    d = catalog.dossier("base:futenma")
    art6 = next(p for p in d.provisions if p.id == "provision:treaty1960-art6")
    assert "VI" in art6.article
    sofa = next(p for p in d.provisions if p.id == "provision:sofa-art2")
    assert "SOFA" in sofa.short or "Status of" in sofa.instrument or "Article VI" in sofa.instrument


def test_senkaku_dossier_includes_article_5(catalog):
    d = catalog.dossier("threat:senkaku")
    assert "provision:treaty1960-art5" in [p.id for p in d.provisions]


def test_dossier_has_no_duplicate_entries(catalog):
    for fid in catalog.features:
        d = catalog.dossier(fid)
        pids = [p.id for p in d.provisions]
        cids = [c.id for c in d.controversies]
        assert len(pids) == len(set(pids)), fid
        assert len(cids) == len(set(cids)), fid


@pytest.mark.parametrize("layer", LAYERS)
def test_every_feature_has_a_nonempty_dossier(catalog, layer):
    feats = catalog.layer(layer)
    assert feats
    empty = [f.id for f in feats
             if not (catalog.dossier(f.id).provisions or catalog.dossier(f.id).controversies)]
    assert empty == [], f"{len(empty)} {layer} feature(s) link no provision and no controversy: {empty}"


@pytest.mark.parametrize("layer", LAYERS)
def test_every_feature_cites_a_source_that_resolves(catalog, layer):
    bad = [f.id for f in catalog.layer(layer) if not f.sources or not _resolves(catalog, f.sources)]
    assert bad == []


def test_every_provision_and_controversy_cites_a_resolving_source(catalog):
    bad = [r.id for r in [*catalog.provisions.values(), *catalog.controversies.values()]
           if not _resolves(catalog, r.sources)]
    assert bad == []


def test_dossier_includes_controversies_that_name_the_feature(atlas_copy):
    # Drop the base's own link: the controversy's `features` list must still bring it in.
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:futenma").update(controversies=[]))
    cat = Catalog.load(atlas_copy.root)
    assert [c.id for c in cat.dossier("base:futenma").controversies] == ["controversy:futenma-henoko"]


def test_state_dossier_includes_treaty_provisions(mini_catalog):
    d = mini_catalog.dossier("state:jpn")
    assert [p.id for p in d.provisions] == ["provision:treaty1960-art5"]


# -- reverse indexes -----------------------------------------------------------

def test_governed_by_article_6_includes_kadena(catalog):
    governed = catalog.governed_by("provision:treaty1960-art6")
    assert "base:kadena" in governed
    assert "base:futenma" in governed
    for fid in governed:
        assert "provision:treaty1960-art6" in [p.id for p in catalog.dossier(fid).provisions]


def test_governed_by_counts_treaty_ties(mini_catalog):
    assert set(mini_catalog.governed_by("provision:treaty1960-art5")) == {"state:jpn", "threat:senkaku"}


def test_governed_by_is_consistent_with_dossiers(catalog):
    for pid in catalog.provisions:
        expected = {fid for fid in catalog.features if pid in [p.id for p in catalog.dossier(fid).provisions]}
        governed, invoked = set(catalog.governed_by(pid)), set(catalog.invoked_by(pid))
        assert governed | invoked == expected, pid
        assert not governed & invoked, pid


def test_concerned_by(catalog):
    concerned = catalog.concerned_by("controversy:futenma-henoko")
    assert "base:futenma" in concerned
    for fid in catalog.controversies["controversy:futenma-henoko"].features:
        assert fid in concerned


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        ("feature", "base:atlantis"),
        ("dossier", "base:atlantis"),
        ("governed_by", "provision:no-such-article"),
        ("concerned_by", "controversy:no-such-thing"),
    ],
)
def test_unknown_ids_raise(catalog, call, arg):
    with pytest.raises(UnknownFeatureError) as info:
        getattr(catalog, call)(arg)
    assert arg in str(info.value)


def test_governed_by_rejects_a_feature_id(catalog):
    with pytest.raises(UnknownFeatureError):
        catalog.governed_by("base:kadena")


def test_is_feature_checks_layer(catalog):
    assert catalog.is_feature("bases", "base:kadena")
    assert not catalog.is_feature("states", "base:kadena")
    assert not catalog.is_feature("bases", "base:atlantis")
    assert catalog.is_feature("threats", "threat:senkaku")


def test_layer_returns_only_that_layer(catalog):
    for layer in LAYERS:
        assert all(f.layer == layer for f in catalog.layer(layer))
    assert sum(len(catalog.layer(layer)) for layer in LAYERS) == len(catalog.features)


# -- search ----------------------------------------------------------------------

def test_search_finds_kadena(catalog):
    hits = [f.id for f in catalog.search("Kadena")]
    assert "base:kadena" in hits
    assert hits[0].startswith("base:kadena")
    assert "base:kadena" in [f.id for f in catalog.search("kadena")]


def test_search_finds_japanese_name(catalog):
    assert "base:futenma" in [f.id for f in catalog.search("普天間")]


def test_search_empty_and_miss(catalog):
    assert catalog.search("   ") == []
    assert catalog.search("zzzz-no-such-place") == []


def test_search_limit(catalog):
    assert len(catalog.search("base", limit=3)) == 3


# -- the data's central facts ------------------------------------------------------

def test_at_least_31_exclusive_use_bases_in_okinawa(catalog):
    oki = [b for b in catalog.layer("bases") if b.prefecture == "Okinawa" and b.on_mod_exclusive_list]
    assert len(oki) >= 31
