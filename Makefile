# Sijill — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/sijill
BENCH_SIZE ?= small
# The moved-clock run: another day, month and year, 01:00 in Tripoli (still the day before in UTC).
TEST_CLOCK ?= 2027-01-31T01:00:00+02:00

export DJANGO_SETTINGS_MODULE := sijill.settings

.PHONY: run test install install-test messages lint typecheck test-sqlite test-postgres test-federation test-moved-clock bench system-test-deps clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed messages
install-test: $(VENV)/.installed-test messages

# .po -> .mo with Babel, so no system gettext is needed.
messages: $(VENV)/.installed
	@for po in sijill/locale/*/LC_MESSAGES/django.po sijill/*/locale/*/LC_MESSAGES/django.po; do \
	  [ -f "$$po" ] || continue; \
	  $(BIN)/pybabel compile -D django -i "$$po" -o "$${po%.po}.mo" >/dev/null || exit 1; \
	done

run: install
	$(BIN)/sijill migrate --no-input -v 0
	$(BIN)/sijill collectstatic --no-input -v 0
	SIJILL_DEMO=1 $(BIN)/sijill demo
	@echo "Open http://127.0.0.1:8000/ (Ctrl-C stops the server and the worker)"
	SIJILL_DEMO=1 $(BIN)/sijill worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	SIJILL_DEMO=1 $(BIN)/sijill serve --host 127.0.0.1 --port 8000

# System packages the browser tests need: Debian's Chromium and an Arabic font.
system-test-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Naskh Arabic"; then \
	  echo "installing chromium and fonts-noto-core (Debian packages)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-core fontconfig >/dev/null; \
	fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

test-sqlite: install-test system-test-deps
	SIJILL_TESTING=1 SIJILL_DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q --ignore=tests/federation $(PYTEST_ARGS)

test-postgres: install-test system-test-deps
	SIJILL_TESTING=1 SIJILL_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q --ignore=tests/federation $(PYTEST_ARGS)

# The non-browser suite on SQLite once more, the whole session on another day (SIJILL_TEST_CLOCK,
# see conftest.py): a test that holds only on the day it was written fails here.
test-moved-clock: install-test
	SIJILL_TEST_CLOCK=$(TEST_CLOCK) SIJILL_TESTING=1 SIJILL_DATABASE_URL=sqlite:///$(CURDIR)/var/test-clock.sqlite3 $(BIN)/pytest -q --ignore=tests/federation -m "not browser" $(PYTEST_ARGS)

# Several sites on throwaway PostgreSQL clusters (initdb on loopback); skipped if initdb is missing.
test-federation: install-test
	$(BIN)/pytest -q tests/federation $(PYTEST_ARGS)

test: lint typecheck test-sqlite test-postgres test-federation test-moved-clock

# Each benchmark prints its figures beside its baseline; BENCH_SIZE=large for the full runs.
BENCHMARKS := bench/audit.py bench/names.py bench/federation.py bench/import.py bench/linkage.py

bench: install-test
	@for script in $(BENCHMARKS); do \
	  echo "== $$script --size $(BENCH_SIZE)"; \
	  $(BIN)/python $$script --size $(BENCH_SIZE) || exit 1; \
	done

clean:
	rm -rf $(VENV) var/static var/test.sqlite3 var/test-clock.sqlite3
