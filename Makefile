# kefu — the README's commands. `make run` installs everything and starts the app with a demo
# center on the embedded SQLite database; `make test` runs the whole suite (SQLite + PostgreSQL).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run setup test lint typecheck pytest pg browser bench clean

$(BIN)/kefu: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/kefu

# front-end packages (ECharts, htmx) from the npm registry, at the versions package-lock.json pins
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

setup: $(BIN)/kefu node_modules/.package-lock.json

run: setup
	$(BIN)/kefu init
	$(BIN)/kefu demo --if-empty
	$(BIN)/kefu serve --host 127.0.0.1 --port $(PORT)

pg:
	@bash scripts/ensure-postgres.sh

# Debian's Chromium and a Chinese font for the browser tests (tests/browser); Playwright drives
# /usr/bin/chromium and never downloads a browser of its own (never run `playwright install`)
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
	  apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy src

pytest: setup pg browser
	$(BIN)/pytest -n 2 -p no:cacheprovider

test: lint typecheck pytest

bench: setup
	$(BIN)/python bench/close_month.py

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
