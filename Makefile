# The README's two commands are `make demo` and `make test`; both bootstrap
# everything they need into .venv from pinned versions.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed

.PHONY: help venv generate check-generated lint-spec lint typecheck pytest test demo bench mutate vendor lock clean

help:
	@echo "make demo      run the SDK against the embedded local service"
	@echo "make test      spec checks, drift check, ruff, mypy and pytest"
	@echo "make generate  regenerate generated/ from openapi/ and print what changed"
	@echo "make bench     benchmarks against the floor and the oci SDK"
	@echo "make mutate    mutation testing of the request core (MUTATE_ARGS=--module _retry.py)"
	@echo "make vendor DEST=... NAMESPACE=...  copy the SDK into another project"

# Re-install when the pins or the packaging change.
$(STAMP): requirements/constraints.txt requirements/dev.in pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required; set PYTHON=python3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -r requirements/dev.in
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e .
	@touch $@

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP) requirements/bench.in
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -r requirements/bench.in
	@touch $@

venv: $(STAMP)

generate: $(STAMP)
	$(PY) scripts/codegen.py generate

check-generated: $(STAMP)
	$(PY) scripts/codegen.py check

lint-spec: $(STAMP)
	$(PY) scripts/lint_spec.py

lint: $(STAMP)
	$(BIN)/ruff check overlays scripts tests examples
	$(BIN)/ruff format --check overlays scripts tests examples

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(BENCH_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint-spec check-generated lint typecheck pytest

demo: $(STAMP)
	$(PY) scripts/demo.py

bench: $(BENCH_STAMP)
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Mutation testing of the request core: not part of `make test` (about half an hour on
# two cores). The runner is scripts/mutate.py (stdlib ast, no extra tool to install).
mutate: $(STAMP)
	$(PY) scripts/mutate.py $(MUTATE_ARGS)

vendor: $(STAMP)
	@test -n "$(DEST)" -a -n "$(NAMESPACE)" || { echo "usage: make vendor DEST=path/to/their/package NAMESPACE=their_pkg._vendor"; exit 2; }
	$(PY) scripts/vendor.py --dest "$(DEST)" --namespace "$(NAMESPACE)"

lock: $(BENCH_STAMP)
	$(PY) -m pip freeze --exclude-editable | sed '1i # Exact pins for the whole dev, codegen, test and bench toolchain. Regenerate with `make lock`.' > requirements/constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
