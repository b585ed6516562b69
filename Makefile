# Set-up and verification. Every target that needs Python first brings .venv up to date
# with requirements.lock, so `make serve` and `make test` work on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The browser tests drive this Chromium (Playwright cannot download browsers here); the
# PostgreSQL page starts a throwaway server from the system's PostgreSQL programs.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: help serve test verify-site verify-examples lint fix site lock clean export soak bench matrix compat system

help: ## list the targets
	@grep -E '^[a-z.]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z.]+):.*## /  make \1\t/' | expand -t 16

serve: $(STAMP) ## set up .venv, then serve the site with live reload (also on edits in snippets/)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# Every page again once per assertion, with that assertion negated: a process per page that
# runs its flipped variants, on two workers, cached in build/flip-cache by what each page
# depends on. Everything else runs on both cores too: the doc suite and the engine's tests,
# the browser suite (once, against the site built in verify-site), the exported pages.
FLIPPED := tests/site/test_pages_fail_when_flipped.py
BROWSER := tests/browser

test: verify-site verify-examples ## the whole verification, as CI runs it (.ci/run)
	@cat build/summary.txt

# What does not depend on the Python version the examples run on; CI runs it once. The
# browser suite drives the site built here.
verify-site: $(STAMP) system node_modules/.package-lock.json ## build, lint, spell-check, browser suite
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m mdpytest.export --zip --out site/exported
	@$(MAKE) --no-print-directory lint
	SITE_DIR=site $(BIN)/pytest -q -n 2 -p no:randomly $(BROWSER)
	$(BIN)/codespell docs snippets mdpytest siteext overrides tests tools README.md
	$(BIN)/actionlint

# The doc suite and the engine's tests, the flipped pages and the exported pages; CI runs it
# on every supported Python.
verify-examples: $(STAMP) system ## the doc suite, the engine's tests, the flipped and the exported pages
	@mkdir -p build
	RECORD_OUTCOMES=build/outcomes-pages.json PYTHONPATH=tests/engine \
	  $(BIN)/pytest -n 2 -p record_outcomes --md-summary build/summary.txt --ignore $(BROWSER) --ignore $(FLIPPED)
	$(BIN)/pytest -q -n 2 -p no:randomly $(FLIPPED)
	@$(MAKE) --no-print-directory export RECORD=$(CURDIR)/build/outcomes-exported.json
	$(BIN)/python tests/engine/export_equality.py build/outcomes-pages.json build/outcomes-exported.json

# ruff over the code and over the python fences of the pages (tools/lint_fences.py).
RUFF_PATHS := mdpytest snippets tests siteext tools noxfile.py
lint: $(STAMP) ## ruff check and ruff format --check over the code and the pages' python fences
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/ruff format --check $(RUFF_PATHS)
	$(BIN)/python tools/lint_fences.py

fix: $(STAMP) ## apply ruff's safe fixes and its formatting to the .py files (not the pages)
	$(BIN)/ruff check --fix $(RUFF_PATHS)
	$(BIN)/ruff format $(RUFF_PATHS)

site: $(STAMP) ## build the site into site/, with the exported tests
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m mdpytest.export --zip --out site/exported

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11.5+ is required" if sys.version_info < (3, 11, 5) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# System packages the verification needs, installed from Debian's archive where missing.
system: ## install Chromium, npm and PostgreSQL from Debian where missing
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v npm >/dev/null || \
	    ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq; \
	  [ -x "$(CHROMIUM)" ] || $(APT_INSTALL) chromium; \
	  command -v npm >/dev/null || $(APT_INSTALL) nodejs npm; \
	  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || $(APT_INSTALL) postgresql; \
	fi

# axe-core for the accessibility checks, pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Each page's examples as plain pytest modules (build/exported/test_<page>.py), then run there
# with plain pytest, without the Markdown plugin: every exported page must pass on its own.
# verify-examples passes RECORD: the outcomes, to compare with the doc suite's (export equals page).
export: $(STAMP) ## every page as a plain pytest module in build/exported, run there
	$(BIN)/python -m mdpytest.export --out build/exported
	cd build/exported && $(if $(RECORD),RECORD_OUTCOMES=$(RECORD) PYTHONPATH=$(CURDIR)/tests/engine) \
	  ../../$(BIN)/pytest -n 2 -p no:mdpytest -p no:randomly -p no:cacheprovider -q $(if $(RECORD),-p record_outcomes)

# The doc suite 20 times in random order (new seed each time), once with -n 2, and each page
# alone; reports every test that failed in any run (build/soak.json) and fails if one did.
soak: $(STAMP) ## the doc suite 20 times in random order, with -n 2, each page alone
	$(BIN)/python tools/soak.py --runs 20 --parallel --alone

# The loop a maintainer waits for (tools/bench_loop.py: strict build, main suite with -n 2 and
# without, the flip check clean and cached, make test warm after one page's edit and from a
# fresh clone; build/bench-loop.json), then medians of 5 runs of the plugin vs plain exported
# modules, slowest tests, waiting, peak memory, and the last full `make compat`'s time from
# build/compat/timing.json (build/bench.json). Reported, never asserted.
bench: $(STAMP) ## loop times, build time, plugin overhead, memory (build/bench*.json)
	$(BIN)/python tools/bench_loop.py
	$(BIN)/python tools/bench.py --runs 5

# The verification (docs + tests, no browser suite) on Python 3.11, 3.12 and 3.13 with nox
# (interpreters from pyenv are put on PATH when present), then on 3.14 and 3.15 in a Debian
# sid root that tools/sidroot.sh builds once under build/sidroot (needs root; see README). Both
# run even if 3.14 fails, as nox runs every session; the target fails if either did.
PYENV_BINS := $(wildcard $(HOME)/.pyenv/versions/3.11*/bin $(HOME)/.pyenv/versions/3.12*/bin $(HOME)/.pyenv/versions/3.13*/bin)
matrix: $(STAMP) ## docs and tests on every Python on PATH or in pyenv, with nox
	PATH="$(subst $() ,:,$(strip $(PYENV_BINS))):$$PATH" $(BIN)/nox
	$(SUDO) tools/sidroot.sh 3.14; status=$$?; $(SUDO) tools/sidroot.sh 3.15 || status=1; exit $$status

# Re-resolve the lock file from pyproject.toml, the examples' dependencies and the maintainers'
# group (which includes the site's) in one hashed file; needs the package index. The resolver
# is pinned so that the same pyproject.toml gives the same lock.
UV_VERSION := 0.13.9
UV := build/uv/bin/uv
UV_STAMP := build/uv/.uv-$(UV_VERSION)
lock: $(UV_STAMP) ## re-resolve requirements.lock from pyproject.toml (needs the package index)
	PYTHONPATH=build/uv $(UV) pip compile pyproject.toml --group dev --universal \
		--python-version 3.11.5 --generate-hashes --quiet --output-file requirements.lock

$(UV_STAMP):
	$(PYTHON) -m pip install --quiet --upgrade --target build/uv uv==$(UV_VERSION)
	touch $@

# Every page's examples in each environment of compat/environments.toml (one axis changed from
# the lock each: a pytest-asyncio, pytest, httpx ... release, or Python 3.12-3.15), a pytest
# process per page and environment, two environments at once; the outcome of each example
# goes to compat/outcomes.json, the time to build/compat/timing.json. PAGES=docs/x.md
# refreshes some pages, ENVS=id,id some environments; either merges into the data. 3.14 and
# 3.15 run in tools/sidroot.sh's Debian root (needs root). Fails if an example does not pass
# on the lock itself.
compat: $(STAMP) $(UV_STAMP) ## each example in every environment of compat/environments.toml (PAGES=, ENVS=)
	$(BIN)/python -m tools.compat $(if $(PAGES),--pages $(PAGES)) $(if $(ENVS),--envs $(ENVS))

clean: ## remove .venv, site/, build/ and node_modules/
	rm -rf $(VENV) site build node_modules
