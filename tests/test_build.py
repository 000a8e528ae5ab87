"""The guide builds, as ``make html`` builds it: offline, nitpicky, warnings as errors.

Running the build here keeps the README's one test command honest: a broken
cross-reference, a stale ``:pyobject:`` or a missing page fails the test run too.
"""
import subprocess
import sys

from tests.harness import REPO


def test_html_builds_without_warnings(tmp_path):
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
         "-c", str(REPO), "-d", str(tmp_path / "doctrees"), str(REPO / "docs"), str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    pages = list(out.glob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text()
        # Hidden test setup must stay hidden.
        assert "getfixture" not in html, f"{page.name} shows test scaffolding"
    # Copy buttons copy code only: Pygments marks prompts (gp) and output (go), and
    # the copy button leaves both out.
    script = (out / "_static" / "copybutton.js").read_text()
    assert "let exclude = '.linenos, .gp, .go';" in script
    quickstart = (out / "quickstart.html").read_text()
    assert '<span class="gp">&gt;&gt;&gt; </span>' in quickstart
    assert '<span class="go">' in quickstart
