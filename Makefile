# pressrum: thin, self-documenting targets. `make help` lists them; CI runs the same ones.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8080
BENCH_RELEASES ?= 1000
export PRESSRUM_BASE_URI ?= http://localhost:8080/

.DEFAULT_GOAL := help
.PHONY: help install validate test serve bench bench-full bench-scale bench-national loadtest lint golden dump clean wrk varnish yasgui tools

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install pressrum with its dev tools

validate: $(STAMP) ## Build the dataset from data/ and validate it with SHACL
	$(BIN)/pressrum validate

test: $(STAMP) ## Run the test suite
	$(BIN)/pytest -q

serve: $(STAMP) varnish ## Build, validate and serve the dataset at http://localhost:8080/ (Varnish in front)
	$(BIN)/pressrum serve --host $(HOST) --port $(PORT)

wrk: ## Install Debian's wrk (the HTTP load tool bench and loadtest use) if it is missing
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)

varnish: ## Install Debian's Varnish (the cache `pressrum serve` puts in front) if it is missing, unless PRESSRUM_CACHE=off
	@case "$${PRESSRUM_CACHE:-on}" in 0|false|no|off) exit 0;; esac; \
	command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] || \
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish)

bench: $(STAMP) wrk varnish ## Measure the query mix, entity documents and load (BENCH_RELEASES=1000)
	$(BIN)/pressrum bench run --releases $(BENCH_RELEASES)

bench-full: ## The full benchmark at 10,000 releases
	$(MAKE) bench BENCH_RELEASES=10000

bench-scale: $(STAMP) wrk varnish ## The scaling table at 1,000, 10,000 and 100,000 releases (bench/results.md)
	$(BIN)/pressrum bench scale --releases 1000 --releases 10000 --releases 100000

bench-national: $(STAMP) wrk varnish ## A decade (300,000 releases): generate, load, query mix, documents, search
	$(BIN)/pressrum bench scale --releases 300000

LOADTEST_URL ?=
LOADTEST_SECONDS ?= 30
LOADTEST_USERS ?= 50
loadtest: $(STAMP) wrk ## Load mix with wrk for 30 s from 50 clients (LOADTEST_URL= a running server; else one is started)
	$(BIN)/python -m bench.loadtest --duration $(LOADTEST_SECONDS) --connections $(LOADTEST_USERS) \
		$(if $(LOADTEST_URL),--url $(LOADTEST_URL))

lint: $(STAMP) ## Check style with ruff
	$(BIN)/ruff check src tests bench

golden: $(STAMP) ## Regenerate tests/golden/ on purpose (review the diff)
	$(BIN)/python -m tests.make_golden

dump: $(STAMP) ## Write the whole dataset as N-Quads to build/pressrum.nq
	mkdir -p build && $(BIN)/pressrum dump --format nquads -o build/pressrum.nq

yasgui: ## Refresh the vendored YASGUI bundle (npm install into a temporary folder, copy the dist files)
	$(PYTHON) tools/vendor_yasgui.py

TOOLS := tests/tools
tools: ## Install the page validators (vnu-jar, axe-core) pinned in tests/tools/package-lock.json
	npm ci --prefix $(TOOLS) --ignore-scripts --no-audit --no-fund

clean: ## Remove the virtualenv, build output and caches
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis src/*.egg-info
