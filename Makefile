# Every target builds the environment first when it is missing, so on a fresh
# machine `make report` and `make test` are the only two commands needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help setup report reference test test-fast lab student-copies evaluate train benchmark benchmark-report clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name media-framing --display-name "Python (media-framing)"
	touch $(STAMP)

setup: $(STAMP) ## Build the environment (.venv with the package and a Jupyter kernel)

report: $(STAMP) ## Run the notebook series on the seed corpus into a new folder under reports/ (ARGS="--corpus PATH --group-by outlet")
	$(PY) -m analysis report $(ARGS)

# The reference keeps what the reproducibility test and a reader need (tables, figures,
# manifest, index); the pages and executed notebooks are generated chrome, about 5 MB.
reference: $(STAMP) ## Re-make the committed reference run (reports/reference/) after an intended change
	$(PY) -m analysis report --out reports/reference --force
	rm -rf reports/reference/notebooks reports/reference/[0-9][0-9]-*.html

# On every core (pytest-xdist): the tests of one file on one worker, and the tests that read
# one whole report together on one worker, first, the reports on different workers at once
# (tests/conftest.py), so each fixture and report is made once. PARALLEL= runs everything in
# this process.
PARALLEL := -n auto --dist loadfile

test: $(STAMP) ## Run every test, as CI does: package, doctests, the notebooks through whole reports
	$(PY) -m pytest $(PARALLEL) $(ARGS)

test-fast: $(STAMP) ## The fast local tier: every test but those marked slow (whole reports, real corpora)
	$(PY) -m pytest $(PARALLEL) -m "not slow" $(ARGS)

# JupyterLab refuses to start as root without --allow-root, and a lab machine or a container
# often runs as root. STUDENT=1 opens the student copies (written once, then kept: a second
# `make lab STUDENT=1` never overwrites what students saved; `make student-copies` refreshes).
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ARGS ?=
lab: $(STAMP) ## Open JupyterLab on the notebooks; STUDENT=1 on the student copies; LAB_ARGS="--ip=0.0.0.0 --no-browser" serves a room
	$(if $(STUDENT),test -d build/student-notebooks || $(PY) -m analysis student-copies)
	$(VENV)/bin/jupyter lab $(if $(STUDENT),build/student-notebooks,notebooks) $(LAB_ROOT) $(LAB_ARGS)

student-copies: $(STAMP) ## Write student copies of the notebooks (solutions removed) to build/student-notebooks/
	$(PY) -m analysis student-copies

evaluate: $(STAMP) ## Measure validity against human-labelled data in ../shared/eval
	$(PY) -m analysis.evaluate $(ARGS)

train: $(STAMP) ## Rebuild the shipped learned models and their cards from ../shared/eval (ARGS="human_interest" or "--check")
	$(PY) -m analysis.train $(ARGS)

benchmark: $(STAMP) ## Measure scoring speed and memory (writes benchmarks/results.json)
	$(PY) -m benchmarks.throughput $(ARGS)

benchmark-report: $(STAMP) ## Time the whole report, seed and BASIL, twice each (writes benchmarks/report_speed.json)
	$(PY) -m benchmarks.report_speed --only seed basil $(ARGS)

clean: ## Remove the environment, caches and derived data (never data/raw or reports/)
	rm -rf $(VENV) build data/processed .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
