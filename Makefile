# Everyday commands. `make install run` is the README's first command; `make test` its second.
PYTHON ?= python

.PHONY: install install-dev run test lint format bench

install:
	pip install -r requirements.txt

install-dev:
	pip install -r requirements-dev.txt

run:
	$(PYTHON) app.py

test:
	$(PYTHON) -m pytest

lint:
	ruff check .
	ruff format --check .
	lint-imports

format:
	ruff check --fix .
	ruff format .

bench:
	$(PYTHON) bench/bench_import.py
	$(PYTHON) bench/bench_boundaries.py
	$(PYTHON) bench/bench_overview.py
	$(PYTHON) bench/bench_load.py
	$(PYTHON) bench/bench_wall.py
	$(PYTHON) bench/bench_export.py
	$(PYTHON) bench/bench_briefing.py
