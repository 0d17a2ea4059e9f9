# cjmap — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CJMAP := $(VENV)/bin/cjmap
DEMO_MAP := examples/plantly-first-purchase.yaml

.PHONY: demo test lint typecheck pytest bench docs schema system-deps clean

$(VENV)/.created:
	@bash tools/make-venv.sh "$(PYTHON)" "$(VENV)"
	@touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[fast-png]'
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

## demo: create .venv, install cjmap, validate and render the bundled example
demo: $(VENV)/.installed
	$(CJMAP) validate examples/
	@mkdir -p out
	$(CJMAP) render $(DEMO_MAP) -o out/plantly-first-purchase.svg
	$(CJMAP) render $(DEMO_MAP) -o out/plantly-first-purchase.png
	$(CJMAP) render $(DEMO_MAP) -o out/plantly-first-purchase.pdf
	@echo "Rendered: out/plantly-first-purchase.svg, .png and .pdf"

## test: install test dependencies (and missing system packages), then lint, type-check, test
test: $(VENV)/.installed-test system-deps lint typecheck pytest

system-deps:
	@bash tools/ensure-system-deps.sh

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src tests tools bench

typecheck: $(VENV)/.installed-test
	$(VENV)/bin/mypy

pytest: $(VENV)/.installed-test
	$(VENV)/bin/pytest -q -p no:cacheprovider

## schema: regenerate schemas/cjmap.schema.json from the model
schema: $(VENV)/.installed
	$(CJMAP) schema > schemas/cjmap.schema.json

## docs: re-render the example images shown in the README
docs: $(VENV)/.installed
	$(PY) tools/render_docs.py

## bench: speed and memory benchmarks (not part of `make test`)
bench: $(VENV)/.installed-test system-deps
	$(PY) bench/run.py

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache
