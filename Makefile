# Pożytek: `make run` serves the demo, `make test` runs linters and the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pytest-xdist: one worker per core; a test module stays on one worker (module-scoped worlds).
PYTEST_WORKERS ?= 2

.PHONY: run test lint typecheck pytest messages catalogues browser-deps deploy-deps pdf-deps clean demo-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-deps

## Compile the translation catalogues (Babel: no GNU gettext needed).
catalogues: $(VENV)/.run-deps
	DJANGO_DEBUG=1 $(BIN)/python manage.py compile_catalogues

## Re-extract translatable strings (developers; needs GNU gettext).
messages: $(VENV)/.dev-deps
	cd pozytek && DJANGO_DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l pl -l en -l uk --no-obsolete --add-location file

demo-db: $(VENV)/.run-deps catalogues
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo_data

## Set everything up and serve the demo on http://127.0.0.1:8000 (SQLite under var/).
run: demo-db pdf-deps
	@echo "Serving Pożytek on http://$(HOST):$(PORT)/ (e-mails are printed below)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Chromium from Debian and axe-core from npm, for the browser tests.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent

## HarfBuzz's subsetter from Debian: WeasyPrint cuts the embedded fonts with it (a one-line PDF 9 ms)
## instead of falling back to fontTools (48 ms, with a warning in the log). Best effort for `make run`:
## without root or sudo the PDFs are still made, only slower.
pdf-deps:
	@ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0; \
	  else echo "libharfbuzz-subset0 is not installed: PDFs will use fontTools (slower)"; fi; }

## nginx from Debian, for the two-app-server test (tests/deploy: deploy/local.py runs it unprivileged).
deploy-deps:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; fi; }

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev-deps
	$(BIN)/mypy

pytest: $(VENV)/.dev-deps catalogues browser-deps deploy-deps pdf-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## Linters, types and every test (browser tests included). DATABASE_URL=postgres://… selects PostgreSQL.
test: lint typecheck pytest

clean:
	rm -rf $(VENV) var node_modules
