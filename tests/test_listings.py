"""Meta-tests: every example module is a listing a reader can see, copy and run.

For each ``examples/**/*.py``:

* some page includes it (``literalinclude``), so no code is tested but never shown;
* it carries an SPDX licence line (readers copy these files into their programs);
* it imports no other example, so it can be copied alone;
* copied alone into an empty directory and run as a script, it prints a usage line
  for ``--help`` (status 0), and rejects a wrong option with a usage line and a
  non-zero status; if its usage names required arguments, running it without any
  does the same; importing it prints nothing;
* if it talks to a server (it has an ``--address`` option), it also has ``--timeout``,
  and with no server at that address it says so and exits non-zero within seconds.
"""
import ast
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import pytest

from tests.harness import REPO

EXAMPLES = sorted(p for p in (REPO / "examples").rglob("*.py")
                  if p.name != "__init__.py" and "__pycache__" not in p.parts)
PAGES = sorted(p for p in (REPO / "docs").rglob("*")
               if p.suffix in {".rst", ".md"} and "_build" not in p.parts)
SPDX = "# SPDX-License-Identifier: 0BSD"

_INCLUDE = re.compile(r"(?:\.\. literalinclude::|```\{literalinclude\})\s*(\S+)")


def _ids(paths):
    return [str(p.relative_to(REPO)) for p in paths]


@lru_cache(maxsize=None)
def included_files():
    found = {}
    for page in PAGES:
        for match in _INCLUDE.finditer(page.read_text()):
            target = match.group(1)
            path = (REPO / "docs" / target.lstrip("/")) if target.startswith("/") \
                else (page.parent / target)
            found.setdefault(path.resolve(), []).append(page.name)
    return found


# The driver runs in a fresh interpreter, in an empty directory holding only a copy of
# the example, the way `python example.py` would run it there.
DRIVER = r"""
import contextlib, io, json, runpy, sys
path, name = sys.argv[1], sys.argv[2]
sys.path[0] = sys.argv[3]
results = {}

def run(run_name, argv):
    out, err = io.StringIO(), io.StringIO()
    status = None
    sys.argv = [name, *argv]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_path(path, run_name=run_name)
        except SystemExit as exit:
            code = exit.code
            status = code if isinstance(code, int) or code is None else 1
            if not isinstance(code, (int, type(None))):
                err.write(str(code))
        except BaseException as error:
            status = "raised " + type(error).__name__ + ": " + str(error)
    return {"status": 0 if status is None else status,
            "stdout": out.getvalue(), "stderr": err.getvalue()}

results["import"] = run("copied_example", [])
results["help"] = run("__main__", ["--help"])
results["bad_option"] = run("__main__", ["--no-such-option-xyz"])
print(json.dumps(results))
"""


def _drive(example, tmp_dir):
    copy = tmp_dir / example.name
    copy.write_text(example.read_text())
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(copy), example.name, str(tmp_dir)],
        cwd=tmp_dir, capture_output=True, text=True, timeout=60,
        env={"PATH": str(Path(sys.executable).parent), "COLUMNS": "80",
             "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(tmp_dir)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def driven(tmp_path_factory):
    """Run the driver for every example at once (in parallel: it is the slow part)."""
    def one(example):
        return example, _drive(example, tmp_path_factory.mktemp(example.stem))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, EXAMPLES))


def test_there_are_examples():
    assert EXAMPLES, "no examples found"


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_is_shown_on_a_page(example):
    assert example.resolve() in included_files(), (
        f"{example.relative_to(REPO)} is not included by any page "
        "(.. literalinclude:: ../examples/...)")


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_has_a_licence_line(example):
    assert example.read_text().splitlines()[0] == SPDX, f"first line must be {SPDX!r}"


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_imports_no_other_example(example):
    siblings = {p.stem for p in EXAMPLES} - {example.stem}
    tree = ast.parse(example.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else ["." + (node.module or "")]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top != "examples" and top not in siblings and not name.startswith("."), (
                f"line {node.lineno} imports {name!r}: examples must not import each other")


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_runs_as_a_script(example, driven):
    results = driven[example]
    imported = results["import"]
    assert imported == {"status": 0, "stdout": "", "stderr": ""}, (
        f"importing the module must do nothing, got {imported}")
    helped = results["help"]
    assert helped["status"] == 0 and helped["stdout"].startswith("usage:"), (
        f"`{example.name} --help` must print a usage line and exit 0, got {helped}")
    bad = results["bad_option"]
    assert bad["status"] not in (0, None) and "usage:" in bad["stderr"], (
        f"`{example.name} --no-such-option-xyz` must print a usage line to stderr and "
        f"exit non-zero, got {bad}")


def _required_arguments(usage):
    """Names in a usage line that are not optional (not inside [...])."""
    text = " ".join(usage.split("\n\n")[0].split())
    text = text.split(" ", 2)[2] if text.count(" ") >= 2 else ""
    depth, kept = 0, []
    for ch in text:
        depth += ch == "["
        if depth == 0:
            kept.append(ch)
        depth -= ch == "]"
    return "".join(kept).split()


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_without_arguments(example, driven, tmp_path):
    """An example whose usage requires arguments rejects a bare run with a usage line."""
    if not _required_arguments(driven[example]["help"]["stdout"]):
        pytest.skip("takes no required arguments: a bare run is its demo")
    result = subprocess.run([sys.executable, str(example)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and result.stderr.startswith("usage:"), result


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_fails_fast_without_a_server(example, driven, tmp_path):
    usage = driven[example]["help"]["stdout"]
    if "--address" not in usage:
        pytest.skip("does not talk to a server")
    assert "--timeout" in usage, "a client example needs a --timeout option"
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(example), "--address", str(tmp_path / "nobody.sock"),
         "--timeout", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=30)
    elapsed = time.monotonic() - start
    assert result.returncode != 0
    assert "nobody.sock" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert elapsed < 5, f"took {elapsed:.1f} s to give up"


CONFIGS = sorted((REPO / "examples").rglob("*.conf"))


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_configuration_file_is_shown_and_parses(config, tmp_path):
    """A ZConfig file under examples/ is included by a page and parses with its schema
    (an unknown key or a bad value fails here, not in a reader's server)."""
    import ZConfig

    from tests.harness import parse_zconfig

    assert config.resolve() in included_files(), (
        f"{config.relative_to(REPO)} is not included by any page")
    try:
        parse_zconfig(config.read_text(), tmp_path)
    except ZConfig.ConfigurationError as error:
        pytest.fail(f"{config.relative_to(REPO)} does not parse: {error}")
