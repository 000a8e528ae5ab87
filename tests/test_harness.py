"""Checks of the harness itself: what it may and may not do to the pages it runs."""
import pytest

import conftest
from tests import harness

# Fixtures that exist to make a claim *fail* if it were false, and say so on the page:
# local_timezone moves the process east of UTC so that a naive datetime taken as local
# time would give another result (undo-and-history.rst), and restores the zone.
CHECK_FIXTURES = {"local_timezone"}

PLUMBING = ["workdir", "runzeo", "free_port", "page_configs", "leak_guard"]
# Built only from the fixtures above (zeo_server starts a line the page shows, through
# runzeo), so they need a page to run.
DERIVED = {"zeo_server"}


@pytest.mark.parametrize("name", PLUMBING)
def test_fixture_leaves_reader_settings_alone(name, request):
    """A fixture may give a page a directory or a server, never another temporary
    directory, time zone, locale or timeout than the reader's interpreter has: the
    blob chapter's same-inode claim once passed only because the leak guard pointed
    `tempfile.tempdir` at the test's directory."""
    request.getfixturevalue(name)
    changed = {key: (before, harness.reader_settings()[key])
               for key, before in conftest.READER_SETTINGS.items()
               if harness.reader_settings()[key] != before}
    assert not changed, f"fixture {name!r} changed what pages observe: {changed}"


def test_every_fixture_is_either_plumbing_or_a_check():
    """A new fixture must be added to one of the lists above, so it is checked."""
    fixtures = {name for name, value in vars(conftest).items()
                if hasattr(value, "_fixture_function_marker")
                or type(value).__name__ == "FixtureFunctionDefinition"}
    assert fixtures, "no fixtures found in conftest"
    assert fixtures <= set(PLUMBING) | CHECK_FIXTURES | DERIVED, fixtures - set(PLUMBING)


def test_console_lines_allow_a_harmless_startup_warning(tmp_path, monkeypatch):
    """An environment that makes every interpreter warn at startup (here an unknown
    category in PYTHONWARNINGS) does not fail the console lines of a page."""
    monkeypatch.setenv("PYTHONWARNINGS", "ignore::NoSuchWarningCategory")
    [block] = [b for b in harness.console_blocks(harness.REPO / "docs" / "btrees.rst")
               if any("lookup_cost.py" in c.command for c in b.commands)][:1]
    assert harness.run_console_block(block, tmp_path) == []


def test_leaked_database_is_closed_in_the_tests_directory(tmp_path, monkeypatch):
    """A page that leaks a FileStorage opened as ``wiki.fs`` gets it closed in its own
    temporary directory, where the index is written, never in the repository."""
    import ZODB

    page_dir, elsewhere = tmp_path / "page", tmp_path / "elsewhere"
    page_dir.mkdir()
    elsewhere.mkdir()
    guard = harness.LeakGuard()
    monkeypatch.chdir(page_dir)
    ZODB.DB("wiki.fs")  # leaked on purpose
    monkeypatch.chdir(elsewhere)  # as after the workdir fixture is torn down
    problems = guard.check(page_dir)
    assert any("database was left open" in p for p in problems), problems
    assert (page_dir / "wiki.fs.index").exists()
    assert not list(elsewhere.iterdir())


def test_runzeo_starts_only_a_line_the_page_shows(tmp_path):
    """The server a page talks to is the one its console block tells the reader to
    start: a command the page does not show is refused, a shown one is parsed from the
    page (its -C file written from the zconfig block above it)."""
    page = tmp_path / "page.rst"
    page.write_text(".. code-block:: zconfig\n\n   <zeo>\n     address ./z.sock\n   </zeo>\n"
                    "   <mappingstorage/>\n\n.. code-block:: console\n\n"
                    "   $ runzeo -C z.conf 2> z.log &\n")
    with pytest.raises(LookupError, match="does not show"):
        harness.shown_server(page, "runzeo -a ./zeo.sock -f zeo.fs", tmp_path)
    server = harness.shown_server(page, "runzeo -C z.conf 2> z.log &", tmp_path)
    assert (server.args, server.socket, server.log_path.name) == (["-C", "z.conf"],
                                                                   "z.sock", "z.log")
    assert "address ./z.sock" in (tmp_path / "z.conf").read_text()
