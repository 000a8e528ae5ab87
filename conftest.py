"""The one conftest of the book: fixtures for the pages and examples, the leak guard
every test runs under, and the collector that turns code blocks of the pages into tests
(``$ python examples/...`` console lines, ``$ runzeo`` lines, ``zconfig`` snippets).

Pages ask for fixtures in a hidden block, so that every page gets its own and nothing
leaks from one page to the next; a server is always one the page shows being started::

    .. testsetup::

       >>> _ = getfixture("workdir")   # the reader's working folder, in a temp dir
       >>> _ = getfixture("runzeo")("runzeo -a ./zeo.sock -f zeo.fs")   # a line shown

(MyST pages use a ```` ```{testsetup} ```` fence.)  The helpers themselves live in
``tests/harness.py``; CONTRIBUTING.rst says what hidden blocks may and may not do.
"""
import time

import pytest

from tests import harness

# What a reader's interpreter has, before any fixture runs (tests/test_harness.py).
READER_SETTINGS = harness.reader_settings()


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Run the page in a fresh temporary directory holding a link to ``examples/``: the
    reader's working folder (docs/index.rst, "Following along").  ``Data.fs`` and
    whatever else the page writes lands there.  Returns the directory."""
    link = tmp_path / "examples"
    if not link.exists():
        link.symlink_to(harness.REPO / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def runzeo(request, workdir):
    """A function that starts a ``$ runzeo ...`` line the page shows, exactly as shown,
    as a real process in the page's working folder::

        >>> _ = getfixture("runzeo")("runzeo -a ./zeo.sock -f zeo.fs")

    The text must equal a line the page shows (after ``$ ``), or the test fails: the
    server the page talks to is the one it tells the reader to start.  With ``-C FILE``
    the page's ``zeo.conf`` (the nearest ``zconfig`` block above the line with a
    ``<zeo>`` section) is written as FILE.  ``port=`` serves a TCP address on another
    port (``getfixture("free_port")()``), ``env=`` adds environment variables for the
    server.  Returns the server (``.address``, ``.log()``, ``.stop()``, ``.process``);
    every server is stopped after the test, which fails unless it exited 0 and removed
    its socket."""
    servers = []

    def start(command, *, port=None, env=None):
        try:
            server = harness.shown_server(request.path, command, workdir, port=port,
                                          env=env)
        except LookupError as error:
            pytest.fail(str(error), pytrace=False)
        servers.append(server)
        return server.start()

    yield start
    problems = []
    for server in reversed(servers):
        problems += server.stop()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page_configs(request):
    """The text of every ``zconfig`` block on the page under test, in page order, so a
    page can start a server from exactly the configuration it shows."""
    return ["\n".join(block.body) + "\n"
            for block in harness.code_blocks(request.path, {"zconfig"})]


@pytest.fixture
def local_timezone(monkeypatch):
    """A function that makes the process run in another local time zone (a ``TZ``
    string such as ``"EET-2"``), restored after the test even when the test fails."""
    import time

    def set_zone(zone):
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def free_port():
    """A function returning a free TCP port on 127.0.0.1."""
    return harness.free_port


@pytest.fixture
def zeo_server(runzeo):
    """The server ``$ runzeo -a ./zeo.sock -f zeo.fs`` that the page shows, for console
    blocks (``.. harness: zeo_server`` above the block); fails if the page does not show
    that line."""
    return runzeo("runzeo -a ./zeo.sock -f zeo.fs")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.book_call_failed = report.failed
    return report


@pytest.fixture(autouse=True)
def leak_guard(request, tmp_path, monkeypatch):
    """Fail any page or test that leaves something behind (and clean it up).

    When the page has already failed, what it left open is a consequence of that
    failure: it is cleaned up but not reported again."""
    guard = harness.LeakGuard()
    guard.watch_databases(monkeypatch)
    yield
    # ZEO client threads stop shortly after their storage is closed: give them a moment.
    deadline = time.monotonic() + 2
    for thread in harness.zeo_threads():
        if thread not in guard.threads:
            thread.join(max(0, deadline - time.monotonic()))
    problems = guard.check(tmp_path)
    if problems and not getattr(request.node, "book_call_failed", False):
        pytest.fail("left behind:\n  " + "\n  ".join(problems), pytrace=False)


# ------------------------------------------------------------------------------ the session


def pytest_configure(config):
    """Fail at once, naming the cause, when the temporary directory is too long for the
    Unix sockets the ZEO servers listen on (107 bytes on Linux, 104 on macOS)."""
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller has checked
    longest = harness.longest_socket_path(config.option.basetemp)
    if len(longest.encode()) > harness.SOCKET_PATH_LIMIT:
        raise pytest.UsageError(
            f"the temporary directory is too long for Unix socket paths: the tests' "
            f"sockets would be up to {len(longest.encode())} bytes long "
            f"({longest}), over the {harness.SOCKET_PATH_LIMIT}-byte limit of "
            f"AF_UNIX addresses. Point TMPDIR at a shorter directory, for example "
            f"`TMPDIR=/tmp make doctest`, or pass `--basetemp=/tmp/book-tests`.")


# ------------------------------------------------------------------------------ page blocks


def pytest_collect_file(file_path, parent):
    """Pages also yield one item per console block that runs ``python examples/...``,
    one per ``$ runzeo ...`` line (its options parsed by the installed ZEO) and one per
    ``zconfig`` block (a configuration snippet, parsed with its schema)."""
    if file_path.suffix in {".rst", ".md"} and "docs" in file_path.parts:
        if not file_path.name.startswith("_"):
            return PageBlocks.from_parent(parent, path=file_path)
    return None


class PageBlocks(pytest.File):
    def collect(self):
        for block in harness.console_blocks(self.path):
            yield BlockTest.from_parent(
                self, name=f"console[line {block.line}]", callobj=_console_test(block),
                block=block, kind="console block")
        for command in harness.runzeo_commands(self.path):
            yield BlockTest.from_parent(
                self, name=f"runzeo[line {command.line}]", callobj=_runzeo_test(command),
                block=command, kind="runzeo command line")
        for block in harness.code_blocks(self.path, {"zconfig"}):
            yield BlockTest.from_parent(
                self, name=f"zconfig[line {block.line}]", callobj=_zconfig_test(block),
                block=block, kind="configuration snippet")


class BlockTest(pytest.Function):
    """A test made from one code block of a page."""

    def __init__(self, *, block, kind, **kw):
        super().__init__(**kw)
        self.block = block
        self.kind = kind

    def reportinfo(self):
        where = f"{self.path.name}: {self.kind} at line {self.block.line}"
        return self.path, self.block.line - 1, where


def _console_test(block):
    def test_console(tmp_path, request):
        for name in block.fixtures:
            request.getfixturevalue(name)
        failures = harness.run_console_block(block, tmp_path)
        if failures:
            pytest.fail("\n\n".join(failures), pytrace=False)

    return test_console


def _runzeo_test(command):
    def test_runzeo_arguments(tmp_path):
        error = harness.check_runzeo_arguments(command, tmp_path)
        if error:
            pytest.fail(f"{command.path.name}:{command.line}: the installed runzeo "
                        f"rejects `runzeo {' '.join(command.argv)}`:\n{error}",
                        pytrace=False)

    return test_runzeo_arguments


def _zconfig_test(block):
    def test_zconfig(tmp_path):
        import ZConfig

        text = "\n".join(block.body) + "\n"
        try:
            harness.parse_zconfig(text, tmp_path)
        except ZConfig.ConfigurationError as error:
            pytest.fail(f"{block.path.name}:{block.line}: this configuration does not "
                        f"parse:\n{text}\n{type(error).__name__}: {error}", pytrace=False)

    return test_zconfig
