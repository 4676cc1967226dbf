"""The analysis modules stay on the light side: no Qt, geopandas or folium, in a fresh interpreter."""

from __future__ import annotations

from tests.unit.test_layering import HEAVY, loaded, run


def test_analysis_modules_are_light(geodata_dir):
    mods = run(f"""
        from explorer.atlas.catalog import Catalog
        from explorer.atlas import coverage, dates, query, search
        from explorer.cli import analysis as analysis_cli
        cat = Catalog.load({str(geodata_dir)!r})
        assert search.SearchIndex.build(cat).query("futenma")[0].id == "base:futenma"
        assert query.select(cat, query.Filter(service={{"USMC"}}))
        assert coverage.coverage(cat, coverage.rings_from_catalog(cat)[0]).count > 0
        assert coverage.ring_polygon(10.0, 179.5, 800.0)["type"] == "MultiPolygon"
    """)
    assert "pyproj" in mods and "shapely" in mods  # sanity: the geometry really ran
    assert loaded(mods, HEAVY) == []


def test_timeline_modules_are_light(geodata_dir):
    mods = run(f"""
        import datetime as dt
        from explorer.atlas.catalog import Catalog
        from explorer.atlas import timeline
        from explorer.cli import timeline as timeline_cli
        cat = Catalog.load({str(geodata_dir)!r})
        p = cat.provisions["provision:treaty1951-art1"]
        assert timeline.provision_status(cat, p, dt.date(1961, 1, 1)).state == "superseded"
        assert timeline_cli.where_filter(["service=USMC"]) == {{"service": ["USMC"]}}
        assert timeline_cli.info_data(cat, "base:kadena", dt.date(1971, 1, 1))["as_of"] == "1971-01-01"
    """)
    assert loaded(mods, HEAVY) == []
