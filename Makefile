# Two commands are all a newcomer needs: `make lab` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LINTED := helpers tests scripts notebooks
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

.PHONY: lab test check notebooks bench handouts answer-key teacher-guide requirements browser-deps clean

# The virtual environment: created if missing, reinstalled when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	@$(PY) -c 'import sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

## make lab: open the collection in JupyterLab, on the start page
lab: $(STAMP)
	scripts/lab.sh

## make test: lint, data checks, unit and data tests, nbval over the notebooks, browser tests
test: $(STAMP) browser-deps
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)
	$(PY) -m helpers.data.validate
	$(PY) -m helpers.authoring.notebook --check
	$(PY) -m pytest tests notebooks $(NBVAL); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

## make check: validate the data files and lint (fast; run it after editing data/)
check: $(STAMP)
	$(PY) -m helpers.data.validate
	$(PY) -m helpers.authoring.notebook --check
	$(PY) -m ruff check $(LINTED)

## make notebooks: rewrite the generated cells from data/notebooks.yaml and execute every notebook
notebooks: $(STAMP)
	$(PY) -m helpers.authoring.notebook

## make bench: speed and memory of the notebooks against the floor (kernel + imports)
bench: $(STAMP)
	$(PY) -m helpers.authoring.bench $(ARGS)

## make handouts: printable HTML of each notebook in build/handouts (figures drawn, no answers)
handouts: $(STAMP)
	$(PY) scripts/handouts.py

## make answer-key: printable answer keys for teachers in build/answer-key (never in the notebooks)
answer-key: $(STAMP)
	$(PY) -m helpers.authoring.answer_key

## make teacher-guide: printable lesson guides for teachers in build/teacher-guide (plan, answers, key)
teacher-guide: $(STAMP)
	$(PY) -m helpers.authoring.teacher_guide

## make requirements: recompile the pinned requirements.txt from requirements.in
requirements: $(STAMP)
	$(VENV)/bin/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras \
	  -o requirements.txt requirements.in

# What the browser tests need beyond Python: Debian's Chromium and axe-core from npm.
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium'" >&2; exit 1; fi; }
	@test -f tests/browser/node_modules/axe-core/axe.min.js || \
	  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

clean:
	rm -rf build .pytest_cache
