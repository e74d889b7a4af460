# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := $(or $(WORKBENCH_DB),data/workbench.duckdb)
PORT ?= 8501

.PHONY: run test bench sample clean-store

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

## make run: install, create the store with the sample alliance if it is absent, start the app (demo mode)
run: $(VENV)/.installed
	@test -f "$(DB)" || $(BIN)/python -m research_cycle init-db --sample --db "$(DB)"
	WORKBENCH_DEMO=1 WORKBENCH_DB="$(DB)" $(BIN)/streamlit run app.py --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## make test: install the test dependencies and run the whole suite (browser tests included)
test: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## make bench: the speed budgets, on the sample and on a generated 40-school, 5-cycle alliance
bench: $(VENV)/.installed
	$(BIN)/python -m research_cycle bench
	$(BIN)/python -m research_cycle generate --schools 40 --cycles 5 --evidence 50 --db data/bench-40x5.duckdb --force
	$(BIN)/python -m research_cycle bench --db data/bench-40x5.duckdb --no-first-page --switches 0

## make sample: replace the store with a fresh copy of the sample alliance
sample: $(VENV)/.installed
	$(BIN)/python -m research_cycle init-db --sample --force --db "$(DB)"
