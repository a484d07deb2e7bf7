# The front door. Two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_CLIENTS ?= 2000
DEMO_SEED ?= 2018
PORT ?= 8000
# The suite runs on two workers (pytest-xdist; this machine has two cores), each with its own test
# database; a file's tests stay on one worker. TEST_WORKERS=0 runs it in one process (debugger).
# The files go out slowest first, as measured in tests/duur.json (tests/conftest.py; `make test-duur`
# measures them again), not in xdist's own order by number of tests.
TEST_WORKERS ?= 2
PYTEST_PARALLEL := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder)

.PHONY: run test test-pg test-duur test-browser lint migrations-check schema api-lint browser-deps axe demo bench clean help

help:
	@echo "make run        install, migrate, load reference models and a demo region, serve on 127.0.0.1:$(PORT)"
	@echo "make test       install, ruff, import layers, migrations check, whole suite (SQLite)"
	@echo "make test-pg    the whole suite against PostgreSQL ($(PG_URL)), the race tests apart"
	@echo "make schema     regenerate the committed OpenAPI schema"
	@echo "make api-lint   the NL API Design Rules linter (Spectral) on the committed schema: 0 errors"
	@echo "make api-fuzz   a bounded schemathesis run over the whole API (two roles): no 5xx, no schema violation"
	@echo "make axe        install axe-core (npm, tools/axe) for the accessibility browser tests"
	@echo "make bench      run the benchmarks under bench/"

# (Re)install whenever pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	UITKOMST_DEBUG=$${UITKOMST_DEBUG:-false} $(BIN)/uitkomst migrate --noinput
	$(BIN)/uitkomst referentiemodellen
	$(BIN)/uitkomst demo --clients $(DEMO_CLIENTS) --seed $(DEMO_SEED) --if-empty
	$(BIN)/uitkomst contractvormen_laden
	$(BIN)/uitkomst demogebruikers
	UITKOMST_DEBUG=$${UITKOMST_DEBUG:-false} $(BIN)/uitkomst runserver 127.0.0.1:$(PORT)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

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

# axe-core for the accessibility browser tests, pinned in tools/axe/package-lock.json and installed
# there (npm ci, nothing global); the test serves it to the page itself, no CDN.
AXE := tools/axe/node_modules/axe-core/axe.min.js
$(AXE): tools/axe/package.json tools/axe/package-lock.json
	@if command -v npm >/dev/null; then cd tools/axe && npm ci --no-audit --no-fund --ignore-scripts && touch node_modules/axe-core/axe.min.js; \
	else echo "NOTE: npm is missing: the accessibility browser tests will be skipped."; fi

axe: $(AXE)

# The real Celery worker test (marker `celery`) runs apart too, in a fresh process after the parallel
# run: the worker thread shares the process-wide Celery app, and earlier tests must not leave state in it.
test: $(BIN)/.installed lint migrations-check browser-deps axe
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not celery"
	$(BIN)/pytest -m celery

# The race tests (marker `postgres`: real threads, real row locks) run apart, in one process after
# the parallel run. Exit code 5 (nothing collected) is not a failure there.
test-pg: $(BIN)/.installed browser-deps axe
	DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_PARALLEL) -m "not postgres and not celery"
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "postgres or celery" || [ $$? -eq 5 ]

# Measures every test file's seconds (SQLite, both workers) into tests/duur.json: the order above.
test-duur: $(BIN)/.installed browser-deps axe
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not celery" --duur-opslaan tests/duur.json

test-browser: $(BIN)/.installed browser-deps axe
	$(BIN)/pytest -m browser

schema: $(BIN)/.installed
	$(BIN)/uitkomst spectacular --file src/uitkomst/api/openapi.yaml --validate

# The NL API Design Rules' own Spectral ruleset (Logius), kept beside the repository in shared/.
# Spectral is pinned in tools/api-lint/package-lock.json and installed there (npm ci, nothing global).
API_RULES ?= ../shared/nl-api-design-rules/linter.yaml
tools/api-lint/node_modules/.installed: tools/api-lint/package.json tools/api-lint/package-lock.json
	cd tools/api-lint && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

api-lint: tools/api-lint/node_modules/.installed
	tools/api-lint/node_modules/.bin/spectral lint --fail-severity error -r $(API_RULES) src/uitkomst/api/openapi.yaml

# A bounded schemathesis run over the whole API for two roles (tests/security/test_schemathesis.py):
# deterministic, a few minutes; fails on any 5xx or response the schema does not describe.
api-fuzz: $(BIN)/.installed
	$(BIN)/pytest -p no:randomly -n 0 -m schemathesis tests/security/test_schemathesis.py

demo: $(BIN)/.installed
	$(BIN)/uitkomst demo --clients $(DEMO_CLIENTS) --seed $(DEMO_SEED)

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache tools/api-lint/node_modules
