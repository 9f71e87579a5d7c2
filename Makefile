# Every target creates the virtual environment first if it is missing (Python 3.11).
# `make` alone lists the targets.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= reports/seed
NBTMP  := $(shell mktemp -u -d /tmp/corpus-essay-nbval.XXXXXX)

# Prefer the kernel of this environment over any user-wide one; quiet jupyter's path notice.
export JUPYTER_PREFER_ENV_PATH := 1
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export MPLBACKEND := Agg
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help env essay check test unit nbval notebooks twins lab bench clean

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

## env: create .venv (if missing) and install the pinned packages
env: $(STAMP)

## essay: run every chapter on the seed corpus; figures/ and HTML under reports/seed/
essay: $(STAMP)
	$(BIN)/corpus-essay run data/seed --out $(OUT) --force --figures-dir figures

## check: the fast loop: unit tests and docstring examples without whole-essay runs (tests marked essay); prints its time
check: $(STAMP)
	@start=$$(date +%s); $(BIN)/python -m pytest -m "not essay"; status=$$?; \
	    echo "make check: $$(( $$(date +%s) - start )) s"; exit $$status

## test: unit tests, then nbval on a temporary copy of the committed notebooks
test: unit nbval

## unit: the unit tests and docstring examples (no notebooks)
unit: $(STAMP)
	$(BIN)/python -m pytest

## nbval: re-run the committed notebooks (in a temporary copy) and compare their outputs
nbval: $(STAMP)
	@rm -rf $(NBTMP) && mkdir -p $(NBTMP)
	@cp -R notebooks $(NBTMP)/notebooks && ln -s "$(CURDIR)/data" $(NBTMP)/data
	$(BIN)/python -m pytest --nbval -p no:cacheprovider --rootdir=$(NBTMP) \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg $(NBTMP)/notebooks/*.ipynb; \
	    status=$$?; rm -rf $(NBTMP); exit $$status

## notebooks: re-execute the committed notebooks in place (refreshes their outputs and text twins)
notebooks: $(STAMP)
	$(BIN)/python -m corpus_utils refresh notebooks

## twins: rewrite the text twins notebooks/NN_name.py from the notebooks, without executing them
twins: $(STAMP)
	$(BIN)/python -c 'from corpus_utils.run import find_chapters, write_twin; [print("wrote", write_twin(p)) for p in find_chapters("notebooks")]'

## lab: open JupyterLab on notebooks/
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

## bench: time and measure every stage on three corpora (prints a table; BENCH_ARGS="--corpora seed" for the seed only)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

## clean: remove generated reports (keeps .venv, figures/ and the committed notebooks)
clean:
	rm -rf reports
