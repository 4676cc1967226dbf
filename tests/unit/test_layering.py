"""Import layering, checked in fresh interpreters: the model and map builder never pull in Qt,
and the CLI's fast paths pay for neither Qt, geopandas nor folium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("PySide6", "shiboken6", "geopandas", "folium")


def run(code: str, *args: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; it prints a JSON list of loaded top-level modules."""
    prog = textwrap.dedent(code) + textwrap.dedent("""
        import json as _json, sys as _sys
        print("MODULES=" + _json.dumps(sorted({m.split(".")[0] for m in _sys.modules})))
    """)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("ALLIANCE_EXPLORER_GEODATA", None)
    proc = subprocess.run([sys.executable, "-c", prog, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("MODULES=")][-1]
    return json.loads(line.removeprefix("MODULES="))


def loaded(modules: list[str], names) -> list[str]:
    return [n for n in names if n in modules]


def test_model_and_page_builder_do_not_import_qt(fixture_dir, geodata_dir):
    mods = run(f"""
        import explorer.atlas.catalog, explorer.atlas.validate, explorer.mapping.page
        from explorer.atlas.catalog import Catalog
        from explorer.atlas.validate import validate
        from explorer.mapping.page import build_page
        from explorer.present.dossier import dossier_dict
        from explorer.present.panel_html import dossier_html, welcome_html
        cat = Catalog.load({str(geodata_dir)!r})
        for shell in ("app", "html"):
            assert "atlas-data" in build_page(cat, shell)
        dossier_html(dossier_dict(cat, "base:futenma", None))
        import explorer.store, explorer.mapping.state, explorer.web.protocol
        welcome_html(cat)
        assert validate({str(fixture_dir)!r}) == []
    """)
    assert "folium" in mods  # sanity: the page really was built in that interpreter
    assert loaded(mods, ("PySide6", "shiboken6")) == []


def test_importing_explorer_and_cli_is_light():
    mods = run("""
        import explorer, explorer.cli
    """)
    assert "explorer" in mods
    assert loaded(mods, HEAVY) == []


@pytest.mark.parametrize("argv", [
    ["--no-cache", "list", "--json"],
    ["--no-cache", "info", "base:futenma", "--json"],
    ["validate", "geodata"],
])
def test_cli_fast_paths_do_not_import_qt_or_folium(argv):
    mods = run(f"""
        import contextlib, io
        from explorer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main({argv!r}) == 0
    """)
    assert loaded(mods, HEAVY) == []


def test_warm_start_needs_neither_folium_nor_pyproj(tmp_path, geodata_dir):
    cache = tmp_path / "cache"
    cache.mkdir()
    warm = f"""
        from pathlib import Path
        from explorer import store
        from explorer.workspace import Workspace
        cat = store.load_catalog(Path({str(geodata_dir)!r}), Path({str(cache)!r}))
        html = store.app_page(Workspace(cat), Path({str(cache)!r}))
        assert "atlas-data" in html
    """
    cold = run(warm)
    assert "folium" in cold  # the first run built the page
    assert list(cache.glob("page-app-*.html")) and list(cache.glob("catalog-*.pickle"))
    hot = run(warm)
    assert loaded(hot, ("folium", "pyproj", "shapely", *HEAVY)) == []
