# Relève — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
WORKERS ?= $(shell nproc)
BIN    := $(VENV)/bin

.PHONY: run serve test lint screenshot store check bench install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The pinned versions, then the project itself (editable, no dependency resolution):
# every module imports by package name, from any directory.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Build (or refresh) the Parquet store from data/raw; a no-op when nothing changed.
store: install
	$(BIN)/python -m etl

## Validate data/raw without writing anything.
check: install
	$(BIN)/python -m etl --check

## Serve the dashboard on http://localhost:$(PORT)
run: store
	$(BIN)/python -m streamlit run web.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

## Serve many users: $(WORKERS) Streamlit processes (one per core) behind nginx on
## $(PORT), with sticky sessions (serve/, docs/deploy.md). RELEVE_SHARED=1 is passed on.
serve: store
	PORT=$(PORT) WORKERS=$(WORKERS) PYTHON=$(BIN)/python serve/serve.sh

## The gate before the tests: layer contracts, lint, format, strict types on the
## engine, the ETL and privacy (configuration in pyproject.toml).
lint: install-dev
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gpec etl core/privacy.py

## docs/screenshot.png: the home page and the studio, drawn by the system Chromium.
screenshot: store install-dev
	$(BIN)/python docs/screenshot.py

## The whole test suite (unit, app and browser tests).
test: install-dev
	$(BIN)/python -m pytest -q

## Benchmarks: each prints its figures and ratios against a floor measured in the same run.
## bench/table.py then rewrites the README's table (« Mesures ») from what they printed.
BENCH_OUT ?= .benchmarks/last
bench: install-dev
	rm -rf $(BENCH_OUT) && mkdir -p $(BENCH_OUT)
	for b in $(filter-out bench/table.py,$(wildcard bench/*.py)); do \
		n=$$(basename $$b .py); echo "== $$b"; \
		$(BIN)/python $$b > $(BENCH_OUT)/$$n.txt; echo $$? > $(BENCH_OUT)/$$n.status; \
		cat $(BENCH_OUT)/$$n.txt; \
	done
	$(BIN)/python bench/table.py $(BENCH_OUT) README.md

clean:
	rm -rf data/parquet .pytest_cache
