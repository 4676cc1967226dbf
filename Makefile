# Two commands do all the set-up on a fresh machine:
#   make run    create .venv if missing, install, check Qt's X11 libraries, launch the app
#   make test   create .venv if missing, install, run the tests, validate geodata, check import layers
# Also: make bench (benchmarks, not tests), make screenshot (the README picture),
#   make wheel (dist/*.whl, for pipx), make dist (the standalone one-folder bundle, dist/alliance-explorer/).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast bench screenshot basemap places clean-cache wheel dist startup-cache

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) tools/build_catalogs.py --compile
	-sh tools/ensure_fonts.sh
	-sh tools/ensure_test_tools.sh
	touch $(STAMP)

# What a first start would parse and build, built here once per data and code version (build/startup),
# so the first start is as fast as the next: a second or two when stale, instant when up to date.
startup-cache: $(STAMP)
	$(PY) -m explorer.prebuild

run: startup-cache
	sh tools/check_qt.sh $(PY)
	$(VENV)/bin/alliance-explorer

test: $(STAMP)
	$(VENV)/bin/alliance-explorer validate geodata
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n auto --dist loadfile

# The fast tier: the Qt-free unit tests, on every core, in well under a minute.
test-fast: $(STAMP)
	$(PY) -m pytest tests/unit -m "not gui and not slow" -n auto -q

bench: startup-cache
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m bench

screenshot: $(STAMP)
	$(VENV)/bin/alliance-explorer export --view okinawa --select base:futenma --size 1400x900 \
		--title "US facilities on Okinawa Island" --out docs/okinawa.png --force
	$(VENV)/bin/alliance-explorer export --view japan --size 1400x900 \
		--title "US facilities in Japan: symbol area shows facility area" --out docs/japan.png --force

# Needs Debian's GMT and full-resolution GSHHG for the coast: apt-get install gmt gmt-gshhg-full
basemap: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) tools/build_basemap.py
	$(PY) tools/build_coast.py

places: $(STAMP)
	$(PY) tools/build_places.py

wheel: $(STAMP)
	$(PY) -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .

# PyInstaller, one folder: Python, Qt, QtWebEngine and the data (see docs/packaging.md).
dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/alliance-explorer.spec
	v=$$($(PY) -c 'import explorer; print(explorer.__version__)') && \
		cd dist && tar -czf alliance-explorer-$$v-linux-$$(uname -m).tar.gz alliance-explorer
	@echo "Bundle: dist/alliance-explorer/alliance-explorer"

clean-cache:
	rm -rf $${XDG_CACHE_HOME:-$$HOME/.cache}/alliance-explorer
