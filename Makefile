# Two commands on a fresh machine with Python 3.11+ and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint messages migrate seed worker web bench clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian/Ubuntu install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP)

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

lint: install
	$(BIN)/ruff check .

test: install
	$(BIN)/ruff check .
	VAR_DIR=$(CURDIR)/var/test $(BIN)/python -m pytest $(PYTEST_ARGS)

# Recompile the committed translations after editing a .po file.
messages: install
	cd learning && ../$(BIN)/python ../manage.py makemessages -l vi -l en --no-obsolete
	$(BIN)/python manage.py compilemessages

bench: install
	bash benchmarks/run.sh

clean:
	rm -rf $(VENV) var staticfiles
