"""Sphinx configuration for the ZODB/ZEO Programming Guide.

The pages live in docs/; build with ``make html`` (which runs
``sphinx-build -c . docs _build/html`` with warnings as errors and nitpicky mode).
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "tools"))

import bookversions  # noqa: E402  (tools/bookversions.py)

# -- Project -----------------------------------------------------------------------------
project = "The ZODB/ZEO Programming Guide"
author = "The ZODB/ZEO Programming Guide authors"
copyright = "2026, " + author + "; released under the GNU FDL 1.3"
# The book's edition is named after the database it documents, read from the install.
release = bookversions.version("ZODB")
version = release

# -- Extensions ---------------------------------------------------------------------------
extensions = [
    "sphinx.ext.intersphinx",
    "myst_parser",
    "sphinx_tabs.tabs",
    "sphinx_copybutton",
    # Renders nothing for testsetup/testcleanup blocks; pytest-doctestplus runs them.
    "pytest_doctestplus.sphinx.doctestplus",
    # Zope interfaces are py:interface objects in the upstream inventories; this makes
    # :class: find them.
    "repoze.sphinx.autointerface",
    "bookversions",
    "btreefamilies",
    "zconfig_lexer",  # highlighting for ``zconfig`` code blocks
]

root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_static", "Thumbs.db", ".DS_Store"]
templates_path = []

# -- Strictness ---------------------------------------------------------------------------
nitpicky = True
default_role = "any"  # a stray `single backticks` must resolve, or the build fails
highlight_language = "python3"
pygments_style = "sphinx"
trim_doctest_flags = True
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Cross-references, offline --------------------------------------------------------------
# The inventories are stored in the repo (regenerate with `make inventories`), so the
# build never touches the network.
INV = HERE / "inventories"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.11/", str(INV / "python.inv")),
    "zodb": ("https://zodb.org/en/latest/", str(INV / "zodb.inv")),
    "zeo": ("https://zeo.readthedocs.io/en/latest/", str(INV / "zeo.inv")),
    "btrees": ("https://btrees.readthedocs.io/en/latest/", str(INV / "btrees.inv")),
    "persistent": ("https://persistent.readthedocs.io/en/latest/", str(INV / "persistent.inv")),
    "transaction": ("https://transaction.readthedocs.io/en/latest/", str(INV / "transaction.inv")),
}
intersphinx_disabled_reftypes = ["std:doc"]
intersphinx_timeout = 1

# -- HTML -------------------------------------------------------------------------------------
html_theme = "sphinx_rtd_theme"
html_title = f"{project} (ZODB {release})"
html_short_title = "ZODB/ZEO Guide"
html_static_path = ["docs/_static"]
# A wider reading column, so code lines of up to 116 characters fit at 1280 px.
html_css_files = ["book.css"]
html_theme_options = {"navigation_depth": 3, "collapse_navigation": False}
html_show_sourcelink = True

# -- Tabs: clicking the open tab keeps it open (the default closes it, leaving an empty box)
sphinx_tabs_disable_tab_closing = True

# -- Copy button: copy only the code, never prompts or output ---------------------------------
# Only lines with a prompt are copied, without it: ``>>> ``, ``... `` (a bare ``...``,
# which ends a compound statement, becomes the empty line the REPL needs) and ``$ ``.
# Output and tracebacks have no prompt, so they stay behind (tests/test_build.py pastes
# every session into a simulated REPL).
copybutton_prompt_text = r">>> |\.\.\.(?: |$)|\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True
copybutton_exclude = ".linenos"

# -- EPUB ----------------------------------------------------------------------------------------
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_show_urls = "no"

