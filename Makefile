# briefgen: `make demo` builds the example briefs into build/, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= build

.PHONY: demo test lint install install-test bench bench-startup clean golden gallery i18n reference-docs mutate

demo: $(VENV)/.installed
	$(BIN)/briefgen build briefs -o $(OUT)
	@echo "Outputs are in $(OUT)/"

# Both cores (pytest-xdist); a worker takes the next test as it frees, so the long PDF tests spread out.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --dist worksteal

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

# Label catalogs (docs/i18n.md): extract the labels of render/labels.py and the templates' {% trans %}
# texts, update each language's .po (a new language gets one from `pybabel init`), compile the .mo files
# the package ships. The creation date is pinned so that a run with nothing new changes no file.
LOCALES = src/briefgen/locales
LANGS   = en cy ga fr de
POT_DATE = 2026-03-01 00:00+0000
i18n: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -o $(LOCALES)/briefgen.pot --project=briefgen --version=1 \
	  --copyright-holder="briefgen contributors" --no-wrap --sort-by-file -c Translators: src/briefgen
	sed -i 's/^"POT-Creation-Date: .*"$$/"POT-Creation-Date: $(POT_DATE)\\n"/' $(LOCALES)/briefgen.pot
	for lang in $(LANGS); do \
	  if [ -f $(LOCALES)/$$lang/LC_MESSAGES/briefgen.po ]; then \
	    $(BIN)/pybabel update -i $(LOCALES)/briefgen.pot -d $(LOCALES) -D briefgen -l $$lang \
	      --no-wrap --no-fuzzy-matching --ignore-obsolete || exit 1; \
	  else \
	    $(BIN)/pybabel init -i $(LOCALES)/briefgen.pot -d $(LOCALES) -D briefgen -l $$lang --no-wrap || exit 1; \
	  fi; \
	done
	$(BIN)/pybabel compile -d $(LOCALES) -D briefgen --statistics

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py

# The stress gallery: the examples and stress variants in every style, as PNG pages under build/gallery/.
gallery: $(VENV)/.installed
	$(BIN)/python bench/gallery.py --out $(OUT)/gallery

# Start-up only (about half a minute): `briefgen --help` vs `import click`, and Markdown-only vs PDF.
bench-startup: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py --only s,b

# Mutation testing of the figure core (README, "Mutation testing"): mutmut on both cores, each mutant tested by the
# core's tests that call the mutated function; report in build/mutation/report.md. One module: make mutate ONLY=formula
ONLY ?=
mutate: $(VENV)/.installed-mutate
	$(BIN)/python tools/mutation_report.py --jobs 2 $(foreach m,$(ONLY),--module $(m))

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

$(VENV)/.installed-mutate: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

clean:
	rm -rf $(OUT) .briefgen-cache mutants
