# The commands of README.md: `make demo`, `make test`, `make bench`. Each sets up what it needs.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test test-suite install system browser pgclient poppler wrk lint bench
APT = $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev,prod]"
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

# The picture tests (tests/documents/test_pictures.py) draw PDF pages with Debian's pdftoppm.
poppler:
	@command -v pdftoppm >/dev/null || { \
	  $(APT) install -y --no-install-recommends poppler-utils || \
	  { $(APT) update && $(APT) install -y --no-install-recommends poppler-utils; }; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# PostgreSQL from DATABASE_URL, else the local server, else a throwaway cluster (installing
# Debian's postgresql when missing); a throwaway Redis for the tests that need one.
test: install browser pgclient poppler lint
	$(PY) scripts/services.py -- $(MAKE) --no-print-directory test-suite

# Run by `make test` inside scripts/services.py, which sets DATABASE_URL and TEST_REDIS_URL.
test-suite:
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

wrk:
	@command -v wrk >/dev/null || { \
	  $(APT) install -y --no-install-recommends wrk || \
	  { $(APT) update && $(APT) install -y --no-install-recommends wrk; }; }

# Extra options of the load benchmark: make bench BENCH_ARGS="--database postgres://… --no-load --label '50 Bodies'"
# At the size of issue 17 (the demo plus generate_data, about 10 minutes): make bench BENCH_ARGS="--generated 50x100000"
bench: install wrk
	$(PY) scripts/services.py --no-redis -- $(PY) -m bench $(BENCH_ARGS)
