# The two commands: `make run` (serve the app with worker and beat) and `make test` (lint, migrations check, tests);
# `make test-long` runs the long tests `make test` leaves out, `make test-all` everything at once;
# `make bench` and `make drill` measure.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test test-long test-all lint bench bench-million drill venv clean-db

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Python 3.12 or newer is required; found $$($(PYTHON) --version 2>&1) at $(PYTHON)."; \
	  echo "Install Python 3.12 (pyenv reads .python-version) or run: make PYTHON=/path/to/python3.12 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

venv: $(VENV)/.installed-dev

run: $(VENV)/.installed-base
	$(BIN)/python -m config.embedded_pg run -- bin/serve

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# `make test` (what CI runs) leaves out the tests marked `long` (a few minutes); `make test-long` runs only those (the
# walks of every page in three languages, the whole-lifecycle stories, the fault drill, the fuzzing at full budget);
# `make test-all` runs the whole suite in one go.
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m config.embedded_pg run -- bin/test -m "not long" $(PYTEST_ARGS)

.PHONY: test-long test-all
test-long: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m config.embedded_pg run -- bin/test -m long $(PYTEST_ARGS)

test-all: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m config.embedded_pg run -- bin/test $(PYTEST_ARGS)

# The benchmark (not part of `make test`): two seeded data sets, gunicorn, locust; writes bench/report.md and .json.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m config.embedded_pg run -- $(BIN)/python -m bench.run $(BENCH_ARGS)

# The same at 100,000 and 1,000,000 initiatives, written to bench/million/ (seeding the million takes about an hour
# and 25 GB; it is measured in place, not copied, and seeded again by the next run that needs it).
bench-million: $(VENV)/.installed-dev
	$(BIN)/python -m config.embedded_pg run -- $(BIN)/python -m bench.run --sizes 100000,1000000 \
		--report-dir bench/million $(BENCH_ARGS)

# The fault drill (not part of `make test`; needs redis-server): the several-hosts deployment on one machine under
# load, a worker, the broker and a web process killed; writes bench/drill-report.md and .json.
drill: $(VENV)/.installed-dev
	$(BIN)/python -m config.embedded_pg run -- $(BIN)/python -m bench.drill $(DRILL_ARGS)

clean-db:
	$(BIN)/python -m config.embedded_pg stop
	rm -rf .local/pgdata
