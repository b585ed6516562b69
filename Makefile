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

.PHONY: serve test site lock clean export soak bench matrix system

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# Every page again once per assertion, with that assertion negated: a process per case, so
# it runs on two workers, apart from the main run (whose browser suite wants one process).
FLIPPED := tests/test_pages_fail_when_flipped.py

test: $(STAMP) system node_modules/.package-lock.json
	@mkdir -p build
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m mdpytest.export --zip --out site/exported
	SITE_DIR=site $(BIN)/pytest --md-summary build/summary.txt --ignore $(FLIPPED)
	$(BIN)/pytest -q -n 2 -p no:randomly $(FLIPPED)
	$(BIN)/codespell docs snippets mdpytest siteext overrides tests README.md
	$(BIN)/actionlint
	@$(MAKE) --no-print-directory export
	@cat build/summary.txt

site: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m mdpytest.export --zip --out site/exported

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11.5+ is required" if sys.version_info < (3, 11, 5) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# System packages the verification needs, installed from Debian's archive where missing.
system:
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
export: $(STAMP)
	$(BIN)/python -m mdpytest.export --out build/exported
	cd build/exported && ../../$(BIN)/pytest -p no:mdpytest -p no:randomly -p no:cacheprovider -q

# The doc suite 20 times in random order (new seed each time), once with -n 2, and each page
# alone; reports every test that failed in any run (build/soak.json) and fails if one did.
soak: $(STAMP)
	$(BIN)/python -m mdpytest.soak --runs 20 --parallel --alone

# Medians of 5 runs: plugin vs plain exported modules, strict build, slowest tests, waiting,
# peak memory (build/bench.json). Timings are reported, never asserted.
bench: $(STAMP)
	$(BIN)/python -m mdpytest.bench --runs 5

# The verification (docs + tests, no browser suite) on Python 3.11, 3.12 and 3.13 with nox
# (interpreters from pyenv are put on PATH when present), then on 3.14 and 3.15 in a Debian
# sid root that tools/sidroot.sh builds once under build/sidroot (needs root; see README). Both
# run even if 3.14 fails, as nox runs every session; the target fails if either did.
PYENV_BINS := $(wildcard $(HOME)/.pyenv/versions/3.11*/bin $(HOME)/.pyenv/versions/3.12*/bin $(HOME)/.pyenv/versions/3.13*/bin)
matrix: $(STAMP)
	PATH="$(subst $() ,:,$(strip $(PYENV_BINS))):$$PATH" $(BIN)/nox
	$(SUDO) tools/sidroot.sh 3.14; status=$$?; $(SUDO) tools/sidroot.sh 3.15 || status=1; exit $$status

# Re-resolve the lock file from pyproject.toml (needs the package index).
lock:
	$(PYTHON) -m pip install --quiet --target build/uv uv
	PYTHONPATH=build/uv build/uv/bin/uv pip compile pyproject.toml --universal \
		--python-version 3.11.5 --generate-hashes --quiet --output-file requirements.lock

clean:
	rm -rf $(VENV) site build node_modules
