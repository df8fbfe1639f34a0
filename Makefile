# Developer checks. `make check` runs everything CI runs plus lint and types.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: check lint types contracts test screenshots evals bench

check: lint types contracts test

lint:
	$(VENV)/bin/ruff check core tui tests evals bench
	$(VENV)/bin/ruff format --check core tui tests evals

types:
	$(VENV)/bin/mypy --strict core

# import-linter reads installed packages: check a regular (non-editable) build.
contracts:
	rm -rf .lint-build && $(VENV)/bin/pip install -q --no-deps --target .lint-build .
	PYTHONPATH=.lint-build $(VENV)/bin/lint-imports
	rm -rf .lint-build

test:
	$(PY) -m pytest

screenshots:
	$(PY) -m newsread.tui.screenshots

evals:
	$(PY) -m evals.run ../shared/data

bench:
	$(PY) -m bench.run
