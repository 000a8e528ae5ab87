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
    # Copy buttons copy code only: Pygments marks prompts (gp) and output (go), and
    # the copy button leaves both out.
    script = (out / "_static" / "copybutton.js").read_text()
    assert "let exclude = '.linenos, .gp, .go';" in script
    quickstart = (out / "quickstart.html").read_text()
    # Clicking the open tab keeps it open (sphinx-tabs closes it unless told not to,
    # leaving an empty box).
    assert 'role="tablist"' in quickstart and "closeable" not in quickstart
    assert '<span class="gp">&gt;&gt;&gt; </span>' in quickstart
    assert '<span class="go">' in quickstart
