# The two commands: `make run` and `make test`. Each works on a fresh clone with Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run worker test test-quick lint setup migrate demo messages browser rum clean ipregion vendor-chartjs

# Bytecode is written at a module's first import and read afterwards, even where the environment turns writing off
# (PYTHONDONTWRITEBYTECODE=1, as some containers set): otherwise every Python process compiles Django and the
# project again, 3 of the 6 s a `manage.py check` takes, and the suite starts dozens of processes (workers,
# servers, the production set-up's commands). The files go to __pycache__ folders, which git ignores.
unexport PYTHONDONTWRITEBYTECODE

# Python 3.11's own pip (23.2) installs the project as it is (PEP 660 editable), building the two C extensions
# (setup.py: the fingerprint and the normaliser's passes; skipped without a compiler): no pip upgrade to fetch and install
# first. --no-compile: the bytecode of the modules actually imported is written at their first import, not that of
# every installed file (scipy's, scikit-learn's tests and all) up front. 57 s -> 32 s here.
$(STAMP): pyproject.toml setup.py moderation/engine/_simhash.c moderation/engine/_textscan.c
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-compile -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo

# The IP属地 data file (npm package ip2region, fetched with npm pack into data/ip2region/; see README "compliance").
# Without it (no npm, no network) every region shows 未知 and nothing else changes.
ipregion: setup
	-$(PY) manage.py ipregion fetch

# Serves on 127.0.0.1:8000. Embedded defaults (SQLite, in-process tasks, local-memory cache) unless DATABASE_URL
# and REDIS_URL are set; then run `make worker` beside it.
run: demo ipregion
	@echo "Serving on http://127.0.0.1:8000 (demo logins above)"
	$(PY) manage.py runserver 127.0.0.1:8000

# A Celery worker with beat (the periodic sweep), for a REDIS_URL setup.
worker: setup
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)"; exit 2; }
	$(VENV)/bin/celery -A cms worker --beat --loglevel=INFO --concurrency=2 --schedule=$(CURDIR)/celerybeat-schedule

# lint-imports: the import-linter contracts in pyproject.toml (layers; the engine free of Django; core at the bottom).
# No cache: it takes a fraction of a second and leaves no folder in the tree.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

# Chromium for the browser journeys (Debian's package; Playwright cannot download browsers here), a CJK font so
# that their screenshots (artifacts/screenshots/) show Chinese text rather than empty boxes, and Chromium's own
# translations (chromium-l10n), so that its date pickers read 2026/11/02 and 年/月/日 as a Chinese reader's do
# (tests/support/browser.py starts it in Chinese).
BROWSER_PACKAGES := chromium chromium-l10n fonts-wqy-microhei
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . && test -e /usr/lib/chromium/locales/zh-CN.pak; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -q $(BROWSER_PACKAGES) >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q $(BROWSER_PACKAGES) >/dev/null)); \
	  else echo "Install Chromium, its translations and a CJK font (Debian: apt-get install $(BROWSER_PACKAGES)) for the browser tests"; fi; }

# Optional: the RUM index for full-text search (Debian, as root). Installs only a package whose server version
# matches the running one (else it says what to do), so the server is never upgraded behind its back; search
# works without it (GIN). Databases migrated afterwards build RUM; existing ones keep GIN until 0002 is re-run.
rum:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  server=$$(dpkg-query -W -f='$${Version}' postgresql-15 2>/dev/null); \
	  wanted=$$(apt-cache policy postgresql-15-rum | awk '/Candidate/ {print $$2}'); \
	  depends=$$(apt-cache show "postgresql-15-rum=$$wanted" 2>/dev/null | grep -m1 '^Depends'); \
	  echo "postgresql-15 $$server; postgresql-15-rum $$wanted ($$depends)"; \
	  apt-get install -y -q --no-upgrade postgresql-15-rum >/dev/null && echo "RUM available: CREATE EXTENSION rum"; \
	else echo "Install the RUM extension by hand (Debian: apt-get install postgresql-15-rum); search uses GIN without it"; fi

messages: setup
	cd $(CURDIR) && $(PY) manage.py compilemessages -l en --ignore=.venv

# The whole suite on PostgreSQL, Redis and a real Celery worker started by the tests themselves, in TEST_WORKERS
# processes (pytest-xdist); each has its own test database, cache key prefix, task queue and Celery worker
# (tests/conftest.py). TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: export DATABASE_URL ?= postgres://127.0.0.1:5432/test
test: export REDIS_URL ?= redis://127.0.0.1:6379/0
test: export CELERY_QUEUE ?= cms-test
test: setup browser lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The quick suite on SQLite without Redis: tests that need Redis, a worker or a browser skip with a reason.
test-quick: setup
	DATABASE_URL=sqlite:///$(CURDIR)/test.sqlite3 REDIS_URL= $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Chart.js for the moderation statistics page, vendored into static/ (with its licence) from the npm registry.
CHARTJS_VERSION ?= 4.6.1
vendor-chartjs:
	rm -rf /tmp/chartjs-pack && mkdir -p /tmp/chartjs-pack static/vendor/chartjs
	cd /tmp/chartjs-pack && npm pack --silent chart.js@$(CHARTJS_VERSION) && tar xzf chart.js-$(CHARTJS_VERSION).tgz
	cp /tmp/chartjs-pack/package/dist/chart.umd.min.js /tmp/chartjs-pack/package/LICENSE.md static/vendor/chartjs/
	# The source map is not shipped: drop its reference, or collectstatic's manifest storage fails on it.
	sed -i '/^\/\/# sourceMappingURL=/d' static/vendor/chartjs/chart.umd.min.js
