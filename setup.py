"""The build hook: ship the data and the resources inside the package.

Everything declarative lives in ``pyproject.toml``. This hook only extends
``build_py`` so that a wheel carries, inside the ``explorer`` package:

* ``_data/geodata``   a copy of the top-level ``geodata/`` folder;
* ``_data/resources`` a copy of ``resources/`` (web assets, desktop files,
  icons, and the compiled translation catalogues);
* ``_data/BUILD_ID``  a digest of the source and resources, which keys the
  caches of an installed app (``explorer.buildinfo``);
* ``_data/startup``   the start-up cache (``explorer.prebuild``): the catalog
  and pages a first start would otherwise build. It needs the app's
  dependencies, so it is made when the build can import them (``make wheel``
  builds without isolation); otherwise the first start builds them itself.

The top-level folders stay where they are for development; an editable
install (``pip install -e .``) copies nothing and reads them in place.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("geodata", "resources")


def _buildinfo():
    spec = importlib.util.spec_from_file_location("_explorer_buildinfo", HERE / "explorer" / "buildinfo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_catalogs() -> None:
    """Compile the message catalogues (``resources/i18n/<lang>/*.po`` to ``LC_MESSAGES/explorer.mo``)."""
    tool = HERE / "tools" / "build_catalogs.py"
    if tool.is_file():
        subprocess.run([sys.executable, str(tool), "--compile"], cwd=HERE, check=True)


def bundle_into(package_dir: Path) -> Path:
    """Copy geodata/ and resources/ into ``package_dir/_data`` and stamp the build; return ``_data``."""
    compile_catalogs()
    target = package_dir / "_data"
    shutil.rmtree(target, ignore_errors=True)
    for name in BUNDLED:
        shutil.copytree(HERE / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    info = _buildinfo()
    (target / info.BUILD_ID_FILE).write_text(info.source_digest(HERE / "explorer", HERE / "resources") + "\n",
                                              encoding="ascii")
    prebuild_into(target / "startup")
    return target


def prebuild_into(folder: Path) -> bool:
    """Build the start-up cache from this source tree into ``folder``; False (and a note) if it cannot."""
    env = {**os.environ, "PYTHONPATH": str(HERE), "ALLIANCE_EXPLORER_GEODATA": str(HERE / "geodata")}
    env.pop("ALLIANCE_EXPLORER_PREBUILT", None)
    done = subprocess.run([sys.executable, "-m", "explorer.prebuild", str(folder)], cwd=HERE, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        print("note: no start-up cache in this build (the first start builds it):",
              (done.stderr.strip().splitlines() or ["?"])[-1], file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
    return done.returncode == 0


class BuildPyWithData(build_py):
    """``build_py``, then the data and resources copied into the built package."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            bundle_into(Path(self.build_lib) / "explorer")


if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildPyWithData})
