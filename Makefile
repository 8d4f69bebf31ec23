# r2p-kg — every target bootstraps .venv from nothing with pinned versions (requirements.lock).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DIST   := dist
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Inputs of the build: when none changed since the last build, `make serve` does not rebuild.
BUILD_INPUTS := $(shell find data ontology shapes r2p_kg -type f -not -path '*/__pycache__/*' -not -path 'r2p_kg/web/static/vendor/*' 2>/dev/null)

.PHONY: help setup build serve test lock clean

help:
	@echo "make serve   set up, build and serve at http://$(HOST):$(PORT)/"
	@echo "make test    set up and run the test suite"
	@echo "make build   build the dataset into $(DIST)/"
	@echo "make lock    re-pin requirements.lock from pyproject.toml (maintainers)"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock 'pip'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

$(DIST)/.built: $(STAMP) $(BUILD_INPUTS)
	$(BIN)/r2p-kg build --out $(DIST)
	@touch $@

build: $(STAMP)
	$(BIN)/r2p-kg build --out $(DIST)
	@touch $(DIST)/.built

serve: $(DIST)/.built
	$(BIN)/r2p-kg serve --dist $(DIST) --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Re-resolve the pins: a fresh venv, the newest versions pyproject.toml allows, frozen.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[test]'
	( echo "# Pinned versions for r2p-kg; regenerate with 'make lock'."; \
	  .venv-lock/bin/python -m pip freeze --all --exclude r2p-kg | grep -v '^setuptools==\|^wheel==' ) > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(DIST) $(VENV) .pytest_cache
