# Relève — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
WORKERS ?= $(shell nproc)
BIN    := $(VENV)/bin

.PHONY: run serve test store check bench install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
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
	$(BIN)/python -m streamlit run dashboard.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

## Serve many users: $(WORKERS) Streamlit processes (one per core) behind nginx on
## $(PORT), with sticky sessions (serve/, docs/deploy.md). RELEVE_SHARED=1 is passed on.
serve: store
	PORT=$(PORT) WORKERS=$(WORKERS) PYTHON=$(BIN)/python serve/serve.sh

## The whole test suite (unit, app and browser tests).
test: install-dev
	$(BIN)/python -m pytest -q

## Benchmarks: each prints its figures and ratios against a floor measured in the same run.
bench: install-dev
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf data/parquet .pytest_cache
