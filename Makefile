# Chợ Số — `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in emails point at the server actually running (make run PORT=8101 included).
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
# The suite runs on this many processes (pytest-xdist); each gets its own test database.
TEST_WORKERS ?= 2

.PHONY: setup run serve worker test lint format check messages bench clean cluster cluster-stop api-contract

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

setup: $(VENV)/.installed

# Compiled catalogues (.mo) are committed; run this after editing a .po file (needs gettext). Every
# app with a locale folder is compiled, so a new app needs no line here.
messages:
	@for app in . $(patsubst %/locale,%,$(wildcard */locale)); do \
		if [ -d $$app/locale ]; then (cd $$app && $(abspath $(PY)) $(abspath manage.py) compilemessages --ignore=.venv -v0); fi; \
	done

run: setup
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py collectstatic --noinput -v0
	@echo "Serving Chợ Số on http://127.0.0.1:$(PORT) (Ctrl+C stops the server, the task worker and the scheduler)"
	DEBUG=1 $(PY) manage.py db_worker --interval 1 & \
	worker=$$!; \
	DEBUG=1 $(PY) manage.py run_schedule & \
	scheduler=$$!; trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: setup lint
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# schemathesis against the OpenAPI schema of a live demo server, anonymous and as a vendor (CI runs it).
api-contract: setup
	tools/api_contract.sh

bench: setup
	$(PY) benchmarks/run.py

# Two app servers behind nginx, a PostgreSQL replica, Redis, an S3 bucket (moto), two task workers
# and the scheduler on 127.0.0.1 (deploy/cluster/cluster.py; docs/operations.md, "Cluster").
cluster: setup
	$(PY) deploy/cluster/cluster.py start

cluster-stop:
	$(PY) deploy/cluster/cluster.py stop

clean:
	rm -rf $(VENV) db.sqlite3 var
