# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test chromium translations db demo bench-pages bench-live clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory translations

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,prod]'
	$(MAKE) --no-print-directory translations chromium
	npm ci --prefix tests/browser --silent --no-audit --no-fund
	npm ci --prefix tests/oidc --silent --no-audit --no-fund

translations:
	$(BIN)/pybabel compile -d translations >/dev/null

# Debian's Chromium for the Playwright browser tests (Playwright's own download
# needs the internet). Installed with apt when missing; needs root.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo

run: demo
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench-pages: install-test
	$(BIN)/python bench/pages.py

bench-live: install-test
	$(BIN)/python bench/live.py

clean:
	rm -rf $(VENV) instance/wijkpagina.db*
