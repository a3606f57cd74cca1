# Two commands a newcomer needs: `make report` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= data

.PHONY: test report lab lint format bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

test: $(STAMP)
	$(VENV)/bin/ruff check cpcanalysis tests benchmarks
	$(VENV)/bin/ruff format --check cpcanalysis tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest

report: $(STAMP)
	$(PY) -m cpcanalysis export $(DATA) --out reports/tables --format csv --slippage --quiet
	$(PY) -m cpcanalysis export $(DATA) --out reports/tables --format xlsx --slippage --quiet
	$(PY) -m cpcanalysis report $(DATA) --out reports/comparison.html

lab: $(STAMP)
	$(PY) -m ipykernel install --user --name cpcanalysis --display-name "cpcanalysis (.venv)"
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(STAMP)
	$(VENV)/bin/ruff check cpcanalysis tests benchmarks
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format cpcanalysis tests benchmarks
	$(VENV)/bin/ruff check --fix cpcanalysis tests benchmarks

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) reports/*.html reports/*.pdf reports/tables
