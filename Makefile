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

.PHONY: help setup build serve test test-fast wheel bench bench-quick soak lock clean

help:
	@echo "make serve   set up, build and serve at http://$(HOST):$(PORT)/"
	@echo "make test    set up and run the test suite (every tier; what CI runs)"
	@echo "make test-fast  the quick tier: no browser, real stores, soak or slow tests"
	@echo "make wheel   build the installable wheel into $(DIST)-wheel/"
	@echo "make build   build the dataset into $(DIST)/"
	@echo "make bench   benchmark against peer endpoints (writes BENCH.md, bench/results/)"
	@echo "make bench-quick  per-query ratios against Oxigraph's server, real report only (minutes)"
	@echo "make soak    reliability scenarios at soak counts (writes RELIABILITY.md)"
	@echo "make lock    re-pin requirements.lock from pyproject.toml (maintainers)"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock 'pip'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@touch $(STAMP)

# Front-end libraries for the pages: pinned by package.json + package-lock.json, installed from the npm
# registry and copied into the package's static folder (git-ignored); nothing is fetched at run time.
ASSETS := r2p_kg/web/static/vendor/.stamp
$(ASSETS): package.json package-lock.json r2p_kg/web/pages/vendor.py
	npm ci --no-audit --no-fund --ignore-scripts
	$(PYTHON) r2p_kg/web/pages/vendor.py
	@touch $@

setup: $(STAMP) $(ASSETS)

$(DIST)/.built: $(STAMP) $(BUILD_INPUTS)
	$(BIN)/r2p-kg build --out $(DIST)
	@touch $@

build: $(STAMP)
	$(BIN)/r2p-kg build --out $(DIST)
	@touch $(DIST)/.built

serve: $(DIST)/.built $(ASSETS)
	$(BIN)/r2p-kg serve --dist $(DIST) --host $(HOST) --port $(PORT)

# Tests run in parallel processes (pytest-xdist): many wait on servers and subprocesses, so three
# keep two cores busy. TEST_JOBS=0 runs them in this process.
TEST_JOBS ?= 3
test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(PYTEST_ARGS)

# Tiers are markers set by folder (tests/conftest.py): browser, store, soak, slow.
test-fast: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -n $(TEST_JOBS) -m "not slow and not browser and not store and not soak" $(PYTEST_ARGS)

wheel: $(STAMP) $(ASSETS)
	$(BIN)/python -m pip wheel . --no-deps --no-build-isolation -w $(DIST)-wheel

# The benchmark's peers live in their own venv so they never touch the project's pins.
.venv-peers/.installed-stamp: bench/peers.lock
	@test -x .venv-peers/bin/python || $(PYTHON) -m venv .venv-peers
	.venv-peers/bin/python -m pip install --quiet --disable-pip-version-check -r bench/peers.lock
	@touch $@

bench: $(STAMP) .venv-peers/.installed-stamp
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || echo "wrk missing: HTTP figures will be skipped"
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The per-query comparison alone (real report, alternated runs, medians): a few minutes.
bench-quick: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is needed: apt-get install wrk"; exit 2; }
	$(BIN)/python -m bench.compare $(BENCH_ARGS)

# Reliability: fuzzing, load, runaway queries, security and data-safety scenarios at soak counts
# (the bounded versions run in `make test`); writes RELIABILITY.md from the run's figures.
soak: $(STAMP) $(ASSETS)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || echo "wrk missing: the load scenarios will be skipped"
	$(BIN)/python -m tests.reliability.report $(SOAK_ARGS)

# Re-resolve the pins: a fresh venv, the newest versions pyproject.toml allows, frozen.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[test]'
	( echo "# Pinned versions for r2p-kg; regenerate with 'make lock'."; \
	  .venv-lock/bin/python -m pip freeze --all --exclude r2p-kg | grep -v '^wheel==' ) > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(DIST) .dist-builds $(VENV) .venv-peers .pytest_cache .mypy_cache .ruff_cache
