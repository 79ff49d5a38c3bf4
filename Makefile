# The one entry point: make run | make test | make lint | make bench | make serve
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format bench bench-scale install install-dev browser clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## make run: set up on the embedded defaults (SQLite), load the 2014 demo, serve it.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST):$(PORT)

## make serve: the production stack on this machine (PostgreSQL, Redis, gunicorn, worker).
serve: install
	bin/serve

## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

## axe-core for the accessibility tests, from package-lock.json; again only when it changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## make test: install what the tests need and run the whole suite, one pytest-xdist
## worker per CPU. tests/conftest.py's scheduler keeps the stack test's module on
## one worker (bin/serve starts once) and each worker in pytest-django's order.
## PYTEST_XDIST= runs the suite in one process.
PYTEST_XDIST ?= -n auto --dist loadgroup
test: install-dev browser node_modules/.installed
	$(PY) -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## make bench: load the demo into a throwaway database, serve it with gunicorn, measure.
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/booking.py $(BOOKING_ARGS)
	$(PY) bench/scale.py $(SCALE_ARGS)

## make bench-scale: every page, feed, organiser screen and export at three sizes
## of event, in-process, on SQLite (and PostgreSQL when DATABASE_URL names it).
## SCALE_ARGS="--sizes small,medium" for a quick run.
bench-scale: install-dev
	$(PY) bench/scale.py $(SCALE_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media static
