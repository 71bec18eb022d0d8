# Two commands on a fresh machine with python3 and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The app stamp installs the runtime; the test stamp adds the test extra.
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test lint typecheck unit bench dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(APP_STAMP)

$(DIST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	touch $@ $(APP_STAMP)

run: $(APP_STAMP)
	$(BIN)/endoquiz

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks packaging

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

unit: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: lint typecheck unit

bench: $(APP_STAMP)
	cd benchmarks && ../$(BIN)/python bench_foundation.py && ../$(BIN)/python bench_startup.py && ../$(BIN)/python bench_browse.py

# The offline installers: app bundle, .tar.gz and .deb in dist/, then their
# smoke test (packaging/smoke.sh). Needs dpkg-deb and desktop-file-validate.
dist: $(DIST_STAMP)
	packaging/build_dist.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
