# Two commands are all a newcomer needs: `make lab` and `make test` (see README.md).
SHELL := /bin/bash
# Python 3.11 to 3.13: the first of them found (3.11 first, as CI runs it), else python3
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
# Two virtual environments. .venv-run holds the runtime set (requirements.txt): what a student's server
# has, and what `make lab` and the kernels of `make test` run on. .venv adds the developer set
# (requirements-dev.txt: tests, lint, browser, bench, notebook generation, pip-tools).
RUN_VENV := .venv-run
RUN_STAMP := $(RUN_VENV)/.installed
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# a kernel of the dev venv's Jupyter that runs in the runtime venv (nbval runs every notebook on it)
RUN_KERNEL := caucasus-runtime
RUN_KERNELSPEC := $(VENV)/share/jupyter/kernels/$(RUN_KERNEL)/kernel.json
LINTED := helpers tests scripts notebooks teacher conftest.py deploy
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg
# The tests but the browser and hub ones, on 2 processes (pytest-xdist; `make unit WORKERS=0` runs them
# in this one): a test file, and so each notebook's nbval cells with their kernel, stays in one process.
# The browser tests and the hub's class run after them on 3 processes, one a lane (any WORKERS but 0; they
# wait on pages and servers, and the third overlaps the hub's class; `WORKERS=0`: in this one): each
# worker its own JupyterLab, Jupyter dirs, port and Chromium; with --dist loadgroup the root conftest's
# scheduler sends each lane of tests/browser/lanes.py whole to one worker.
WORKERS ?= 2
UNIT_ARGS = -n $(WORKERS) --dist loadfile tests notebooks teacher $(NBVAL) --nbval-kernel-name $(RUN_KERNEL) \
	  --ignore=tests/browser -m "not browser"
BROWSER_ARGS = -n $(if $(filter 0,$(WORKERS)),0,3) --dist loadgroup tests -m browser
# Bytecode is compiled at install, as pip does, except for the packages' own test suites (pandas'
# and numpy's tests: about 40 MB of .pyc no lesson imports).
COMPILE = $(1)/bin/python -m compileall -q -j 0 -x '/tests?/' $(1)/lib >/dev/null

.PHONY: lab test unit browser test-hub check notebooks bench handouts answer-key teacher-guide class-report requirements \
	browser-deps hub-deps hub-requirements class-sim clean

# Each venv is created if missing and reinstalled when its requirements or pyproject.toml change.
$(RUN_STAMP): requirements.txt pyproject.toml
	@$(RUN_VENV)/bin/python -c 'import sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null || { rm -rf $(RUN_VENV); $(PYTHON) -m venv $(RUN_VENV); }
	$(RUN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	$(call COMPILE,$(RUN_VENV))
	@touch $(RUN_STAMP)

$(STAMP): requirements-dev.txt requirements.txt pyproject.toml
	@$(PY) -c 'import sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile -r requirements-dev.txt
	$(call COMPILE,$(VENV))
	@touch $(STAMP)

$(RUN_KERNELSPEC): $(RUN_STAMP) $(STAMP)
	@$(RUN_VENV)/bin/python -m ipykernel install --prefix $(VENV) --name $(RUN_KERNEL) \
	  --display-name "Python 3 (runtime set)" >/dev/null 2>&1 || \
	  { echo "could not install the $(RUN_KERNEL) kernel into $(VENV)" >&2; exit 1; }

## make lab: open the collection in JupyterLab, on the start page (installs the runtime set only)
lab: $(RUN_STAMP)
	scripts/lab.sh

## make test: lint, data checks and the quiz banks' review, unit and data tests, nbval over the
## notebooks (as make unit: on 2 processes), then the browser tests and the JupyterHub class (on 3)
test: $(STAMP) $(RUN_KERNELSPEC) browser-deps hub-deps
	@echo "runtime venv $(RUN_VENV): $$(du -sm $(RUN_VENV) | cut -f1) MB; dev venv $(VENV): $$(du -sm $(VENV) | cut -f1) MB"
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)
	$(PY) -m helpers.data.validate
	$(PY) -m helpers.authoring.bank_review >/dev/null
	$(PY) -m helpers.authoring.notebook --check
	$(PY) -m pytest $(UNIT_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; \
	$(PY) -m pytest $(BROWSER_ARGS); b=$$?; \
	  if [ $$b -eq 5 ]; then echo "pytest collected no browser tests"; b=0; fi; \
	  if [ $$rc -eq 0 ]; then rc=$$b; fi; exit $$rc

## make unit: the quick loop: every test but the browser and hub ones, and nbval over the notebooks
unit: $(STAMP) $(RUN_KERNELSPEC) hub-deps hub-images-deps
	$(PY) -m pytest $(UNIT_ARGS)

## make browser: the browser tests (JupyterLab and the handouts in headless Chromium), not the hub's;
## with make unit and make test-hub, every test that make test runs; on 3 processes (WORKERS=0: one)
browser: $(STAMP) $(RUN_KERNELSPEC) browser-deps
	$(PY) -m pytest $(BROWSER_ARGS) --ignore=tests/browser/test_browser_hub.py

## make test-hub: a class of three and a teacher on a real JupyterHub here (root)
test-hub: $(STAMP) $(RUN_KERNELSPEC) browser-deps hub-deps
	$(PY) -m pytest tests/browser/test_browser_hub.py

## make check: validate the data files, review the quiz banks (prints each bank's key balance and
## questions by skill), check the generated cells (fast; run it after editing data/); on the runtime
## set alone, so a teacher needs no test or browser tooling; lints the code where the developer set is
check: $(RUN_STAMP)
	$(RUN_VENV)/bin/python -m helpers.data.validate
	$(RUN_VENV)/bin/python -m helpers.authoring.bank_review
	$(RUN_VENV)/bin/python -m helpers.authoring.echo
	$(RUN_VENV)/bin/python -m helpers.authoring.notebook --check
	@if [ -x $(VENV)/bin/ruff ]; then $(VENV)/bin/ruff check $(LINTED); \
	else echo "lint skipped: the developer set is not installed (make test installs it)"; fi

## make notebooks: rewrite the generated cells from data/notebooks.yaml and execute every notebook
## (and the teacher notebook teacher/class_results.ipynb)
notebooks: $(STAMP)
	$(PY) -m helpers.authoring.notebook
	$(PY) -m helpers.authoring.notebook --teacher

## make bench: speed and memory of the notebooks against the floor (kernel + imports)
bench: $(STAMP) $(RUN_STAMP)
	$(PY) -m helpers.authoring.bench $(ARGS)

## make handouts: printable HTML of each notebook in build/handouts (figures drawn, no answers)
handouts: $(STAMP)
	$(PY) -m helpers.authoring.handouts

## make answer-key: printable answer keys for teachers in build/answer-key (never in the notebooks)
answer-key: $(STAMP)
	$(PY) -m helpers.teacher.answer_key

## make teacher-guide: printable lesson guides for teachers in build/teacher-guide (plan, answers, key)
teacher-guide: $(STAMP)
	$(PY) -m helpers.teacher.teacher_guide

## make class-report HANDIN=folder: what the class got, from a folder of hand-ins: printable offline
## HTML and a gradebook CSV in build/class-report (each bad hand-in named in one line and left out)
class-report: $(STAMP)
	@test -n "$(HANDIN)" || { echo "usage: make class-report HANDIN=<folder of hand-ins>" >&2; exit 2; }
	$(PY) -m helpers.teacher.class_report "$(HANDIN)" --out build/class-report $(ARGS)

## make class-users ROSTER=roster.csv: a class's accounts on one server (root): a system user with a
## private home and an initial password for each member (the sheet: /srv/caucasus1917/initial-passwords.csv,
## root only), teachers in the group `teachers`, the roster installed at /srv/caucasus1917/roster.csv
class-users:
	@test -n "$(ROSTER)" || { echo "usage: make class-users ROSTER=<roster.csv> (username,name,role)" >&2; exit 2; }
	$(PYTHON) -m helpers.teacher.roster "$(ROSTER)"

## make class-sim: a class of N students (default 30) on a real JupyterHub here, measured (root)
class-sim: hub-deps
	$(HUB_DIR)/venv/bin/python -m helpers.authoring.class_sim $(ARGS)

## make requirements: recompile the pinned requirements.txt and requirements-dev.txt from their .in files
requirements: $(STAMP)
	$(VENV)/bin/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras \
	  -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras \
	  -o requirements-dev.txt requirements-dev.in

# What the browser tests need beyond Python: Debian's Chromium and axe-core from npm.
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium'" >&2; exit 1; fi; }
	@test -f tests/browser/node_modules/axe-core/axe.min.js || \
	  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

# A class on JupyterHub (`make class-sim`, tests/browser/test_browser_hub.py): the course installed once,
# read-only, in HUB_DIR (deploy/install.sh: a copy of the course and a venv of requirements.txt plus
# JupyterHub), and configurable-http-proxy from npm. Root only: the students are system users.
HUB_DIR ?= /opt/caucasus1917-hub/$(shell printf %s '$(CURDIR)' | sha1sum | cut -c1-10)
export CAUCASUS_HUB_DIR := $(HUB_DIR)
hub-deps:
	@if [ "$$(id -u)" != 0 ]; then echo "hub-deps: the JupyterHub class needs root (system users); skipped" >&2; \
	else bash deploy/install.sh $(HUB_DIR) $(PYTHON); fi
	@test -x deploy/node_modules/.bin/configurable-http-proxy || \
	  npm ci --prefix deploy --no-audit --no-fund --loglevel=error

## make hub-requirements: recompile deploy/requirements-hub.txt (JupyterHub) within the course's pins
hub-requirements: $(STAMP)
	@mkdir -p build && grep -v '^-e' requirements.txt > build/course-pins.txt
	cd deploy && ../$(VENV)/bin/pip-compile --quiet --no-emit-index-url --no-emit-find-links \
	  --strip-extras -c ../build/course-pins.txt -o requirements-hub.txt requirements-hub.in
	cd deploy/z2jh && ../../$(VENV)/bin/pip-compile --quiet --no-emit-index-url --no-emit-find-links \
	  --strip-extras -c ../requirements-hub.txt -o requirements-hub.txt requirements-hub.in

# What the hub images of The Littlest JupyterHub and Zero to JupyterHub run, from PyPI at the one-server
# hub's JupyterHub pin (deploy/z2jh/requirements-hub.txt): KubeSpawner and the authenticators, so
# tests/test_deploy_configs.py loads every deployment's config with JupyterHub's own loader.
.PHONY: hub-images-deps class-users
HUB_IMAGES_VENV := build/hub-images
hub-images-deps: $(HUB_IMAGES_VENV)/.installed
test: hub-images-deps  # tests/test_deploy_configs.py loads the hubs' configs in it
$(HUB_IMAGES_VENV)/.installed: deploy/z2jh/requirements-hub.txt
	@$(HUB_IMAGES_VENV)/bin/python -c pass 2>/dev/null || $(PYTHON) -m venv $(HUB_IMAGES_VENV)
	$(HUB_IMAGES_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $<
	@touch $@

clean:
	rm -rf build .pytest_cache
