# Two commands do all the set-up on a fresh machine:
#   make run    create .venv if missing, install, check Qt's X11 libraries, launch the app
#   make test   create .venv if missing, install, run the tests, validate geodata, check import layers
# Also: make bench (benchmarks, not tests), make screenshot (the README picture).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast bench screenshot basemap places clean-cache

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) tools/build_catalogs.py --compile
	-sh tools/ensure_fonts.sh
	-sh tools/ensure_test_tools.sh
	touch $(STAMP)

run: $(STAMP)
	sh tools/check_qt.sh $(PY)
	$(VENV)/bin/alliance-explorer

test: $(STAMP)
	$(VENV)/bin/alliance-explorer validate geodata
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The fast tier: the Qt-free unit tests, on every core, in well under a minute.
test-fast: $(STAMP)
	$(PY) -m pytest tests/unit -m "not gui and not slow" -n auto -q

bench: $(STAMP)
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

clean-cache:
	rm -rf $${XDG_CACHE_HOME:-$$HOME/.cache}/alliance-explorer
