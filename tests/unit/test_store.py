"""The store: catalog and page caches keyed by fingerprints, rebuilt when stale, never fatal."""

from __future__ import annotations

from explorer import store
from explorer.atlas.catalog import Catalog
from explorer.workspace import Workspace


def test_load_catalog_round_trips_and_is_reused(geodata_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    first = store.load_catalog(geodata_dir, cache)
    pickles = list(cache.glob("catalog-*.pickle"))
    assert len(pickles) == 1

    def no_parse(*args, **kwargs):
        raise AssertionError("the cached catalog was re-parsed")

    monkeypatch.setattr(Catalog, "load", classmethod(no_parse))
    second = store.load_catalog(geodata_dir, cache)
    assert second is not first
    assert set(second.features) == set(first.features)
    assert set(second.provisions) == set(first.provisions)
    assert set(second.controversies) == set(first.controversies)
    assert set(second.sources) == set(first.sources)
    assert second.dossier("base:futenma") == first.dossier("base:futenma")
    assert second.governed_by("provision:treaty1960-art6") == first.governed_by("provision:treaty1960-art6")
    assert second.feature("base:kadena").geometry == first.feature("base:kadena").geometry


def test_load_catalog_rebuilds_when_data_changes(atlas_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    store.load_catalog(atlas_copy.root, cache)
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(name="Kadena AB (renamed)"))
    fresh = store.load_catalog(atlas_copy.root, cache)
    assert fresh.feature("base:kadena").name == "Kadena AB (renamed)"
    # The stale pickle is gone: one cache file per data directory state.
    assert len(list(cache.glob("catalog-*.pickle"))) == 1


def test_load_catalog_survives_a_corrupt_cache(fixture_dir, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    store.load_catalog(fixture_dir, cache)
    (path,) = cache.glob("catalog-*.pickle")
    path.write_bytes(b"not a pickle")
    cat = store.load_catalog(fixture_dir, cache)
    assert "base:futenma" in cat.features


def test_load_catalog_without_cache_dir_parses(fixture_dir):
    cat = store.load_catalog(fixture_dir, None)
    assert "base:futenma" in cat.features


def test_data_fingerprint_changes_with_data(atlas_copy):
    before = store.data_fingerprint(atlas_copy.root)
    assert before == store.data_fingerprint(atlas_copy.root)
    atlas_copy.replace("provisions.toml", "SACO 1996", "SACO 1996 (edited)")
    assert store.data_fingerprint(atlas_copy.root) != before


def test_page_cache_is_keyed_by_data_and_reused(fixture_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    cat = store.load_catalog(fixture_dir, cache)
    first = store.app_page(Workspace(cat), cache)
    assert len(list(cache.glob("page-app-*.html"))) == 1 and len(list(cache.glob("shell-app-*.html"))) == 1

    def no_build(*args, **kwargs):
        raise AssertionError("the shell was rebuilt although the code did not change")

    import explorer.mapping.page as page

    monkeypatch.setattr(page, "render_shell", no_build)
    assert store.app_page(Workspace(cat), cache) == first
    assert store.is_warm(fixture_dir, cache)


def test_new_data_reuses_the_shell(atlas_copy, tmp_path, monkeypatch):
    """New data never needs folium: only the payload changes."""
    cache = tmp_path / "cache"
    cache.mkdir()
    store.app_page(Workspace(store.load_catalog(atlas_copy.root, cache)), cache)
    atlas_copy.edit_json("bases/okinawa.geojson",
                         lambda d: atlas_copy.props(d, "base:kadena").update(name="Kadena (edited)"))
    import explorer.mapping.page as page

    def no_build(*args, **kwargs):
        raise AssertionError("folium ran although only the data changed")

    monkeypatch.setattr(page, "render_shell", no_build)
    cat = store.load_catalog(atlas_copy.root, cache)
    assert "Kadena (edited)" in store.app_page(Workspace(cat), cache)
    assert len(list(cache.glob("page-app-*.html"))) == 1  # the stale page is gone
