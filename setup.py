"""The build hook: ship the data and the resources inside the package.

Everything declarative lives in ``pyproject.toml``. This hook only extends
``build_py`` so that a wheel carries, inside the ``explorer`` package:

* ``_data/geodata``   a copy of the top-level ``geodata/`` folder;
* ``_data/resources`` a copy of ``resources/`` (web assets, desktop files,
  icons, and the compiled translation catalogues);
* ``_data/BUILD_ID``  a digest of the source and resources, which keys the
  caches of an installed app (``explorer.buildinfo``).

The top-level folders stay where they are for development; an editable
install (``pip install -e .``) copies nothing and reads them in place.
"""

from __future__ import annotations

import importlib.util
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
    return target


class BuildPyWithData(build_py):
    """``build_py``, then the data and resources copied into the built package."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            bundle_into(Path(self.build_lib) / "explorer")


if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildPyWithData})
