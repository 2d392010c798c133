# Two commands on a fresh machine with only Python 3.11+:
#   make run    - the whole app on http://127.0.0.1:8000 (embedded PostgreSQL + Redis)
#   make test   - the test suite against an embedded PostgreSQL
#   make bench  - the benchmarks in benchmarks/ (a separate database; minutes)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format check-migrations messages bench clean-data

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,embedded]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m soleflip.devstack

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(STAMP)
	DJANGO_SETTINGS_MODULE=soleflip.settings_test $(BIN)/python manage.py makemigrations --check --dry-run

# The German catalogue: collect new texts into locale/de/LC_MESSAGES/django.po (needs GNU
# gettext), translate the empty msgstr there, then compile django.mo (both are committed).
messages: $(STAMP)
	DJANGO_SETTINGS_MODULE=soleflip.settings_test $(BIN)/python manage.py makemessages -l de
	DJANGO_SETTINGS_MODULE=soleflip.settings_test $(BIN)/python manage.py compilemessages -l de --ignore=.venv

# Benchmarks (not tests) on their own database, soleflip_bench: the dataset first, then the
# pages, the export and the StockX syncs on it; the import last, as it empties orders and pairs.
BENCH_SYNC_ORDERS ?= 2000
BENCH_IMPORT_ROWS ?= 1500
bench: $(STAMP)
	$(BIN)/python -m benchmarks.seed_bench
	$(BIN)/python -m benchmarks.bench_pages
	$(BIN)/python -m benchmarks.bench_export
	$(BIN)/python -m benchmarks.bench_stockx_sync $(BENCH_SYNC_ORDERS)
	$(BIN)/python -m benchmarks.bench_stockx_import $(BENCH_IMPORT_ROWS)

clean-data:
	rm -rf .data
