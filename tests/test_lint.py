"""The linters, run as part of the README's test command: the text (sphinx-lint), the
spelling (codespell) and the Python code of the examples, harness and tools (ruff).

``make lint`` runs only these."""
import subprocess

import pytest

from tests.harness import REPO, script

TEXT = ["docs", "README.rst", "CONTRIBUTING.rst"]
CODE = ["conf.py", "conftest.py", "tests", "tools", "examples"]

LINTERS = {
    # default-role: `single backticks` are a cross-reference here (conf.py), never
    # an accident.
    "sphinx-lint": ["sphinx-lint", "--enable", "default-role", *TEXT],
    # The stored inventories are binary.
    "codespell": ["codespell", "--skip=*.inv", *TEXT, *CODE],
    # E, W: pycodestyle; F: pyflakes; B: bugbear (likely bugs such as zip() without
    # strict=, unused loop variables).
    "ruff": ["ruff", "check", "--no-cache", "--select", "E,F,W,B", "--line-length", "100",
             "--target-version", "py311", "--output-format", "concise", *CODE],
}


@pytest.mark.parametrize("name", LINTERS)
def test_linter_passes(name):
    tool, *args = LINTERS[name]
    result = subprocess.run([script(tool), *args], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, f"{name} found problems:\n{result.stdout}{result.stderr}"
