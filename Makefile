# Set-up and verification. Every target that needs Python first brings .venv up to date
# with requirements.lock, so `make serve` and `make test` work on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test site lock clean

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP)
	@mkdir -p build
	$(BIN)/pytest --md-summary build/summary.txt
	$(BIN)/codespell docs snippets mdpytest tests README.md
	$(BIN)/actionlint
	$(BIN)/mkdocs build --strict --quiet
	@cat build/summary.txt

site: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11.5+ is required" if sys.version_info < (3, 11, 5) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# Re-resolve the lock file from pyproject.toml (needs the package index).
lock:
	$(PYTHON) -m pip install --quiet --target build/uv uv
	PYTHONPATH=build/uv build/uv/bin/uv pip compile pyproject.toml --universal \
		--python-version 3.11.5 --generate-hashes --quiet --output-file requirements.lock

clean:
	rm -rf $(VENV) site build
