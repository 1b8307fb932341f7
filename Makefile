# The two commands of README.md: `make demo` and `make test`. Both set up what they need.
VENV ?= .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/ratsinfo)

.PHONY: demo test install system browser pgclient lint bench
APT = $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed system

# WeasyPrint needs Pango from the system; Debian's packages where it is missing.
system:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  $(APT) install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 || \
	  { $(APT) update && $(APT) install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0; }; }

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

browser:
	@command -v chromium >/dev/null || { \
	  $(APT) install -y --no-install-recommends chromium || \
	  { $(APT) update && $(APT) install -y --no-install-recommends chromium; }; }

# `manage.py backup`/`restore` and their test call Debian's pg_dump and pg_restore.
pgclient:
	@command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || { \
	  $(APT) install -y --no-install-recommends postgresql-client || \
	  { $(APT) update && $(APT) install -y --no-install-recommends postgresql-client; }; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install browser pgclient lint
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) scripts/require_postgres.py
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(PY) -m bench
