"""The catalog: dossiers, reverse indexes, search, and the pickled warm-start cache."""

from __future__ import annotations

import pytest

from explorer.atlas import catalog as catalog_mod
from explorer.atlas.catalog import Catalog, load_cached
from explorer.atlas.records import LAYERS
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
        assert set(catalog.governed_by(pid)) == expected, pid


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


# -- pickled cache -----------------------------------------------------------------

def test_load_cached_round_trips_and_is_reused(geodata_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    first = load_cached(geodata_dir, cache)
    pickles = list(cache.glob("catalog-*.pickle"))
    assert len(pickles) == 1

    def no_parse(*args, **kwargs):
        raise AssertionError("the cached catalog was re-parsed")

    monkeypatch.setattr(Catalog, "load", classmethod(no_parse))
    second = load_cached(geodata_dir, cache)
    assert second is not first
    assert set(second.features) == set(first.features)
    assert set(second.provisions) == set(first.provisions)
    assert set(second.controversies) == set(first.controversies)
    assert set(second.sources) == set(first.sources)
    assert second.dossier("base:futenma") == first.dossier("base:futenma")
    assert second.governed_by("provision:treaty1960-art6") == first.governed_by("provision:treaty1960-art6")
    assert second.feature("base:kadena").geometry == first.feature("base:kadena").geometry


def test_load_cached_rebuilds_when_data_changes(atlas_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    load_cached(atlas_copy.root, cache)
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(name="Kadena AB (renamed)"))
    fresh = load_cached(atlas_copy.root, cache)
    assert fresh.feature("base:kadena").name == "Kadena AB (renamed)"
    # The stale pickle is gone: one cache file per data directory state.
    assert len(list(cache.glob("catalog-*.pickle"))) == 1


def test_load_cached_survives_a_corrupt_cache(fixture_dir, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    load_cached(fixture_dir, cache)
    (path,) = cache.glob("catalog-*.pickle")
    path.write_bytes(b"not a pickle")
    cat = load_cached(fixture_dir, cache)
    assert "base:futenma" in cat.features


def test_load_cached_without_cache_dir_parses(fixture_dir):
    cat = load_cached(fixture_dir, None)
    assert "base:futenma" in cat.features


def test_data_fingerprint_changes_with_data(atlas_copy):
    before = catalog_mod.data_fingerprint(atlas_copy.root)
    assert before == catalog_mod.data_fingerprint(atlas_copy.root)
    atlas_copy.replace("provisions.toml", "SACO 1996", "SACO 1996 (edited)")
    assert catalog_mod.data_fingerprint(atlas_copy.root) != before
