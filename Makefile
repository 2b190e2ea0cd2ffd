# Two entry points for a fresh machine with only Python 3.11+: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# mkdocs prints a banner about its next major version on every build; it is not ours to act on.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test install lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: install
	$(BIN)/synth build
	$(BIN)/mkdocs build --strict --site-dir site

lint: install
	$(BIN)/ruff check synth tests benchmarks
	$(BIN)/ruff format --check synth tests benchmarks

typecheck: install
	$(BIN)/mypy synth

test: install lint typecheck
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
