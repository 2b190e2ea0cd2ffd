# Two entry points for a fresh machine with only Python 3.11+: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# mkdocs prints a banner about its next major version on every build; it is not ours to act on.
export NO_MKDOCS_2_WARNING := 1

NODE_STAMP := node_modules/.installed

.PHONY: site test install node lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# axe-core for the browser tests and Lighthouse for benchmarks/lighthouse.py, from npm at the
# versions in package-lock.json. Never a browser download: they drive Debian's chromium.
$(NODE_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Without npm (a machine with only Python) the axe-core tests are skipped, not failed; under
# CI=true they must run, and .ci/run installs npm first.
node:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: the accessibility tests will be skipped (.ci/run installs npm)"; fi

site: install
	$(BIN)/synth build
	$(BIN)/mkdocs build --strict --site-dir site

lint: install
	$(BIN)/ruff check synth tests benchmarks
	$(BIN)/ruff format --check synth tests benchmarks

typecheck: install
	$(BIN)/mypy synth

test: install node lint typecheck
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
