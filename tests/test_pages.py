"""Checks over the text of every page, for mistakes the doctest runner cannot see."""
import re

import pytest

from tests.harness import REPO

PAGES = sorted(p for p in (REPO / "docs").rglob("*")
               if p.suffix in {".rst", ".md"} and "_build" not in p.parts)
MYST = [p for p in PAGES if p.suffix == ".md"]

# APIs and syntax that no longer exist; a page may show them only in a historical note.
REMOVED = {
    r"\bget_transaction\s*\(": "get_transaction()",
    r"\.has_key\s*\(": "has_key()",
    r"\bfrom Persistence import\b": "the Persistence package",
    r"\.iter(?:items|keys|values)\s*\(": "iteritems()/iterkeys()/itervalues()",
    r"^\s*(?:>>>\s*)?print\s+[^\s(=]": "the print statement",
    r"\bcommit\(\s*(?:True|1)\s*\)": "subtransactions (commit(True))",
    r"\bversion\s*=\s*['\"]": "versions (db.open(version=...))",
}
HISTORICAL = re.compile(r"(?:\.\. admonition::|```\{admonition\})\s*Historical note")


def _ids(paths):
    return [p.name for p in paths]


@pytest.mark.parametrize("page", MYST, ids=_ids(MYST))
def test_myst_fence_after_output_has_a_blank_line(page):
    """A closing fence right after a >>> block is read as expected output."""
    lines = page.read_text().splitlines()
    in_session = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith(">>>"):
            in_session = True
        elif not stripped:
            in_session = False
        elif in_session and re.fullmatch(r"`{3,}|~{3,}", stripped):
            pytest.fail(f"{page.name}:{number}: put a blank line before this closing "
                        "fence, or doctest reads it as expected output")


def historical_spans(lines):
    """(first, last) line indexes of every historical-note admonition on a page.

    rST: ``.. admonition:: Historical note...`` and its indented body.  MyST:
    ```` ```{admonition} Historical note... ```` up to its closing fence (use a longer
    fence for the admonition when it contains code fences)."""
    spans = []
    for i, line in enumerate(lines):
        match = HISTORICAL.search(line)
        if not match:
            continue
        indent = len(line) - len(line.lstrip())
        end = i + 1
        if line.lstrip().startswith("`"):
            fence = line.lstrip().split("{", 1)[0]
            while end < len(lines) and lines[end].strip() != fence:
                end += 1
        else:
            while end < len(lines) and (not lines[end].strip()
                                        or len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
        spans.append((i, end))
    return spans


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_removed_apis_only_in_historical_notes(page):
    lines = page.read_text().splitlines()
    spans = historical_spans(lines)
    problems = []
    for pattern, label in REMOVED.items():
        regex = re.compile(pattern)
        for index, line in enumerate(lines):
            inside = any(first <= index < last for first, last in spans)
            if regex.search(line) and not inside:
                problems.append(f"{page.name}:{index + 1}: {label} outside a "
                                "'Historical note' admonition")
    assert not problems, "\n".join(problems)


def test_quickstart_shows_the_command_the_zeo_fixture_runs(tmp_path):
    """The quickstart says its ZEO session ran against a server started with the
    command it shows; the zeo_server fixture must run exactly that command."""
    from tests.harness import ZEOServer, runzeo_commands

    shown = [c.argv for c in runzeo_commands(REPO / "docs" / "quickstart.rst")]
    assert ZEOServer(tmp_path).args in shown


CONFIG_LINE = re.compile(r"^\s*(?:<(?:zodb|zeo|filestorage|mappingstorage|demostorage|"
                         r"blobstorage|clientstorage|zeoclient|runner|eventlog)[\s>]"
                         r"|%import\s)")


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_configuration_text_is_in_zconfig_blocks(page):
    """Configuration shown anywhere but in a ``zconfig`` block would escape the parse
    test; inside >>> sessions it is a string the session itself parses."""
    from tests.harness import code_blocks

    lines = page.read_text().splitlines()
    covered = set()
    for block in code_blocks(page, {"zconfig", "pycon", "console"}):
        covered.update(range(block.body_line - 1, block.body_line - 1 + len(block.body)))
    stray = [f"{page.name}:{n + 1}: {line.strip()}" for n, line in enumerate(lines)
             if CONFIG_LINE.match(line) and n not in covered
             and not line.lstrip().startswith((">>>", "..."))]
    assert not stray, "configuration outside a zconfig block:\n" + "\n".join(stray)
