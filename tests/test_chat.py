"""The chat program of chapter ``chat``, run as several real processes at once.

The first test runs one ZEO server (a real ``runzeo -a ./zeo.sock -f zeo.fs``) and:

* a *held* writer: ``chat.py`` with one hook, so that it chooses the key of its message
  and then waits, transaction open, until the test tells it to commit;
* two followers (``--follow``, read-only clients) started before the other writers;
* three writers sending at once, their transactions conflicting with each other;
* once both followers have shown messages committed *after* the held writer chose its
  key, the held writer commits.  A design that keys messages by the writer's clock
  commits that message behind the followers' position, and they never show it;
* a late follower, started when everything is over, that reads the whole channel.

Every message must reach every follower exactly once, in the same order, and every
writer sees a prefix of that order; the held writer must have retried (its first key
was overtaken), and the retries each writer reports are counted.

The second test stops the server while followers and a writer are connected, starts
it again on the same file, and goes on writing: a reconnecting client makes a ghost of
every object in its connections' caches, and a reader that kept its place on one of
them would show the whole channel again.

No sleeps: the tests wait on the lines the processes print.
"""
import collections
import re
import subprocess
import sys
import threading

import pytest

from tests.harness import REPO, ZEOServer

SCRIPT = REPO / "examples" / "chat" / "chat.py"
WRITERS = 3
MESSAGES = 10
TOTAL = 1 + WRITERS * MESSAGES  # the held writer's message, and the writers'
TIMEOUT = 20  # seconds; only reached when something is wrong

# chat.py with a hook: after the first add_message() (key chosen, nothing committed),
# print the key and wait for a line on stdin.  Imported as "chat", like the script
# imports itself, so the stored class is chat.ChatSession.
HOLD = r"""
import sys
sys.path.insert(0, sys.argv.pop(1))
import chat

add_message = chat.ChatSession.add_message

def add_message_and_hold(self, sender, text, now=None):
    key = add_message(self, sender, text, now)
    print("key", key, flush=True)
    if not getattr(chat, "held", False):
        chat.held = True
        sys.stdin.readline()
    return key

chat.ChatSession.add_message = add_message_and_hold
sys.exit(chat.main(sys.argv[1:]))
"""

# chat.py with a hook: before each message but the first, print "paused" and wait for
# a line on stdin (the process stays connected, with no change pending).
PAUSE = r"""
import sys
sys.path.insert(0, sys.argv.pop(1))
import chat

send = chat.send

def send_after_a_pause(session, sender, text, *rest):
    if not text.startswith("message 1 "):
        print("paused", flush=True)
        sys.stdin.readline()
    return send(session, sender, text, *rest)

chat.send = send_after_a_pause
sys.exit(chat.main(sys.argv[1:]))
"""

MESSAGE = re.compile(r"^(\w+): message (\d+) of (\d+)$")
SUMMARY = re.compile(r"^(\w+) sent (\d+) messages? to lobby \(retries: (\d+)\)$")


class Chatter:
    """A chat process; a thread collects the lines it prints (stdout and stderr)."""

    def __init__(self, name, argv, cwd, hook=None):
        self.name = name
        if hook:
            command = [sys.executable, "-c", hook, str(SCRIPT.parent), *argv]
        else:
            command = [sys.executable, str(SCRIPT), *argv]
        self.process = subprocess.Popen(
            command, cwd=cwd, text=True, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if hook else subprocess.DEVNULL)
        self.lines = []
        self.done = False
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.done = True
            self.changed.notify_all()

    def wait_for(self, what, test):
        """Wait until test(lines) is true; fail if the process ends first."""
        with self.changed:
            self.changed.wait_for(lambda: test(self.lines) or self.done, TIMEOUT)
            if not test(self.lines):
                pytest.fail(f"{self.name} did not print {what}; it printed:\n"
                            + "\n".join(self.lines), pytrace=False)

    def release(self):
        """Send a line to a process that waits for one on stdin."""
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self):
        """Wait for the process to exit (kill it after TIMEOUT); return its status,
        None if it had to be killed."""
        try:
            status = self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            status = None
        self.reader.join(TIMEOUT)
        return status

    def report(self, status):
        return (f"{self.name} " + ("did not finish" if status is None
                                   else f"exited with status {status}")
                + "; it printed:\n" + "\n".join(self.lines))

    def succeed(self):
        """Wait for the process to exit 0."""
        status = self.finish()
        if status != 0:
            pytest.fail(self.report(status), pytrace=False)

    def messages(self):
        return [line for line in self.lines if MESSAGE.match(line)]

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.reader.join(TIMEOUT)


@pytest.fixture
def server(tmp_path):
    """``runzeo -a ./zeo.sock -f zeo.fs``, run in *tmp_path*; the test fails unless it
    stops cleanly (exit status 0, socket removed), also after a restart."""
    zeo = ZEOServer(tmp_path).start()
    yield zeo
    problems = zeo.stop()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_every_message_reaches_every_reader_once_in_order(server):
    directory = server.directory
    address = ["--address", server.address]
    chatters = []

    def start(name, *argv, hold=False):
        chatter = Chatter(name, [*address, *argv, "lobby"], directory,
                          HOLD if hold else None)
        chatters.append(chatter)
        return chatter

    try:
        # The held writer creates the channel, chooses its key, and waits.
        held = start("held writer", "--name", "held", "--count", "1", hold=True)
        held.wait_for("its first key", lambda lines: any(
            line.startswith("key ") for line in lines))
        followers = [start(f"follower {n}", "--follow", "--count", str(TOTAL))
                     for n in (1, 2)]
        writers = [start(f"writer w{n}", "--name", f"w{n}", "--count", str(MESSAGES))
                   for n in range(1, WRITERS + 1)]

        # Both followers now show messages committed after the held key was chosen:
        # from here on, a message committed with that key would be behind them.
        for follower in followers:
            follower.wait_for("a message", lambda lines: any(map(MESSAGE.match, lines)))
        seen_before_release = min(len(f.messages()) for f in followers)
        held.release()

        for chatter in [held, *writers]:
            chatter.succeed()
        for follower in followers:
            status = follower.finish()
            if status != 0:
                missing = sorted(set(expected_messages()) - set(follower.messages()))
                pytest.fail(f"{follower.name} showed {len(follower.messages())} of "
                            f"{TOTAL} messages; never shown: {missing}\n"
                            + follower.report(status), pytrace=False)
        late = start("late follower", "--follow", "--count", str(TOTAL))
        late.succeed()
    finally:
        for chatter in chatters:
            chatter.stop()

    # Every follower shows every message once, all in the same order.
    order = followers[0].messages()
    assert collections.Counter(order) == collections.Counter(expected_messages())
    for follower in [*followers, late]:
        assert follower.messages() == order, follower.name
    # Each writer's messages keep their own order ...
    for sender in ["held", *(f"w{n}" for n in range(1, WRITERS + 1))]:
        numbers = [int(MESSAGE.match(m)[2]) for m in order if m.startswith(sender + ":")]
        assert numbers == sorted(numbers), sender
    # ... and each writer saw a prefix of that order, including all its own messages.
    for writer in [held, *writers]:
        shown = writer.messages()
        assert shown == order[:len(shown)], writer.name
    # The held message was committed after messages the followers had already shown.
    assert order.index("held: message 1 of 1") >= seen_before_release >= 1

    # Conflicts were retried and counted.  The held writer's first key was overtaken,
    # so it had to try again, with a later key; its report counts each new try.
    keys = [int(line.split()[1]) for line in held.lines if line.startswith("key ")]
    assert len(keys) >= 2 and keys[-1] > keys[0]
    retries = {}
    for writer in [held, *writers]:
        summaries = [SUMMARY.match(line) for line in writer.lines if SUMMARY.match(line)]
        assert len(summaries) == 1, writer.lines
        retries[summaries[0][1]] = int(summaries[0][3])
    assert retries["held"] == len(keys) - 1 >= 1
    unexpected = [line for chatter in chatters for line in chatter.lines
                  if not (MESSAGE.match(line) or SUMMARY.match(line)
                          or line.startswith("key "))]
    assert not unexpected


def test_every_message_is_shown_once_across_a_server_restart(server):
    directory = server.directory
    address = ["--address", server.address]
    chatters = []

    def start(name, *argv, hook=None):
        chatter = Chatter(name, [*address, *argv, "lobby"], directory, hook)
        chatters.append(chatter)
        return chatter

    order = ["w1: message 1 of 2", "w1: message 2 of 2", "p: message 1 of 2",
             "w2: message 1 of 2", "w2: message 2 of 2", "p: message 2 of 2"]
    try:
        start("writer w1", "--name", "w1", "--count", "2").succeed()
        paused = start("paused writer", "--name", "p", "--count", "2", hook=PAUSE)
        paused.wait_for("its first message, then paused",
                        lambda lines: "paused" in lines)
        followers = [start(f"follower {n}", "--follow", "--count", str(len(order)))
                     for n in (1, 2)]
        for follower in followers:
            follower.wait_for("the three messages so far",
                              lambda lines: len(list(filter(MESSAGE.match, lines))) >= 3)

        # Stop the server under the connected clients, and start it again on its file.
        problems = server.stop()
        assert not problems, problems
        still_running = [c.name for c in [paused, *followers] if c.process.poll() is not None]
        assert not still_running, f"ended while the server was away: {still_running}"
        server.start()

        start("writer w2", "--name", "w2", "--count", "2").succeed()
        paused.release()
        paused.succeed()
        for follower in followers:
            follower.succeed()
        late = start("late follower", "--follow", "--count", str(len(order)))
        late.succeed()
    finally:
        for chatter in chatters:
            chatter.stop()

    # Each follower, those that were connected across the restart and the late one,
    # showed every message exactly once, in commit order.
    for follower in [*followers, late]:
        assert follower.messages() == order, follower.report(0)
    # The writer connected across the restart showed a prefix of that order, each
    # message once, its own included.
    shown = paused.messages()
    assert shown == order[:len(shown)] and order[-1] in shown, paused.report(0)


def expected_messages():
    yield "held: message 1 of 1"
    for n in range(1, WRITERS + 1):
        for number in range(1, MESSAGES + 1):
            yield f"w{n}: message {number} of {MESSAGES}"
