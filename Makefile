# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
# The app derives BASE_URL (links in mail, feeds, the flyer, the SSO redirect URI) from these unless it is set.
export HOST PORT

.PHONY: run test install install-test debian-packages translations db demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files: pip runs only when pyproject.toml changed since the last install (a second `make run` serves
# at once), npm only when a lock file changed. `make clean` (or deleting .venv) starts over.
INSTALLED := $(VENV)/.installed
INSTALLED_TEST := $(VENV)/.installed-test
NPM_STAMPS := tests/browser/node_modules/.installed tests/oidc/node_modules/.installed
CATALOGS := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

install: $(INSTALLED) $(CATALOGS)

install-test: $(INSTALLED_TEST) $(CATALOGS) debian-packages $(NPM_STAMPS)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(INSTALLED_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,prod]'
	touch $@ $(INSTALLED)

tests/%/node_modules/.installed: tests/%/package-lock.json
	npm ci --prefix tests/$* --silent --no-audit --no-fund
	touch $@

$(CATALOGS): %.mo: %.po | $(INSTALLED)
	$(BIN)/pybabel compile -d translations >/dev/null

translations:
	$(BIN)/pybabel compile -d translations >/dev/null

# Debian packages the tests use, as package:command pairs: chromium for the Playwright browser tests
# (Playwright's own browser download needs the internet) and poppler-utils (pdftotext, pdfinfo, pdftoppm)
# for the flyer tests. Installed with apt when missing; needs root (or sudo).
DEBIAN_TEST_PACKAGES := chromium:chromium poppler-utils:pdftoppm

debian-packages:
	@missing=""; for pair in $(DEBIAN_TEST_PACKAGES); do 	  command -v $${pair#*:} >/dev/null 2>&1 || missing="$$missing $${pair%%:*}"; done; 	if [ -n "$$missing" ]; then 	  echo "Installing Debian packages for the tests:$$missing"; 	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); 	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; fi

db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo

# Without MAIL_SERVER, the demo's mail is written to instance/mail/ (one file per message).
run: demo
	MAIL_BACKEND=$(if $(MAIL_SERVER),smtp,file) $(FLASK) run --host $(HOST) --port $(PORT)

# Tests run in parallel, one process per core (pytest-xdist); a test file stays on one worker, so the
# SQLite and PostgreSQL runs of a test never race each other for Redis keys. TEST_WORKERS=0 runs them serially.
TEST_WORKERS ?= auto

test: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance/wijkpagina.db* $(NPM_STAMPS)

# Benchmarks: `make bench-<name>` runs bench/<script>.py (bench/README.md; figures in docs/performance.md).
BENCHES := pages:pages photos:photos live:live stellingen:opinion_groups budgets:budget_tools \
           spreekuur:spreekuur meldingen:report_tools themes:theme_job national:national \
           insights:insights_dashboard
BENCH_TARGETS := $(foreach pair,$(BENCHES),bench-$(firstword $(subst :, ,$(pair))))
.PHONY: $(BENCH_TARGETS)

$(BENCH_TARGETS): bench-%: install-test
	$(BIN)/python bench/$(lastword $(subst :, ,$(filter $*:%,$(BENCHES)))).py
