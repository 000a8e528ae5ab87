# Makefile for the ZODB/ZEO Programming Guide.
#
# Every target bootstraps its own virtual environment (.venv) from requirements.txt,
# so a machine with only Python 3 and pip needs nothing else:
#     make html      build the HTML guide into _build/html
#     make doctest   run every test exactly as CI does (tox -e doctest)

PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
SPHINXOPTS ?=

BIN         = $(VENV)/bin
STAMP       = $(VENV)/.installed
# uv installs the pinned requirements in seconds; pip installs uv (pinned there too).
UV          = $(shell grep -E '^uv==' requirements.txt)
# The build's options, written only here (tests/test_build.py reads this line):
# -W: warnings are errors; -n: nitpicky (every cross-reference must resolve);
# -c .: conf.py lives at the top level, the pages in docs/.
SPHINXFLAGS = -W --keep-going -n -c .
# -d: keep doctrees outside the output (an epub build chokes on them otherwise).
ALLSPHINXOPTS = $(SPHINXFLAGS) -d $(BUILDDIR)/doctrees $(SPHINXOPTS) docs

.PHONY: help venv html epub doctest test lint inventories clean distclean

help:
	@echo "Targets (each creates $(VENV) from requirements.txt the first time):"
	@echo "  html         build the HTML guide into $(BUILDDIR)/html"
	@echo "  epub         build an EPUB e-book into $(BUILDDIR)/epub"
	@echo "  doctest      run every test (pages, examples, harness, lint) with tox -e doctest"
	@echo "  lint         only the linters (sphinx-lint, codespell, ruff), as the tests run them"
	@echo "  inventories  regenerate the offline intersphinx inventories in inventories/"
	@echo "  venv         only create the virtual environment $(VENV)"
	@echo "  clean        remove $(BUILDDIR)"
	@echo "  distclean    remove $(BUILDDIR), $(VENV) and .tox"

venv: $(STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q $(UV)
	$(BIN)/uv pip install --python $(BIN)/python -q -r requirements.txt
	@touch $@

html: $(STAMP)
	$(BIN)/sphinx-build -b html $(ALLSPHINXOPTS) $(BUILDDIR)/html
	@echo "The guide is in $(BUILDDIR)/html/index.html"

epub: $(STAMP)
	$(BIN)/sphinx-build -b epub $(ALLSPHINXOPTS) $(BUILDDIR)/epub

# The README's test command: tox comes from the book's own environment.
doctest: $(STAMP)
	$(BIN)/tox -e doctest

test: doctest

lint: $(STAMP)
	$(BIN)/pytest -p no:xdist -q tests/test_lint.py

inventories: $(STAMP)
	$(BIN)/python tools/make_inventories.py --out inventories

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV) .tox
