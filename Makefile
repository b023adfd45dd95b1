# Two commands do everything on a fresh machine:
#   make build   set up .venv, find or install a Chromium, build the handbook into site/
#   make test    the same set-up, then the whole test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup build test bench check serve clean chromium test-tools lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# A Chromium for the PDF and the browser tests: HANDBOOK_CHROMIUM, Playwright's
# own, the system's, else Playwright's download, else Debian's package (as root).
chromium: $(STAMP)
	$(PY) -m handbook.browser ensure

setup: $(STAMP) chromium

build: setup
	$(VENV)/bin/handbook build -f mkdocs.yml

check: $(STAMP)
	$(VENV)/bin/handbook check -f mkdocs.yml

serve: setup
	$(VENV)/bin/handbook serve -f mkdocs.yml

# Programs only the tests need (nginx serves the site in the service-worker test).
test-tools:
	@bash scripts/ensure-test-tools.sh

# Habits the code keeps: ruff (lint + format) and mypy on the package, configured in pyproject.toml.
LINTED := handbook hooks build_pdf.py
lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy

test: setup test-tools lint
	$(PY) -m pytest -q -p no:cacheprovider

bench: setup
	$(PY) -m benchmarks.run

clean:
	rm -rf site dist .bench .cache
