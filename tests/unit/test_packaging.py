"""The wheel is self-contained: it carries the data and the web assets, and an
installed package finds them inside itself, never beside itself.

Builds the wheel once for the module (``pip wheel --no-build-isolation``, a
copy of the sources in a scratch directory, about two seconds) and unpacks it,
as an installer would, into a scratch ``site-packages``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import explorer

ROOT = Path(__file__).resolve().parents[2]
TREES = ("explorer", "geodata", "resources", "LICENSES", "tools")
FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "CHANGELOG.md")

pytestmark = pytest.mark.slow


def _tracked(folder: str) -> list[str]:
    base = ROOT / folder
    return sorted(str(p.relative_to(base)) for p in base.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
                  and "LC_MESSAGES" not in p.parts)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for tree in TREES:
        # No compiled catalogues (LC_MESSAGES): the build must make them itself.
        shutil.copytree(ROOT / tree, src / tree,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "LC_MESSAGES"))
    for name in FILES:
        shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                           "--no-index", "--wheel-dir", str(out), str(src)],
                          capture_output=True, text=True, timeout=120, cwd=src)
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("alliance_explorer-*.whl")
    return built


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory) -> Path:
    """The wheel unpacked into a scratch site-packages, with a decoy checkout beside the package."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    # What the old lookup found: folders beside the package. They must never be read.
    (site / "pyproject.toml").write_text("[project]\nname = 'decoy'\n", encoding="utf-8")
    (site / "geodata").mkdir()
    (site / "resources" / "web").mkdir(parents=True)
    return site


def test_the_wheel_carries_every_data_file_web_asset_and_the_build_stamp(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = Parser().parsestr(z.read(f"alliance_explorer-{explorer.__version__}.dist-info/METADATA").decode())
    for folder in ("geodata", "resources"):
        files = _tracked(folder)
        assert files, folder
        missing = [f for f in files if f"explorer/_data/{folder}/{f}" not in names]
        assert not missing, f"{folder}: {missing}"
    for asset in ("web/bridge.js", "web/atlas.js", "web/map.css", "desktop/alliance-explorer.desktop",
                  "desktop/alliance-explorer-mime.xml", "desktop/alliance-explorer.svg", "desktop/icons/48.png"):
        assert f"explorer/_data/resources/{asset}" in names
    assert "explorer/_data/BUILD_ID" in names
    # The message catalogues: the .po sources and the .mo the build compiled from them.
    assert "explorer/_data/resources/i18n/ja/LC_MESSAGES/explorer.mo" in names
    assert any(n.startswith("explorer/_data/resources/i18n/ja/") and n.endswith(".po") for n in names)
    assert "explorer/_data/geodata/basemap/ne10m_region.geojson" in names
    # Only the package and its metadata: no top-level geodata/ or tests/ in site-packages.
    assert {n.split("/", 1)[0] for n in names} == {"explorer", f"alliance_explorer-{explorer.__version__}.dist-info"}
    assert meta["Version"] == explorer.__version__
    licence = meta["License-Expression"]
    for spdx in ("MIT", "CC-BY-4.0", "LGPL-3.0-or-later", "LicenseRef-Natural-Earth-Public-Domain"):
        assert spdx in licence
    assert "geodata/basemap/COPYING.LESSER" in meta.get_all("License-File")


PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import explorer
from explorer import buildinfo, paths, store
from explorer.mapping import assets
print(json.dumps({"package": explorer.__file__, "geodata": str(paths.geodata_dir()),
                  "resources": str(paths.resources_dir()), "web": str(paths.web_dir()),
                  "asset": str(assets.resolve("web/atlas.js")), "fingerprint": store.code_fingerprint(),
                  "build_id": buildinfo.build_id()}))
"""


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ALLIANCE_EXPLORER_GEODATA", "PYTHONPATH", "ALLIANCE_EXPLORER_PREBUILT")}
    env["ALLIANCE_EXPLORER_CACHE"] = str(tmp / "cache")
    return env


def test_an_installed_package_looks_up_its_resources_only_inside_itself(site: Path, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(site)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    inside = (site / "explorer" / "_data").resolve()
    assert Path(found["package"]).resolve().is_relative_to(site / "explorer")
    for key in ("geodata", "resources", "web", "asset"):
        assert Path(found[key]).resolve().is_relative_to(inside), (key, found[key])
    assert Path(found["asset"]).is_file()
    stamp = (site / "explorer" / "_data" / "BUILD_ID").read_text(encoding="ascii").strip()
    assert found["build_id"] == stamp
    assert found["fingerprint"] == f"{explorer.__version__}-{stamp}"


STARTUP_PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
from explorer import paths, store
from explorer.atlas.catalog import Catalog
import explorer.mapping.page as page

def built(*args, **kwargs):
    raise SystemExit("a first start parsed or built what the wheel carries")

Catalog.load = classmethod(built)
page.assemble = page.render_shell = built
from explorer.workspace import Workspace
cache = paths.cache_dir()
catalog = store.load_catalog(paths.geodata_dir(), cache)
html = store.app_page(Workspace(catalog), cache)
print(catalog.root, len(html), len(list(cache.iterdir())))
"""


def test_an_installed_package_starts_from_the_start_up_cache_it_carries(site: Path, tmp_path: Path) -> None:
    """Built with the wheel in the source tree, read in site-packages: a first start parses nothing."""
    assert list((site / "explorer" / "_data" / "startup").glob("page-app-*.html"))
    proc = subprocess.run([sys.executable, "-c", STARTUP_PROBE, str(site)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    root, size, cached = proc.stdout.split()
    assert Path(root) == (site / "explorer" / "_data" / "geodata").resolve()
    assert int(size) > 100_000 and cached == "0"


def test_an_installed_package_validates_its_bundled_data_and_reports_its_version(site: Path, tmp_path: Path) -> None:
    env = _env(tmp_path) | {"PYTHONPATH": str(site)}
    proc = subprocess.run([sys.executable, "-m", "explorer", "validate"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith(f"{(site / 'explorer' / '_data' / 'geodata').resolve()}: OK")
    proc = subprocess.run([sys.executable, "-m", "explorer", "--version"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env=env)
    assert proc.stdout.strip() == f"alliance-explorer {explorer.__version__}"


def test_a_checkout_reads_the_folders_beside_the_package_and_hashes_its_source() -> None:
    from explorer import buildinfo, paths

    assert paths.bundled_dir() is None
    assert paths.geodata_dir() == ROOT / "geodata"
    assert paths.web_dir() == ROOT / "resources" / "web"
    assert buildinfo.build_id() == buildinfo.source_digest(ROOT / "explorer", ROOT / "resources")


def test_the_source_digest_changes_with_a_source_file_or_a_resource(tmp_path: Path) -> None:
    from explorer.buildinfo import source_digest

    (tmp_path / "pkg").mkdir()
    (tmp_path / "res").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "res" / "a.js").write_text("var x;\n")
    before = source_digest(tmp_path / "pkg", tmp_path / "res")
    (tmp_path / "res" / "a.js").write_text("var y;\n")
    after_resource = source_digest(tmp_path / "pkg", tmp_path / "res")
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    after_source = source_digest(tmp_path / "pkg", tmp_path / "res")
    assert len({before, after_resource, after_source}) == 3
