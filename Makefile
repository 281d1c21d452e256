# briefgen: `make demo` builds the example briefs into build/, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= build

.PHONY: demo test lint install install-test bench bench-startup clean golden reference-docs

demo: $(VENV)/.installed
	$(BIN)/briefgen build briefs -o $(OUT)
	@echo "Outputs are in $(OUT)/"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-lint
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

golden: $(VENV)/.installed-test
	BRIEFGEN_REGENERATE=1 $(BIN)/python -m pytest tests/test_golden.py
	@echo "Golden files rewritten under tests/golden/; review them with git diff."

# The packaged styles' reference.docx and reference.odt (Word and OpenDocument looks), written reproducibly.
reference-docs: $(VENV)/.installed
	$(BIN)/python tools/reference_docs.py

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py

# Start-up only (about half a minute): `briefgen --help` vs `import click`, and Markdown-only vs PDF.
bench-startup: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py --only s,b

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-lint: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

clean:
	rm -rf $(OUT) .briefgen-cache
