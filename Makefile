# Two commands on a fresh machine with Python 3.11+ and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint messages migrate seed worker web bench clean

# `make run` needs only the runtime requirements; `make test` adds the test and benchmark tools.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian/Ubuntu install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py import_document content/*.md
	$(BIN)/python manage.py seed_exercises
	$(BIN)/python manage.py seed_demo

# Web server and a Celery worker (plus the beat that re-sends stranded runs); Ctrl-C stops all.
run: seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@bash scripts/run.sh $(HOST) $(PORT)

lint: install-dev
	$(BIN)/ruff check .

# axe-core (npm, pinned in package.json/package-lock.json) for the accessibility browser tests; never from a CDN.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found (apt-get install npm): the axe-core accessibility tests will be skipped"; fi

test: install-dev $(NODE_STAMP)
	$(BIN)/ruff check .
	VAR_DIR=$(CURDIR)/var/test $(BIN)/python -m pytest $(PYTEST_ARGS)

# Update the one catalog (locale/vi/LC_MESSAGES/django.po) from the code and templates, then compile it.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var --ignore=staticfiles --ignore=tests --ignore=benchmarks
messages: install-dev
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --no-location $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages -l vi $(MESSAGES_IGNORE)

bench: install-dev
	bash benchmarks/run.sh

clean:
	rm -rf $(VENV) var staticfiles
