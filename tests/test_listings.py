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

from tests.harness import EXAMPLES, PAGES, REPO

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
    results = json.loads(result.stdout.splitlines()[-1])
    results["left"] = sorted(p.name for p in tmp_dir.iterdir() if p != copy)
    return results


def _in_parallel(function, examples, tmp_path_factory, workers=8):
    """{example: function(example, its own temp dir)}, run in threads.  The temp dirs
    are made first: tmp_path_factory is not safe to call from several threads."""
    dirs = [tmp_path_factory.mktemp(example.stem) for example in examples]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(examples, pool.map(function, examples, dirs), strict=True))


@pytest.fixture(scope="module")
def driven(tmp_path_factory):
    """Run the driver for every example at once (in parallel: it is the slow part)."""
    return _in_parallel(_drive, EXAMPLES, tmp_path_factory, workers=4)


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


def _bare_run(example, tmp_dir):
    return subprocess.run([sys.executable, str(example)], cwd=tmp_dir,
                          capture_output=True, text=True, timeout=60)


def _run_without_server(example, tmp_dir):
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(example), "--address", str(tmp_dir / "nobody.sock"),
         "--timeout", "1"],
        cwd=tmp_dir, capture_output=True, text=True, timeout=30)
    return result, time.monotonic() - start


@pytest.fixture(scope="module")
def bare_runs(driven, tmp_path_factory):
    """Examples whose usage names required arguments, run without any."""
    needy = [e for e in EXAMPLES if _required_arguments(driven[e]["help"]["stdout"])]
    return _in_parallel(_bare_run, needy, tmp_path_factory)


@pytest.fixture(scope="module")
def without_server(driven, tmp_path_factory):
    """Client examples (an --address option) run against an address where no server
    listens, all at once: each waits about a second for its timeout."""
    clients = [e for e in EXAMPLES if "--address" in driven[e]["help"]["stdout"]]
    return _in_parallel(_run_without_server, clients, tmp_path_factory)


def check_shown(example):
    if example.resolve() not in included_files():
        yield ("is not included by any page (.. literalinclude:: ../examples/...)")


def check_licence_line(example):
    if example.read_text().splitlines()[0] != SPDX:
        yield f"its first line must be {SPDX!r}"


def check_imports(example):
    siblings = {p.stem for p in EXAMPLES} - {example.stem}
    for node in ast.walk(ast.parse(example.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else ["." + (node.module or "")]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top == "examples" or top in siblings or name.startswith("."):
                yield (f"line {node.lineno} imports {name!r}: examples must not import "
                       "each other")


def check_script(example, results):
    imported = results["import"]
    if imported != {"status": 0, "stdout": "", "stderr": ""}:
        yield f"importing the module must do nothing, got {imported}"
    helped = results["help"]
    if helped["status"] != 0 or not helped["stdout"].startswith("usage:"):
        yield f"`{example.name} --help` must print a usage line and exit 0, got {helped}"
    if results["left"]:
        yield (f"importing it, --help and a bad option left files in the folder: "
               f"{results['left']}")
    bad = results["bad_option"]
    if bad["status"] in (0, None) or "usage:" not in bad["stderr"]:
        yield (f"`{example.name} --no-such-option-xyz` must print a usage line to stderr "
               f"and exit non-zero, got {bad}")


def check_bare_run(example, bare_runs):
    result = bare_runs.get(example)
    if result is not None and (result.returncode == 0
                               or not result.stderr.startswith("usage:")):
        yield (f"its usage requires arguments, so a run without any must print a usage "
               f"line and exit non-zero; got status {result.returncode}, "
               f"stderr {result.stderr[:300]!r}")


def check_no_server(example, usage, without_server):
    if "--address" not in usage:
        return
    if "--timeout" not in usage:
        yield "a client example (it has --address) needs a --timeout option"
    result, elapsed = without_server[example]
    if result.returncode == 0:
        yield "with no server at --address it must exit non-zero"
    if "nobody.sock" not in result.stderr or "Traceback" in result.stderr:
        yield ("with no server it must say so in one line naming the address, got "
               f"{result.stderr[-500:]!r}")
    if elapsed >= 5:
        yield f"with no server and --timeout 1 it took {elapsed:.1f} s to give up"


def test_there_are_examples():
    assert EXAMPLES, "no examples found"


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_example(example, driven, bare_runs, without_server):
    """Every rule of the module docstring, for one example; all failures at once."""
    results = driven[example]
    problems = [
        *check_shown(example),
        *check_licence_line(example),
        *check_imports(example),
        *check_script(example, results),
        *check_bare_run(example, bare_runs),
        *check_no_server(example, results["help"]["stdout"], without_server),
    ]
    assert not problems, f"{example.relative_to(REPO)}:\n  " + "\n  ".join(problems)


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


# Helpers that several examples carry, each copy byte-identical to the one the ZEO
# chapter shows and explains (readers copy one file, so the helper travels with it).
CANONICAL_HELPERS = {"throwaway_server": REPO / "examples" / "zeo" / "notes.py",
                     "parse_address": REPO / "examples" / "zeo" / "notes.py"}


def _function_source(path, name):
    """The text of function *name* in *path*, with its decorators and the comment line
    right above them."""
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            return "".join(lines[first:node.end_lineno])
    return None


@pytest.mark.parametrize("name", CANONICAL_HELPERS)
def test_shared_helpers_are_identical_copies(name):
    canonical = _function_source(CANONICAL_HELPERS[name], name)
    assert canonical, f"{CANONICAL_HELPERS[name].relative_to(REPO)} has no {name}()"
    different = [str(example.relative_to(REPO)) for example in EXAMPLES
                 if _function_source(example, name) not in (None, canonical)]
    assert not different, (f"these copies of {name}() differ from the one in "
                           f"{CANONICAL_HELPERS[name].relative_to(REPO)}: {different}")
