"""The start-up cache built with the app: a first start reads it instead of parsing and building."""

from __future__ import annotations

import pytest

from explorer import prebuild, store
from explorer.atlas.catalog import Catalog
from explorer.workspace import Workspace


@pytest.fixture
def built(fixture_dir, tmp_path, monkeypatch):
    """A start-up cache of the small atlas, in use, and an empty user cache."""
    target = tmp_path / "startup"
    written = prebuild.build(target, fixture_dir)
    monkeypatch.setenv("ALLIANCE_EXPLORER_PREBUILT", str(target))
    cache = tmp_path / "cache"
    cache.mkdir()
    return target, written, cache


def _no_parse(*args, **kwargs):
    raise AssertionError("parsed or built although the start-up cache has it")


def test_build_writes_the_catalog_shells_and_a_page_per_language(built, fixture_dir):
    target, written, _ = built
    names = sorted(p.name for p in target.iterdir())
    assert sorted(p.name for p in written) == names
    assert len(names) == 5
    assert sum(n.startswith("page-app-") for n in names) == 2
    assert any(n.endswith("-en.html") for n in names) and any("-ja-" in n for n in names)
    assert prebuild.build(target, fixture_dir) == []  # up to date: nothing written again


def test_build_removes_another_version(built, fixture_dir):
    target, _, _ = built
    stale = target / "catalog-5-0000-old.pickle"
    stale.write_bytes(b"old")
    (target / prebuild.wanted(fixture_dir, store.data_fingerprint(fixture_dir))[0]).unlink()
    assert prebuild.build(target, fixture_dir)
    assert not stale.exists()


def test_a_first_start_reads_the_catalog_and_page_and_writes_nothing(built, fixture_dir, monkeypatch):
    _, _, cache = built
    monkeypatch.setattr(Catalog, "load", classmethod(_no_parse))
    catalog = store.load_catalog(fixture_dir, cache)
    assert catalog.root == fixture_dir.resolve()
    assert catalog.fingerprint == store.data_fingerprint(fixture_dir)
    import explorer.mapping.page as page

    monkeypatch.setattr(page, "assemble", _no_parse)
    monkeypatch.setattr(page, "render_shell", _no_parse)
    html = store.app_page(Workspace(catalog), cache)
    assert "atlas-data" in html and '<html lang="en">' in html
    from explorer import i18n

    i18n.set_language("ja")
    assert '<html lang="ja">' in store.app_page(Workspace(catalog), cache)
    assert list(cache.iterdir()) == []  # the user's cache is left empty: nothing to copy


def test_the_page_read_is_the_page_a_start_would_build(built, fixture_dir, tmp_path, monkeypatch):
    _, _, cache = built
    read = store.app_page(Workspace(store.load_catalog(fixture_dir, cache)), cache)
    monkeypatch.setenv("ALLIANCE_EXPLORER_PREBUILT", "")
    own = tmp_path / "own"
    own.mkdir()
    assert store.app_page(Workspace(store.load_catalog(fixture_dir, own)), own) == read


def test_a_catalog_built_elsewhere_learns_where_its_data_is(atlas_copy, fixture_dir, tmp_path, monkeypatch):
    """A wheel's start-up cache is built in the source tree and read from site-packages."""
    target = tmp_path / "startup"
    prebuild.build(target, atlas_copy.root)
    monkeypatch.setenv("ALLIANCE_EXPLORER_PREBUILT", str(target))
    monkeypatch.setattr(Catalog, "load", classmethod(_no_parse))
    cache = tmp_path / "cache"
    cache.mkdir()
    assert store.load_catalog(fixture_dir, cache).root == fixture_dir.resolve()


def test_another_code_version_never_reads_it(built, fixture_dir, monkeypatch):
    _, _, cache = built
    monkeypatch.setattr(store, "code_fingerprint", lambda: "0.0.0-other")
    parsed = []
    original = Catalog.load.__func__
    monkeypatch.setattr(Catalog, "load", classmethod(lambda cls, *a, **k: parsed.append(1) or original(cls, *a, **k)))
    store.load_catalog(fixture_dir, cache)
    assert parsed == [1]


def test_a_damaged_start_up_cache_costs_only_time(built, fixture_dir, caplog):
    target, _, cache = built
    (pickled,) = target.glob("catalog-*.pickle")
    pickled.write_bytes(pickled.read_bytes()[:100])
    catalog = store.load_catalog(fixture_dir, cache)
    assert catalog.features and "unreadable cache" in caplog.text
    assert list(cache.glob("catalog-*.pickle"))  # parsed, and kept in the user's cache as usual


def test_main_reports_an_up_to_date_folder(built, fixture_dir, capsys):
    target, _, _ = built
    assert prebuild.main([str(target), "--data", str(fixture_dir)]) == 0
    assert "up to date" in capsys.readouterr().out
