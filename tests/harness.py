"""The book's test harness: one module, used by the one ``conftest.py``.

* :class:`ZEOServer` runs a real ``runzeo`` process on a Unix socket in a temp dir.
* :func:`console_blocks` finds the ``$ python examples/...`` lines a page shows, and
  :func:`run_console_block` runs them and compares their output and exit status.
* :class:`LeakGuard` notices what a page or test left behind: open ZODB connections and
  storages, ZEO client threads, child processes, new files in the repository.
"""
import doctest
import gc
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Files in these directories are build or environment output, not the book's files.
IGNORED_DIRS = {".git", ".venv", ".tox", "_build", "__pycache__", ".pytest_cache"}

# The book's pages and example programs.
PAGES = sorted(p for p in (REPO / "docs").rglob("*")
               if p.suffix in {".rst", ".md"} and "_build" not in p.parts)
EXAMPLES = sorted(p for p in (REPO / "examples").rglob("*.py")
                  if p.name != "__init__.py" and "__pycache__" not in p.parts)


def script(name):
    """The path of a console script installed beside this Python (runzeo, zeopack...)."""
    path = BIN / name
    if not path.exists():
        raise FileNotFoundError(f"{name} is not installed in {BIN}")
    return str(path)


# --------------------------------------------------------------------------- ZEO servers

# AF_UNIX paths: 108 bytes with the final NUL on Linux, 104 on macOS.
SOCKET_PATH_LIMIT = 103
# The longest socket path a test makes, below its tmp_path: pytest cuts a test's
# directory name to 30 characters; socket names on pages are at most about 20.
_LONGEST_BELOW_BASETEMP = "/popen-gw99/" + "x" * 30 + "0/" + "x" * 20 + ".sock"


def longest_socket_path(basetemp=None):
    """The longest Unix socket path the suite may use, for this *basetemp* (pytest's
    ``--basetemp``) or else pytest's default one under the temporary directory."""
    import getpass
    import tempfile

    if basetemp is None:
        try:
            user = getpass.getuser()
        except (ImportError, KeyError, OSError):
            user = "unknown"
        basetemp = os.path.join(tempfile.gettempdir(), f"pytest-of-{user}", "pytest-999")
    return os.path.abspath(basetemp) + _LONGEST_BELOW_BASETEMP


def free_port():
    """A TCP port on 127.0.0.1 that nobody listens on right now (``runzeo -a
    127.0.0.1:0`` would pick one but never tell which)."""
    with socket.socket(socket.AF_INET) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ZEOServer:
    """A real ``runzeo`` process, started in *directory* and stopped by :meth:`stop`.

    By default it serves ``zeo.fs`` (a FileStorage) on the Unix socket ``./zeo.sock``,
    exactly what ``runzeo -a ./zeo.sock -f zeo.fs`` run in that directory does.  Pass
    *args* for other ``runzeo`` options, or *config* (the text of a ``zeo.conf``)
    to start it with ``runzeo -C zeo.conf``; then *socket* must name the socket the
    configuration listens on, or *port* the TCP port on 127.0.0.1 (see :func:`free_port`).
    *env* adds environment variables for the server process (``PYTHONPATH`` ...).
    """

    def __init__(self, directory, args=None, config=None, socket="zeo.sock", port=None,
                 env=None, log=None):
        self.directory = Path(directory)
        self.env = env
        self.socket = socket
        self.port = port
        if config is not None:
            (self.directory / "zeo.conf").write_text(config)
            args = ["-C", "zeo.conf"]
        elif args is None:
            args = ["-a", f"./{socket}", "-f", "zeo.fs"]
        self.args = list(args)
        # The server's output goes where the shown command line sends it; else beside
        # the directory, so that the page's folder holds only what the page made.
        name = socket if port is None else str(port)
        self.log_path = (self.directory / log if log else
                         self.directory.parent / f"{self.directory.name}.{name}.runzeo.log")
        self.process = None

    @property
    def address(self):
        """The address a client passes to connect: ``("127.0.0.1", port)`` for TCP, else
        the socket path relative to the server's directory (the pages work there)."""
        if self.port is not None:
            return ("127.0.0.1", self.port)
        return f"./{self.socket}"

    @property
    def socket_path(self):
        return self.directory / self.socket

    @property
    def command(self):
        return " ".join(["runzeo", *self.args])

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def start(self, timeout=10.0):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [script("runzeo"), *self.args],
                cwd=self.directory,
                env={**os.environ, **self.env} if self.env else None,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.command} exited with status {self.process.returncode}:\n"
                    + self.log()
                )
            if self._answers():
                return self
            time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"{self.command} did not listen within {timeout} s:\n{self.log()}")

    def _answers(self):
        if self.port is not None:
            probe = socket.socket(socket.AF_INET)
            target = ("127.0.0.1", self.port)
        elif not self.socket_path.exists():
            return False
        else:
            probe = socket.socket(socket.AF_UNIX)
            target = str(self.socket_path)
        try:
            probe.connect(target)
            return True
        except OSError:
            return False
        finally:
            probe.close()

    def stop(self, timeout=10.0):
        """Stop the server with SIGTERM; return the problems seen (an empty list is clean)."""
        problems = []
        if self.process is None:
            return problems
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                problems.append(f"{self.command} ignored SIGTERM for {timeout} s; killed")
        status = self.process.returncode
        if status != 0:
            problems.append(f"{self.command} exited with status {status}")
        if self.port is None and self.socket_path.exists():
            problems.append(f"{self.command} left its socket {self.socket_path} behind")
        if problems:
            problems.append("server log:\n" + self.log())
        self.process = None
        return problems


# --------------------------------------------------------------------------- code blocks

# The first line of a code block: rST ``.. code-block:: LANG``, MyST ```` ```LANG ````.
_RST_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. (?:code-block|code|sourcecode):: "
                        r"(?P<lang>[\w-]+)\s*$")
_MD_BLOCK = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<lang>[\w-]+)\s*$")
# A comment just above a block can ask for fixtures: ``.. harness: zeo_server`` (rST)
# or ``% harness: zeo_server`` (MyST).  Comments render nothing.
_HARNESS = re.compile(r"^\s*(?:\.\.|%) harness:\s*(?P<names>[\w ,]+)$")


@dataclass
class CodeBlock:
    path: Path
    line: int  # 1-based line of the directive or opening fence
    language: str
    body_line: int  # 1-based line of the first body line
    body: list  # the lines, dedented
    fixtures: list  # named in a ``harness:`` comment right above


def _indent(line):
    return len(line) - len(line.lstrip())


def _rst_body(lines, start, indent):
    """(index of first line, dedented lines) of the rST directive body from *start*."""
    i = start
    # directive options (":caption: ...") come first
    while i < len(lines) and lines[i].strip().startswith(":") and _indent(lines[i]) > indent:
        i += 1
    first = i
    while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > indent):
        i += 1
    body = lines[first:i]
    while body and not body[-1].strip():
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
        first += 1
    margin = min((_indent(b) for b in body if b.strip()), default=0)
    return first, [b[margin:] for b in body]


def code_blocks(path, languages):
    """Every code block of a page (rST or MyST) written in one of *languages*."""
    path = Path(path)
    lines = path.read_text().splitlines()
    blocks = []
    for i, text in enumerate(lines):
        pattern = _RST_BLOCK if path.suffix == ".rst" else _MD_BLOCK
        m = pattern.match(text)
        if not m or m["lang"] not in languages:
            continue
        if path.suffix == ".rst":
            first, body = _rst_body(lines, i + 1, len(m["indent"]))
        else:
            end = i + 1
            while end < len(lines) and lines[end].strip() != m["fence"]:
                end += 1
            first, body = i + 1, [b[len(m["indent"]):] for b in lines[i + 1:end]]
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        h = _HARNESS.match(lines[j]) if j >= 0 else None
        fixtures = [n for n in re.split(r"[ ,]+", h["names"]) if n] if h else []
        blocks.append(CodeBlock(path, i + 1, m["lang"], first + 1, body, fixtures))
    return blocks


# --------------------------------------------------------------------------- console lines


@dataclass
class ConsoleCommand:
    line: int  # 1-based line in the page
    command: str
    expected: list = field(default_factory=list)


@dataclass
class ConsoleBlock:
    path: Path
    line: int
    commands: list
    fixtures: list


def console_blocks(path):
    """Every console block of a page that runs ``python examples/...``."""
    blocks = []
    for block in code_blocks(path, {"console", "shell-session"}):
        commands = []
        for offset, entry in enumerate(block.body):
            if entry.startswith("$ "):
                commands.append(ConsoleCommand(block.body_line + offset, entry[2:].strip()))
            elif commands:
                commands[-1].expected.append(entry)
        if not any(c.command.startswith("python examples/") for c in commands):
            continue  # a block that only shows commands (pip install, runzeo ...)
        blocks.append(ConsoleBlock(block.path, block.line, commands, block.fixtures))
    return blocks


@dataclass
class ServerCommand:
    path: Path
    line: int
    text: str  # the command as shown after "$ ", without a trailing "# comment"
    argv: list  # the arguments after "runzeo" (shell redirections and "&" removed)
    config: str  # text of the nearest zconfig block above with a <zeo> section, or None
    log: str = None  # the file the line sends the server's output to ("2> runzeo.log")


def _shell_words(text):
    """(argv, log file or None) of a shown command line: a trailing ``&`` is dropped,
    and ``2> FILE``, ``> FILE``, ``&> FILE`` and ``2>&1`` name where output goes."""
    words = shlex.split(text)
    argv, log = [], None
    i = 0
    while i < len(words):
        word = words[i]
        if word in {"&", "2>&1"}:
            pass
        elif word in {"2>", ">", "&>", ">>", "2>>"}:
            i += 1
            log = words[i] if i < len(words) else None
        elif re.fullmatch(r"(?:2|&)?>>?\S+", word) and word != "2>&1":
            log = word.lstrip("2&>")
        else:
            argv.append(word)
        i += 1
    return argv, log


def runzeo_commands(path):
    """Every ``$ runzeo ...`` line a page shows in a console block."""
    found = []
    zeo_confs = [(b.line, "\n".join(b.body) + "\n")
                 for b in code_blocks(path, {"zconfig"})
                 if re.search(r"^\s*<zeo(\s|>)", "\n".join(b.body), re.M)]
    for block in code_blocks(path, {"console", "shell-session"}):
        for offset, entry in enumerate(block.body):
            if entry.startswith("$ runzeo"):
                text = entry[2:].split(" #", 1)[0].strip()
                argv, log = _shell_words(text)
                above = [conf for line, conf in zeo_confs if line < block.line]
                found.append(ServerCommand(Path(path), block.body_line + offset, text,
                                           argv[1:], above[-1] if above else None, log))
    return found


def shown_server(path, command, directory, port=None, env=None):
    """A :class:`ZEOServer` (not started) for the ``$ runzeo ...`` line *command* that
    the page *path* shows, to run in *directory*.

    The line's own arguments are used: with ``-C FILE`` the page's configuration
    (the nearest ``zconfig`` block above the line with a ``<zeo>`` section) is written
    as FILE.  *port* replaces the TCP port the line (or its configuration) shows, so
    that tests never depend on one fixed port being free."""
    command = " ".join(command.split())
    shown = [c for c in runzeo_commands(path) if " ".join(c.text.split()) == command]
    if not shown:
        lines = "\n".join(f"  $ {c.text}" for c in runzeo_commands(path)) or "  (none)"
        raise LookupError(f"{Path(path).name} does not show `$ {command}`; "
                          f"it shows:\n{lines}")
    shown = shown[0]
    argv, config = list(shown.argv), shown.config
    address = None
    if "-C" in argv or "--configure" in argv:
        flag = "-C" if "-C" in argv else "--configure"
        name = argv[argv.index(flag) + 1]
        if config is None:
            raise LookupError(f"{Path(path).name}:{shown.line}: `$ {command}` reads "
                              f"{name}, but no zconfig block with <zeo> is shown above it")
        bound = parse_zconfig(config, directory).zeo.address
        address = bound.address
        if port is not None and not isinstance(address, str):
            config = re.sub(rf"(^\s*address\s+\S*:){address[1]}\b", rf"\g<1>{port}",
                            config, flags=re.M)
        (Path(directory) / name).write_text(config)
    for flag in ("-a", "--address"):
        if flag in argv:
            index = argv.index(flag) + 1
            address = argv[index]
            host, sep, number = address.rpartition(":")
            if sep and number.isdigit():
                address = (host, int(number))
                if port is not None:
                    argv[index] = f"{host}:{port}"
    if address is None:
        raise LookupError(f"{Path(path).name}:{shown.line}: cannot tell which address "
                          f"`$ {command}` listens on")
    if isinstance(address, str):
        socket_name = os.path.relpath(os.path.join(directory, address), directory)
        return ZEOServer(directory, args=argv, socket=socket_name, env=env, log=shown.log)
    return ZEOServer(directory, args=argv, port=port or address[1], env=env, log=shown.log)


def check_runzeo_arguments(command, directory):
    """Let the installed ZEO parse a ``runzeo`` command line, as ``runzeo`` would before
    starting (nothing is opened).  A ``-C FILE`` option gets the page's ``zeo.conf``
    written as FILE.  Returns the error ``runzeo`` printed, or None."""
    import contextlib
    import io

    import ZEO.runzeo

    argv = command.argv
    for flag in ("-C", "--configure"):
        if flag in argv and command.config is not None:
            name = argv[argv.index(flag) + 1]
            (Path(directory) / name).write_text(command.config)
    err = io.StringIO()
    here = os.getcwd()
    logging_before = _logging_state()  # an <eventlog> section configures logging
    os.chdir(directory)
    try:
        with contextlib.redirect_stderr(err):
            ZEO.runzeo.ZEOOptions().realize(list(argv), progname="runzeo")
    except SystemExit as exit:
        return err.getvalue().strip() or f"runzeo exited with status {exit.code}"
    finally:
        os.chdir(here)
        _restore_logging(logging_before)
    return None


# --------------------------------------------------------------------------- configuration


def zconfig_schema(text):
    """The ZConfig schema a configuration text is written for.

    ``<zeo>`` makes it a server's ``zeo.conf``; ``<zodb>`` (or a ``%import`` followed
    by a database) a database configuration for :mod:`ZODB.config`; ``<runner>``
    alone a zdaemon configuration; anything else a single storage section."""
    import ZConfig
    import ZEO
    import ZODB.config

    if re.search(r"^\s*<zeo(\s|>)", text, re.M):
        return ZConfig.loadSchema(os.path.join(os.path.dirname(ZEO.__file__), "schema.xml"))
    if re.search(r"^\s*<zodb(\s|>)", text, re.M):
        return ZODB.config.getDbSchema()
    if re.search(r"^\s*<runner(\s|>)", text, re.M):
        import zdaemon

        return ZConfig.loadSchema(os.path.join(os.path.dirname(zdaemon.__file__),
                                               "schema.xml"))
    return ZODB.config.getStorageSchema()


def parse_zconfig(text, directory):
    """Parse *text* with its schema, in *directory* (relative paths resolve there);
    raise the ZConfig error a wrong key or value gives.  Nothing is opened."""
    import io

    import ZConfig

    schema = zconfig_schema(text)
    here = os.getcwd()
    os.chdir(directory)
    try:
        config, _ = ZConfig.loadConfigFile(schema, io.StringIO(text))
    finally:
        os.chdir(here)
    return config


def _matches(want, got):
    checker = doctest.OutputChecker()
    return checker.check_output(want, got, doctest.ELLIPSIS)


def _normal(lines):
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def run_console_block(block, tmp_path, timeout=60):
    """Run every command of *block* as if from the repository root, and compare.

    The commands run in *tmp_path*, where ``examples`` links to the repository's
    ``examples/``: paths on a page resolve as they do for a reader at the root of a
    checkout, and whatever the commands write lands in the temporary directory.

    ``$ python examples/...`` runs with this interpreter; ``$ echo $?`` shows the exit
    status of the command before it.  A command whose status the page does not show
    must exit 0.  Returns a list of failure messages.
    """
    env = dict(os.environ)
    # The reader's environment: TMPDIR and the rest stay as they are (an example's own
    # temporary directories go where a reader's would).
    env.update(PYTHONDONTWRITEBYTECODE="1", COLUMNS="80", PYTHONUNBUFFERED="1")
    env.pop("PYTHONPATH", None)
    link = Path(tmp_path) / "examples"
    if not link.exists():
        link.symlink_to(REPO / "examples", target_is_directory=True)
    # A file of the reader's own, which no command may change.
    sentinel = Path(tmp_path) / "my-notes.txt"
    sentinel.write_text("the reader's own file\n")
    before = _folder_state(tmp_path)
    failures = []
    status = None
    for index, cmd in enumerate(block.commands):
        where = f"{block.path.name}:{cmd.line}"
        want = _normal(cmd.expected)
        if cmd.command == "echo $?":
            got = f"{status}\n"
            if not _matches(want, got):
                failures.append(f"{where}: `$ echo $?` shows {want.strip()!r}, "
                                f"but the exit status was {status}")
            continue
        argv = shlex.split(cmd.command)
        if argv[0] != "python" or len(argv) < 2 or not argv[1].startswith("examples/"):
            failures.append(f"{where}: a tested console block may only run "
                            f"`python examples/...` and `echo $?`, not `{cmd.command}`")
            continue
        try:
            result = subprocess.run(
                [sys.executable, *argv[1:]], cwd=tmp_path, env=env, timeout=timeout,
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True,
            )
        except subprocess.TimeoutExpired:
            failures.append(f"{where}: `{cmd.command}` did not finish in {timeout} s")
            continue
        status = result.returncode
        got = _normal(_without_startup_noise(result.stdout, env, tmp_path).splitlines())
        if not _matches(want, got):
            diff = doctest.OutputChecker().output_difference(
                doctest.Example(cmd.command, want), got, doctest.ELLIPSIS)
            failures.append(f"{where}: `$ {cmd.command}` printed other output.\n{diff}")
        shown_status = (index + 1 < len(block.commands)
                        and block.commands[index + 1].command == "echo $?")
        if status != 0 and not shown_status:
            failures.append(f"{where}: `$ {cmd.command}` exited with status {status}, "
                            "and the page does not show it (add `$ echo $?`)")
    failures += _unnamed_writes(block, tmp_path, before)
    return failures


_STARTUP_NOISE = {}  # {environment: what a fresh interpreter prints before any program}


def _without_startup_noise(output, env, cwd):
    """*output* without what this environment makes every fresh interpreter print
    before the program starts (a warning from a ``.pth`` file or from ``PYTHONWARNINGS``,
    say): a harmless startup warning must not fail every console line."""
    key = tuple(sorted(env.items()))
    if key not in _STARTUP_NOISE:
        _STARTUP_NOISE[key] = subprocess.run(
            [sys.executable, "-c", "pass"], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60).stdout
    noise = _STARTUP_NOISE[key]
    if noise and output.startswith(noise):
        return output[len(noise):]
    return output


def _folder_state(folder):
    """{name: (size, mtime_ns)} of the entries directly in *folder*."""
    state = {}
    for entry in os.scandir(folder):
        info = entry.stat(follow_symlinks=False)
        state[entry.name] = (info.st_size, info.st_mtime_ns)
    return state


def _unnamed_writes(block, folder, before):
    """Messages for entries of *folder* that the commands of *block* created or changed
    without the reader naming them: a file the command line names (``users.fs``) and
    its companions (``users.fs.index``, ``.lock``, ``.tmp``), or a path a named
    configuration file gives, is the reader's choice; anything else is not."""
    named = set()
    for cmd in block.commands:
        if cmd.command == "echo $?":
            continue
        for word in shlex.split(cmd.command)[2:]:
            for part in re.split(r"[=,?&]", word):
                if part and not part.startswith("-"):
                    named.add(os.path.basename(part.rstrip("/")))
                    path = Path(folder) / part
                    if path.is_file() and path.stat().st_size < 100_000:
                        text = path.read_text(errors="replace")
                        named.update(os.path.basename(w.rstrip("/"))
                                     for w in re.findall(r"[\w.\-/$]+", text))
    after = _folder_state(folder)
    problems = []
    for name, state in sorted(after.items()):
        if name in before:
            if name == "my-notes.txt" and state != before[name]:
                problems.append(f"{block.path.name}:{block.line}: the commands changed "
                                "a file of the reader's that no command line named")
            continue  # made by the page's server or an earlier block, not by this one
        if any(name == n or name.startswith((n + ".", n + "-")) for n in named if n):
            continue
        problems.append(f"{block.path.name}:{block.line}: the commands created "
                        f"{name!r} in the reader's folder, a path no command line named")
    return problems


# --------------------------------------------------------------------------- reader settings

# Environment variables that change what a page's code observes.
_READER_ENVIRON = ("TMPDIR", "TEMP", "TMP", "TZ", "LANG", "LC_ALL", "PYTHONPATH",
                   "PYTHONHASHSEED", "HOME", "ZEO_CLIENT_CACHE")


def reader_settings():
    """The library and standard-library settings that decide what a page demonstrates
    (where temporary files go, the time zone, default socket timeouts, ...), as a dict.
    A fixture may give a page a directory or a server; it may not change these, or the
    tests would show what a reader does not get (tests/test_harness.py)."""
    import locale
    import tempfile

    return {
        "tempfile.tempdir": tempfile.tempdir,
        "tempfile.gettempdir()": tempfile.gettempdir(),
        "time.tzname": time.tzname,
        "time.timezone": time.timezone,
        "socket.getdefaulttimeout()": socket.getdefaulttimeout(),
        "locale.getlocale()": locale.getlocale(),
        "sys.getrecursionlimit()": sys.getrecursionlimit(),
        "sys.getswitchinterval()": sys.getswitchinterval(),
        **{f"os.environ[{name!r}]": os.environ.get(name) for name in _READER_ENVIRON},
    }


# --------------------------------------------------------------------------- the leak guard


def _repo_files():
    found = set()
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in IGNORED_DIRS]
        for name in files:
            found.add(os.path.relpath(os.path.join(root, name), REPO))
    return found


def _children():
    """Process ids of this process's live children (Linux; empty elsewhere)."""
    pids = set()
    task_dir = Path(f"/proc/{os.getpid()}/task")
    if not task_dir.exists():
        return pids
    for task in task_dir.iterdir():
        try:
            pids.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _logging_state():
    """{logger name: (level, handlers)} for the root logger and every named one."""
    import logging

    loggers = {"": logging.getLogger()}
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            loggers[name] = logger
    return {name: (logger.level, tuple(logger.handlers)) for name, logger in loggers.items()}


def _restore_logging(before):
    """Put levels and handlers back as they were in *before*; close added handlers."""
    import logging

    for name, (_level, handlers) in _logging_state().items():
        old_level, old_handlers = before.get(name, (logging.NOTSET, ()))
        logger = logging.getLogger(name or None)
        for handler in handlers:
            if handler not in old_handlers:
                logger.removeHandler(handler)
                handler.close()
        for handler in old_handlers:
            if handler not in logger.handlers:
                logger.addHandler(handler)
        logger.setLevel(old_level)


def zeo_threads():
    return [t for t in threading.enumerate()
            if t.is_alive() and t.name.endswith("zeo client networking thread")]


def _open_zodb_objects():
    """Open connections and open databases that are still in memory."""
    from ZODB.Connection import Connection
    from ZODB.DB import DB

    connections, databases = [], []
    for obj in gc.get_objects():
        if isinstance(obj, Connection):
            if obj.opened is not None:
                connections.append(obj)
        elif isinstance(obj, DB):
            if getattr(obj, "_mvcc_storage", None) is not None:
                databases.append(obj)
    return connections, databases


class LeakGuard:
    """Take a snapshot before a test; :meth:`check` lists what the test left behind
    and cleans it up, so that one leaky page does not break the next."""

    def __init__(self):
        self.files = _repo_files()
        self.children = _children()
        self.threads = set(zeo_threads())
        self.logging = _logging_state()
        self.born = []    # databases made during the test, held so gc cannot hide a leak
        self.unborn = []  # databases whose constructor raised (held so ids stay unique)

    def watch_databases(self, monkeypatch):
        """Record every :class:`ZODB.DB.DB` the test creates, and which of them
        failed to construct (for example ``ZEO.DB(..., read_only=True)`` on an empty
        database, which raises while creating the root)."""
        import functools

        from ZODB.DB import DB

        original = DB.__init__
        guard = self

        @functools.wraps(original)  # pages inspect DB's signature
        def __init__(db, *args, **kw):
            try:
                original(db, *args, **kw)
            except BaseException:
                guard.unborn.append(db)
                raise
            guard.born.append(db)

        monkeypatch.setattr(DB, "__init__", __init__)

    def check(self, directory=None):
        """Everything left behind since the snapshot, as messages; then clean it up.

        Leaked databases are closed in *directory* (the test's temporary directory): a
        FileStorage opened with a relative path writes its index there on close."""
        problems = []
        connections, databases = _open_zodb_objects()
        # A database whose constructor raised was never handed to the test: it and the
        # connection it opened to create the root are no leak. They wait in a reference
        # cycle for the garbage collector, which may or may not have run by now.
        unborn = {id(db) for db in self.unborn}
        for conn in connections:
            if id(getattr(conn, "_db", None)) not in unborn:
                problems.append(f"a ZODB connection was left open: {conn!r}")
        for db in databases:
            if id(db) not in unborn:
                problems.append(f"a ZODB database was left open: {db!r} on {db.storage!r}")
        threads = [t for t in zeo_threads() if t not in self.threads]
        for thread in threads:
            problems.append(f"a ZEO client is still running: thread {thread.name!r}")
        children = _children() - self.children
        for pid in children:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            problems.append(f"a child process is still alive: {pid} {cmdline.decode()}")
        now = _logging_state()
        for name, state in now.items():
            if state != self.logging.get(name, (0, ())):
                problems.append(f"the logging configuration of logger {name or 'root'!r} "
                                f"was changed and not restored: {state}")
        new_files = sorted(_repo_files() - self.files)
        for name in new_files:
            problems.append(f"a file was created outside the temp dir: {name}")

        # Clean up (unborn databases too, or a later test finds them), so that one
        # leaky page does not break the next one.
        import contextlib

        with contextlib.chdir(directory or os.getcwd()):
            for db in databases:
                try:
                    db.close()
                except Exception:  # best effort: the leak is already reported
                    pass
        for conn in connections:
            conn.opened = None
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        _restore_logging(self.logging)
        self.born.clear()
        self.unborn.clear()
        return problems
