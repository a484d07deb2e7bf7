# The front door. Two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_CLIENTS ?= 2000
DEMO_SEED ?= 2018
PORT ?= 8000

.PHONY: run test test-pg test-browser lint migrations-check schema browser-deps demo bench clean help

help:
	@echo "make run        install, migrate, load reference models and a demo region, serve on 127.0.0.1:$(PORT)"
	@echo "make test       install, ruff, migrations check, whole suite (SQLite)"
	@echo "make test-pg    the whole suite against PostgreSQL ($(PG_URL))"
	@echo "make schema     regenerate the committed OpenAPI schema"
	@echo "make bench      run the benchmarks under bench/"

# (Re)install whenever pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	UITKOMST_DEBUG=$${UITKOMST_DEBUG:-true} $(BIN)/uitkomst migrate --noinput
	$(BIN)/uitkomst referentiemodellen
	$(BIN)/uitkomst demo --clients $(DEMO_CLIENTS) --seed $(DEMO_SEED) --if-empty
	$(BIN)/uitkomst contractvormen_laden
	$(BIN)/uitkomst demogebruikers
	UITKOMST_DEBUG=$${UITKOMST_DEBUG:-true} $(BIN)/uitkomst runserver 127.0.0.1:$(PORT)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench

migrations-check: $(BIN)/.installed
	$(BIN)/uitkomst makemigrations --check --dry-run

# Installs Debian's Chromium for the browser tests when it is missing and we may (root).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else echo "NOTE: /usr/bin/chromium is missing and cannot be installed here: browser tests will be skipped."; fi; \
	fi

test: $(BIN)/.installed lint migrations-check browser-deps
	$(BIN)/pytest

test-pg: $(BIN)/.installed browser-deps
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

test-browser: $(BIN)/.installed browser-deps
	$(BIN)/pytest -m browser

schema: $(BIN)/.installed
	$(BIN)/uitkomst spectacular --file src/uitkomst/api/openapi.yaml --validate

demo: $(BIN)/.installed
	$(BIN)/uitkomst demo --clients $(DEMO_CLIENTS) --seed $(DEMO_SEED)

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
