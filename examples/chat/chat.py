# SPDX-License-Identifier: 0BSD
"""A chat program whose processes talk to each other through a ZEO server.

There is no network code here: each channel is a persistent ``ChatSession`` in
the database, and ZEO shares it among the processes.  Send messages, or follow a
channel without writing anything (a read-only client)::

    python chat.py --address ./zeo.sock --name ada --count 3 lobby
    python chat.py --address ./zeo.sock --follow lobby

Without ``--address``, a short demo runs against a throwaway server.
"""
import argparse
import contextlib
import logging
import os
import sys
import tempfile
import time

import transaction
import ZEO
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.mapping import PersistentMapping
from ZEO.Exceptions import ClientDisconnected
from ZODB.POSException import ConflictError, ReadOnlyError

TRIES = 100  # tries per transaction; each failed one means another got in first
POLL = 0.05  # seconds a follower waits before it looks for new messages again


class ChatSession(Persistent):
    """One channel: its messages in an OOBTree, keyed by time in microseconds."""

    def __init__(self, name):
        self.name = name
        self._messages = OOBTree()
        # The newest key.  Every message changes it, so two transactions that add
        # messages at once conflict, and the second tries again with a later key:
        # keys follow the order of commits.  A PersistentMapping merges no
        # conflicts, and the ZEO server, which checks them, can import its class.
        self._newest = PersistentMapping(key=0)

    def add_message(self, sender, text, now=None):
        """Add a message; returns its key.  The caller commits."""
        if now is None:
            now = time.time_ns() // 1000
        key = max(now, self._newest["key"] + 1)
        self._newest["key"] = key
        self._messages[key] = (sender, text)
        return key

    def messages_after(self, key):
        """The ``(key, (sender, text))`` pairs after *key*, oldest first."""
        return list(self._messages.items(min=key, excludemin=True))


class Reader:
    """One reader's place in a channel: the key of the last message it returned.

    A plain object, not a persistent one: the place belongs to this process
    alone, and nothing that happens to the connection's cache (ghosts,
    invalidations, a reconnection to the server) can reset it."""

    def __init__(self, session):
        self.session = session
        self.last = 0

    def new_messages(self, limit=None):
        """Up to *limit* messages this reader has not returned yet, oldest first."""
        new = self.session.messages_after(self.last)[:limit]
        if new:
            self.last = new[-1][0]
        return [message for key, message in new]


def open_channel(conn, name):
    """The ChatSession of channel *name*, created (and committed) if missing; after
    a conflict (another process created it at the same moment), look again."""
    for _ in range(TRIES):
        transaction.begin()
        root = conn.root()
        if "channels" not in root:
            root["channels"] = OOBTree()
        if name not in root["channels"]:
            root["channels"][name] = ChatSession(name)
        try:
            transaction.commit()
        except ConflictError:
            transaction.abort()
        else:
            return root["channels"][name]
    raise ConflictError(f"could not create channel {name!r}")


def send(session, sender, text, timeout):
    """Add one message in a transaction of its own.  After a conflict, abort and
    try again, up to TRIES times; while the server is away, keep trying for up to
    *timeout* seconds.  Returns how many conflicts it met."""
    retries, away_since = 0, None
    while True:
        transaction.begin()
        try:
            session.add_message(sender, text)
            transaction.commit()
            return retries
        except ConflictError:
            transaction.abort()  # another message got in first: read _newest again
            retries += 1
            if retries == TRIES:
                raise
        except ClientDisconnected:
            transaction.abort()
            away_since = away_since or time.monotonic()
            if time.monotonic() - away_since > timeout:
                raise  # the server has not come back: give up
            time.sleep(POLL)


def show(messages):
    for sender, text in messages:
        print(f"{sender}: {text}", flush=True)


def chat(conn, channel, sender, count, timeout):
    """Send *count* messages to *channel*, showing what arrived after each one.
    Returns the number of retries."""
    session = open_channel(conn, channel)
    reader = Reader(session)
    retries = 0
    for number in range(1, count + 1):
        retries += send(session, sender, f"message {number} of {count}", timeout)
        show(reader.new_messages())
    transaction.abort()
    return retries


def follow(conn, channel, count=None):
    """Show the messages of *channel* as they arrive, never writing anything;
    stop after *count* of them (None: never).  Returns False if there is no
    such channel."""
    session = conn.root().get("channels", {}).get(channel)
    if session is None:
        return False
    reader = Reader(session)
    shown = 0
    while count is None or shown < count:
        transaction.begin()  # a new snapshot, with what the others committed
        try:
            new = reader.new_messages(None if count is None else count - shown)
        except ClientDisconnected:  # the server is away: keep the place, wait
            new = []
        show(new)
        shown += len(new)
        if not new:
            time.sleep(POLL)
    transaction.abort()
    return True


def parse_address(text):
    """``HOST:PORT`` for TCP, anything else is the path of a Unix socket."""
    host, colon, port = text.rpartition(":")
    if colon and "/" not in text and port.isdigit():
        return host, int(port)
    return text


def connect(parser, args):
    """A database on the server at ``args.address``; exits with a message if
    there is none."""
    try:
        return ZEO.DB(parse_address(args.address), wait_timeout=args.timeout,
                      read_only=args.follow)
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.address} "
                       f"within {args.timeout:g} s\n")
    except ReadOnlyError:  # an empty database: a read-only client cannot add a root
        parser.exit(1, f"{parser.prog}: there is no channel {args.channel!r} "
                       f"at {args.address} yet\n")


def run(parser, args):
    """Chat or follow, as *args* say; returns the exit status."""
    db = connect(parser, args)
    conn = db.open()
    try:
        if args.follow:
            found = follow(conn, args.channel, args.count)
        else:
            retries = chat(conn, args.channel, args.name, args.count, args.timeout)
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: lost the ZEO server at {args.address}; "
                       f"it did not come back within {args.timeout:g} s\n")
    finally:
        transaction.abort()
        conn.close()
        db.close()
    if args.follow and not found:
        parser.exit(1, f"{parser.prog}: there is no channel {args.channel!r} "
                       f"at {args.address} yet\n")
    if not args.follow:
        plural = "" if args.count == 1 else "s"
        print(f"{args.name} sent {args.count} message{plural} to {args.channel} "
              f"(retries: {retries})", flush=True)
    return 0


# Explained in the book's ZEO chapter (docs/zeo.rst), section "A throwaway server".
@contextlib.contextmanager
def throwaway_server(directory, blob_dir=None):
    """Run a ZEO server in a thread of this process, for demos and tests.

    It serves the FileStorage ``Data.fs`` in *directory* (with blobs in
    *blob_dir*, if given) on the Unix socket ``zeo.sock`` there, and logs to
    ``zeo.log`` there.  Yields the server's address; stops the server on exit."""
    log = logging.FileHandler(os.path.join(directory, "zeo.log"))
    logger = logging.getLogger("ZEO")
    logger.addHandler(log)
    logger.propagate = False  # keep the server's messages out of the program's output
    try:
        with contextlib.chdir(directory):  # ZEO.server() writes its config here
            address, stop = ZEO.server(path=os.path.join(directory, "Data.fs"),
                                       blob_dir=blob_dir,
                                       port=os.path.join(directory, "zeo.sock"))
        try:
            yield address
        finally:
            stop()
    finally:
        logger.removeHandler(log)
        logger.propagate = True
        log.close()


def demo(parser):
    """Two people chat in turn, then a follower reads the channel."""
    with tempfile.TemporaryDirectory() as tmp, throwaway_server(tmp) as address:
        for argv in (["--name", "ada", "--count", "2"],
                     ["--name", "bob", "--count", "1"],
                     ["--follow", "--count", "3"]):
            print(f"--- chat.py {' '.join(argv)} lobby")
            run(parser, parser.parse_args([*argv, "--address", address, "lobby"]))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Chat with other processes through a ZEO server.")
    parser.add_argument("channel", nargs="?", default="lobby",
                        help="the channel to talk in (default: lobby)")
    parser.add_argument("--address",
                        help="the server: the path of its Unix socket, or HOST:PORT "
                             "(default: a demo with a throwaway server)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default: 10)")
    parser.add_argument("--name", default="guest",
                        help="who is talking (default: guest)")
    parser.add_argument("--count", type=int, metavar="N",
                        help="messages to send (default: 3), or with --follow, "
                             "messages to show before stopping (default: never stop)")
    parser.add_argument("--follow", action="store_true",
                        help="only show the channel's messages, as they arrive; "
                             "connects read-only")
    args = parser.parse_args(argv)
    if args.count is None and not args.follow:
        args.count = 3
    if args.count is not None and args.count < 0:
        parser.error("--count must not be negative")

    try:
        return demo(parser) if args.address is None else run(parser, args)
    except KeyboardInterrupt:  # Ctrl-C: how a follower without --count stops
        return 130


if __name__ == "__main__":
    # Stored objects remember their class by module and name.  Run as a script,
    # this module is "__main__"; import it under its own name, so that the
    # database refers to chat.ChatSession, which every chat process can import.
    import chat

    sys.exit(chat.main())
