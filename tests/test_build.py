"""The guide builds, as ``make html`` builds it: offline, nitpicky, warnings as errors.

Running the build here keeps the README's one test command honest: a broken
cross-reference, a stale ``:pyobject:`` or a missing page fails the test run too.
"""
import html as html_lib
import re
import shlex
import subprocess
import sys

from tests.harness import REPO

# The widest code line that fits the content area at a 1280-px window (docs/_static/
# book.css widens it); longer lines scroll, so write them shorter or wrap them.
MAX_CODE_LINE = 116


def sphinx_flags():
    """The build options, read from the one place they are written: the Makefile."""
    text = (REPO / "Makefile").read_text()
    return shlex.split(re.search(r"^SPHINXFLAGS\s*=\s*(.*)$", text, re.M)[1])


def test_html_builds_without_warnings(tmp_path):
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *sphinx_flags(), "-q",
         "-d", str(tmp_path / "doctrees"), "docs", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    pages = list(out.glob("*.html"))
    assert pages
    too_wide = []
    for page in pages:
        html = page.read_text()
        # Hidden test setup must stay hidden, and doctest markers never reach a reader.
        assert "getfixture" not in html, f"{page.name} shows test scaffolding"
        assert "BLANKLINE" not in html, f"{page.name} shows a literal <BLANKLINE>"
        for block in re.findall(r"<pre>(.*?)</pre>", html, re.S):
            for line in html_lib.unescape(re.sub(r"<[^>]+>", "", block)).splitlines():
                if len(line) > MAX_CODE_LINE:
                    too_wide.append(f"{page.name}: {len(line)} characters: {line[:60]}...")
    assert not too_wide, "code lines wider than the page:\n" + "\n".join(too_wide)
    # Copy buttons copy code only, and the code pastes into Python's REPL.
    prompt = copy_prompt(out)
    unpastable = []
    for page in pages:
        for number, block in enumerate(pycon_blocks(page.read_text()), 1):
            problem = paste_into_repl(copied_text(block, prompt))
            if problem:
                unpastable.append(f"{page.name}, session {number}: {problem}")
    assert not unpastable, "sessions that do not paste:\n" + "\n".join(unpastable)
    quickstart = (out / "quickstart.html").read_text()
    # Clicking the open tab keeps it open (sphinx-tabs closes it unless told not to,
    # leaving an empty box).
    assert 'role="tablist"' in quickstart and "closeable" not in quickstart
    assert '<span class="gp">&gt;&gt;&gt; </span>' in quickstart
    assert '<span class="go">' in quickstart


def copy_prompt(out):
    """The prompt pattern the copy button uses, read from the built copybutton.js."""
    import ast

    script = (out / "_static" / "copybutton.js").read_text()
    assert "let exclude = '.linenos';" in script
    call = re.search(r"formatCopyText\(text, ('(?:[^'\\]|\\.)*'), true, true, true, true,",
                     script)
    assert call, "the copy button no longer copies only prompt lines"
    return ast.literal_eval(call[1])


def pycon_blocks(html):
    """The text of every ``>>>`` session in a built page, as the browser shows it."""
    blocks = re.findall(r'<div class="highlight-pycon notranslate"><div class="highlight">'
                        r"<pre>(.*?)</pre>", html, re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


def copied_text(text, prompt):
    """What the copy button copies from *text*: sphinx-copybutton 0.5.2's
    ``formatCopyText`` with this book's settings (only lines with a prompt, prompts
    removed, empty lines kept)."""
    pattern = re.compile(f"^({prompt})(.*)")
    kept, found = [], False
    for line in text.split("\n"):
        match = pattern.match(line)
        if match:
            kept.append(match[2])
            found = True
        elif not line.strip():
            kept.append(line)
    return "\n".join(kept) if found else text


def paste_into_repl(text):
    """Feed *text* to a compiler line by line, as Python's REPL reads a paste; the
    first SyntaxError the REPL would print, or None."""
    import codeop

    buffer = []
    for line in text.split("\n") + [""]:
        buffer.append(line)
        source = "\n".join(buffer)
        try:
            code = codeop.compile_command(source, "<paste>", "single")
        except SyntaxError as error:
            return f"{error.msg} at {line!r}"
        if code is not None or not source.strip():
            buffer = []
    return None
