"""Checks over the text of every page, for mistakes the doctest runner cannot see."""
import re

import pytest

from tests.harness import PAGES, REPO

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


def _directive_end(lines, start, fence=None):
    """Index just past the directive that starts at line *start*: its indented body
    (rST), or up to the line that is *fence* (MyST)."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    if fence:
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
    else:
        while end < len(lines) and (not lines[end].strip()
                                    or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
    return end


def historical_spans(lines):
    """(first, last) line indexes of every historical-note admonition on a page.

    rST: ``.. admonition:: Historical note...`` and its indented body.  MyST:
    ```` ```{admonition} Historical note... ```` up to its closing fence (use a longer
    fence for the admonition when it contains code fences)."""
    spans = []
    for i, line in enumerate(lines):
        if HISTORICAL.search(line):
            fence = (line.lstrip().split("{", 1)[0]
                     if line.lstrip().startswith("`") else None)
            spans.append((i, _directive_end(lines, i, fence)))
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


# ------------------------------------------------------------------ sessions a reader types

HIDDEN_START = re.compile(r"^\s*(?:\.\. (?:testsetup|testcleanup)::|"
                          r"(?P<fence>`{3,}|~{3,})\{(?:testsetup|testcleanup)\})")
# A fixture a page's sessions may not use: it starts a server the sessions would not
# see started (console blocks may ask for it; it runs the line the page shows).
HIDDEN_ONLY_FIXTURES = re.compile(r"getfixture\(\s*['\"](zeo_server)['\"]")
# Names a page defines for its sessions in a hidden block and tells the reader to type
# ("the sessions call it port; type port = 8100"), because the test run cannot use the
# value the reader types.
ALLOWED_HIDDEN_NAMES = {"zeo.rst": {"port"}}
COMPOUND = ("For", "While", "If", "With", "Try", "TryStar", "FunctionDef", "ClassDef",
            "AsyncFor", "AsyncWith", "AsyncFunctionDef", "Match")


def hidden_spans(lines):
    """(first, last) line indexes of every testsetup/testcleanup block of a page."""
    return [(i, _directive_end(lines, i, match["fence"]))
            for i, match in enumerate(map(HIDDEN_START.match, lines)) if match]


def _bound_and_loaded(source):
    """(names the statement binds at top level, names it reads that it does not bind)."""
    import ast

    tree = ast.parse(source)
    bound, loaded, local = set(), set(), set()

    def walk(node, top):
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                   ast.Lambda, ast.ClassDef, ast.ListComp,
                                                   ast.SetComp, ast.DictComp,
                                                   ast.GeneratorExp))
            if isinstance(child, ast.Name):
                if isinstance(child.ctx, ast.Load):
                    loaded.add(child.id)
                else:
                    (bound if top else local).add(child.id)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                for alias in child.names:
                    bound.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                (bound if top else local).add(child.name)
            elif isinstance(child, ast.arg):
                local.add(child.arg)
            elif isinstance(child, ast.ExceptHandler) and child.name:
                (bound if top else local).add(child.name)
            walk(child, inner)

    walk(tree, True)
    return bound, loaded - bound - local


def page_examples(page):
    """(line number, source, hidden?) of every >>> example on a page, in order."""
    import doctest

    text = page.read_text()
    spans = hidden_spans(text.splitlines())
    for example in doctest.DocTestParser().get_examples(text):
        hidden = any(first <= example.lineno < last for first, last in spans)
        yield example.lineno + 1, example.source, hidden


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_hidden_blocks_define_nothing_visible_code_uses(page):
    """A reader who types the visible lines gets the page's output: no name a visible
    line uses comes from a hidden block, and no hidden block starts a server or opens a
    database the page does not show being made."""
    import builtins

    allowed = ALLOWED_HIDDEN_NAMES.get(page.name, set()) | {"_", "getfixture"}
    last_binder, problems = {}, []
    for line, source, hidden in page_examples(page):
        if hidden and HIDDEN_ONLY_FIXTURES.search(source):
            problems.append(f"{page.name}:{line}: a hidden block uses "
                            f"{HIDDEN_ONLY_FIXTURES.search(source)[1]!r}: show the "
                            "command or code that makes it, and use getfixture('runzeo')")
        try:
            bound, loaded = _bound_and_loaded(source)
        except SyntaxError:
            continue  # doctest reports it
        if not hidden:
            for name in sorted(loaded - allowed - set(dir(builtins))):
                if last_binder.get(name) == "hidden":
                    problems.append(f"{page.name}:{line}: {name!r} is used here but was "
                                    "defined in a hidden block")
        for name in bound:
            last_binder[name] = "hidden" if hidden else "visible"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_compound_statements_end_with_a_bare_continuation_line(page):
    """Copied with the copy button and pasted into Python's REPL, a ``for``, ``with``,
    ``try``... block needs the empty line a bare ``...`` gives, or the next statement
    is a SyntaxError."""
    import ast

    lines = page.read_text().splitlines()
    problems = []
    i = 0
    while i < len(lines):
        match = re.match(r"^(\s*)>>> ?(.*)$", lines[i])
        if not match:
            i += 1
            continue
        indent, source, j = match[1], [match[2]], i + 1
        while j < len(lines) and re.match(rf"^{re.escape(indent)}\.\.\.( |$)", lines[j]):
            source.append(lines[j][len(indent) + 4:])
            j += 1
        try:
            body = ast.parse("\n".join(source)).body
        except SyntaxError:
            body = []
        if body and type(body[-1]).__name__ in COMPOUND and lines[j - 1].strip() != "...":
            problems.append(f"{page.name}:{i + 1}: end this block with a bare '...' line")
        i = j
    assert not problems, "\n".join(problems)
