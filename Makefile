# Two commands on a fresh machine with python3 and make: `make run` and `make test`.
# Both install the exact versions of the lock (requirements/*.txt, every file
# checked against its hash); `make lock` refreshes it from the ranges in
# pyproject.toml. See docs/dependencies.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The Python versions the lock is resolved for and the suite is run on.
SUPPORTED_PYTHONS := 3.11 3.12 3.13
# The app stamp installs the runtime; the test and dist stamps add their sets.
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
DIST_STAMP := $(VENV)/.installed-dist
# The lock tool (uv) lives in a venv of its own, as does `make test-latest`.
TOOLS := .venv-tools
LATEST := .venv-latest
LOCK_FILES := requirements/app.txt requirements/test.txt requirements/dist.txt
# `make lock` takes the newest versions the ranges allow; `make lock UPGRADE=`
# keeps the present pins where they still fit (after a range was changed).
UPGRADE ?= --upgrade

.PHONY: run test lint typecheck unit faults bench dist dist-tools lock test-latest clean \
    conformance-reference bench-anki bench-anki-start bench-anki-import anki-fixtures \
    anki-roundtrip anki-text-fixtures

# Stops with one line unless $(PYTHON) is a supported version. Written for any
# Python, 2.7 included, so that an old one gets the message and not a traceback.
PYTHON_RANGE := $(firstword $(SUPPORTED_PYTHONS)) to $(lastword $(SUPPORTED_PYTHONS))
define check_python
	@v=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) \
	  || { echo "make: '$(PYTHON)' does not run; endoquiz needs Python $(PYTHON_RANGE) (choose one with: make PYTHON=python3.12 ...)"; exit 1; }; \
	case " $(SUPPORTED_PYTHONS) " in *" $$v "*) ;; \
	  *) echo "make: $(PYTHON) is Python $$v; endoquiz supports Python $(PYTHON_RANGE) (choose one with: make PYTHON=python3.12 ...)"; exit 1;; \
	esac
endef

# A venv whose pip failed to set up is removed, so the next run starts over.
$(BIN)/python:
	$(check_python)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make: '$(PYTHON) -m venv' failed; on Debian or Ubuntu: sudo apt install python3-venv"; exit 1; }

# $(1): a lock file. Its exact versions, each file checked against its hash,
# wheels only (nothing is built with tools the lock does not name); then
# endoquiz itself, editable, built with the locked setuptools; then pip checks
# that the lock satisfies pyproject.toml's ranges (a range changed without
# `make lock` stops here).
define install_locked
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    --require-hashes --only-binary :all: -r $(1)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --disable-pip-version-check > /dev/null \
	    || { $(BIN)/python -m pip check; exit 1; }
endef

$(APP_STAMP): requirements/app.txt pyproject.toml | $(BIN)/python
	$(call install_locked,requirements/app.txt)
	touch $@

$(TEST_STAMP): requirements/test.txt pyproject.toml | $(BIN)/python
	$(call install_locked,requirements/test.txt)
	touch $@ $(APP_STAMP)

$(DIST_STAMP): requirements/dist.txt pyproject.toml | $(BIN)/python
	$(call install_locked,requirements/dist.txt)
	touch $@ $(APP_STAMP)

run: $(APP_STAMP)
	$(BIN)/endoquiz

# The suite, with the binaries of venv $(1).
lint_with = $(1)/bin/ruff check src tests benchmarks packaging \
	&& $(1)/bin/ruff format --check src tests benchmarks packaging
typecheck_with = $(1)/bin/mypy
unit_with = QT_QPA_PLATFORM=offscreen $(1)/bin/python -m pytest

lint: $(TEST_STAMP)
	$(call lint_with,$(VENV))

typecheck: $(TEST_STAMP)
	$(call typecheck_with,$(VENV))

unit: $(TEST_STAMP)
	$(call unit_with,$(VENV))

test: lint typecheck unit

# The long fault series (tests/faults/): 300 SIGKILLs, 200 damaged databases
# and backups, 80 crafted progress files; `make test` runs a few of each.
faults: $(TEST_STAMP)
	ENDOQUIZ_FAULTS=1 $(call unit_with,$(VENV)) tests/faults -q

bench: $(APP_STAMP)
	cd benchmarks && ../$(BIN)/python bench_foundation.py && ../$(BIN)/python bench_startup.py && ../$(BIN)/python bench_browse.py && ../$(BIN)/python bench_session.py && ../$(BIN)/python bench_field_html.py && ../$(BIN)/python bench_text_notes.py && ../$(BIN)/python bench_deck_sharing.py

# The offline installers: app bundle, .tar.gz and .deb in dist/, then their
# smoke test (packaging/smoke.sh). The system tools they need are checked
# first, and installed with apt-get when run as root (packaging/system_tools.sh).
dist-tools:
	packaging/system_tools.sh

dist: dist-tools
	@$(MAKE) --no-print-directory $(DIST_STAMP)
	packaging/build_dist.sh

# Refreshes the lock from pyproject.toml with uv (itself pinned in
# requirements/tools.txt): one resolution for every platform and supported
# Python, with the hashes of every file. The test and dist sets are resolved
# within the app set's pins, dist within test's, so that one venv can hold all.
UV_COMPILE = $(TOOLS)/bin/uv pip compile --quiet --universal --generate-hashes \
    --custom-compile-command "make lock" $(UPGRADE)

lock:
	$(check_python)
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check \
	    --require-hashes --only-binary :all: -r requirements/tools.txt
	$(UV_COMPILE) requirements/tools.in -o requirements/tools.txt
	$(UV_COMPILE) pyproject.toml requirements/build.in -o requirements/app.txt
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra test \
	    -c requirements/app.txt -o requirements/test.txt
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra dist \
	    -c requirements/test.txt -o requirements/dist.txt
	$(UV_COMPILE) requirements/anki-reference.in -o requirements/anki-reference.txt
	$(UV_COMPILE) requirements/anki-gui.in -o requirements/anki-gui.txt
	@git diff --stat -- requirements/ 2>/dev/null || true

# Anki (the release pinned in requirements/anki-reference.txt), in a venv of
# its own under build/: what `make conformance-reference` and `make
# bench-anki` compare endoquiz with. Never beside endoquiz, never needed by
# `make test` or `make run`; `make clean` removes it with build/.
ANKI_VENV := build/venv-anki
ANKI_STAMP := $(ANKI_VENV)/.installed

$(ANKI_STAMP): requirements/anki-reference.txt
	$(check_python)
	test -x $(ANKI_VENV)/bin/python || $(PYTHON) -m venv $(ANKI_VENV) || { rm -rf $(ANKI_VENV); exit 1; }
	$(ANKI_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	    --require-hashes --only-binary :all: -r requirements/anki-reference.txt
	touch $@

# The reference of the scheduling conformance test (tests/conformance/): answer
# sequences run through Anki's scheduler, its clock set by libfaketime (Linux:
# apt install faketime). Writes tests/conformance/anki_reference.json.
conformance-reference: $(ANKI_STAMP)
	$(ANKI_VENV)/bin/python tests/conformance/make_reference.py

# The Anki packages the importer's tests read (tests/anki/fixtures/), made by
# Anki itself with its clock set by libfaketime, and expected.json, what Anki
# says of them. Their GUIDs change each run: commit them once, together.
anki-fixtures: $(ANKI_STAMP)
	$(ANKI_VENV)/bin/python tests/anki/fixtures/make_fixtures.py
	$(ANKI_VENV)/bin/python tests/anki/fixtures/make_genanki_fixture.py

# The round trip through Anki: endoquiz exports decks (with and without
# progress, and Anki's own fixture brought in and sent back) into
# build/anki-roundtrip/, then Anki imports each package and what it holds is
# recorded in tests/anki/roundtrip/anki_roundtrip.json, with each package's
# SHA-256, which `make test` checks against packages it makes again. In UTC,
# as endoquiz exported them: due days are compared as dates.
anki-roundtrip: $(TEST_STAMP) $(ANKI_STAMP)
	rm -rf build/anki-roundtrip
	$(BIN)/python tests/anki/roundtrip/make_exports.py build/anki-roundtrip
	TZ=UTC $(ANKI_VENV)/bin/python tests/anki/roundtrip/check_in_anki.py build/anki-roundtrip

# What Anki's own text import makes of each file of tests/anki/fixtures/text/
# (tests/anki/fixtures/text/expected.json), which endoquiz's reading of the
# same files is compared with. The same on every run.
anki-text-fixtures: $(ANKI_STAMP)
	$(ANKI_VENV)/bin/python tests/anki/fixtures/make_text_expected.py

# endoquiz against Anki on the same cards, each in a process of its own:
# install, session open and search at 1k, 10k and 100k cards, the ratio of
# each pair printed (benchmarks/bench_anki.py; docs/performance.md). Then
# Anki's GUI start-up and memory against endoquiz's, where that benchmark is.
bench-anki: $(APP_STAMP) $(ANKI_STAMP)
	cd benchmarks && ../$(BIN)/python bench_anki.py --anki-python ../$(ANKI_VENV)/bin/python
	$(MAKE) --no-print-directory bench-anki-start

# Importing an Anki package of 10,000 notes and 100,000 answers: endoquiz's
# import against Anki's, interleaved, time and peak memory and their ratios
# (benchmarks/bench_anki_import.py; docs/performance.md).
bench-anki-import: $(APP_STAMP) $(ANKI_STAMP)
	cd benchmarks && ../$(BIN)/python bench_anki_import.py --anki-python ../$(ANKI_VENV)/bin/python

# What the newest versions the ranges allow would break: a fresh venv without
# the lock, then lint, typecheck and the suite, each run whatever the others
# gave. Not part of `make test` or CI. tests/test_lock.py lists what differs.
test-latest:
	$(check_python)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check \
	    --upgrade --upgrade-strategy eager -e '.[test]'
	@failed=""; \
	$(call lint_with,$(LATEST)) || failed="$$failed lint"; \
	$(call typecheck_with,$(LATEST)) || failed="$$failed typecheck"; \
	ENDOQUIZ_UNLOCKED=1 $(call unit_with,$(LATEST)) || failed="$$failed unit"; \
	if [ -n "$$failed" ]; then echo "test-latest: the newest versions break:$$failed"; exit 1; fi; \
	echo "test-latest: the newest versions pass lint, typecheck and the suite"

clean:
	rm -rf $(VENV) $(TOOLS) $(LATEST) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Anki's desktop app (aqt with its Qt), for benchmarks/bench_anki_start.py: the
# exact versions of requirements/anki-gui.txt in a venv of its own, never the
# app's. `make bench-anki-start` compares the start-up time and memory of
# endoquiz and Anki (docs/performance.md).
ANKI_GUI_VENV := build/venv-anki-gui

$(ANKI_GUI_VENV)/.installed: requirements/anki-gui.txt
	$(check_python)
	test -x $(ANKI_GUI_VENV)/bin/python || $(PYTHON) -m venv $(ANKI_GUI_VENV)
	$(ANKI_GUI_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	    --require-hashes --only-binary :all: -r requirements/anki-gui.txt
	touch $@

bench-anki-start: $(APP_STAMP) $(ANKI_GUI_VENV)/.installed
	cd benchmarks && ../$(BIN)/python bench_anki_start.py
