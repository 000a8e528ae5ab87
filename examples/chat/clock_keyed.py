# SPDX-License-Identifier: 0BSD
"""How a chat that keys its messages by the sender's clock loses one.

Three connections to one FileStorage take turns, in one thread, in an order
that happens between real processes too: Ada picks her message's key, Bob picks
a later one and commits, a reader shows Bob's message, then Ada commits.  The
BTree merges the two inserts, so nothing fails, and the reader, which asks only
for keys after the last one it showed, never shows Ada's message::

    python clock_keyed.py
"""
import argparse
import os
import sys
import tempfile
import time

import transaction
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent


class ClockKeyedSession(Persistent):
    """A channel as the 2000 HOWTO built it: messages keyed by the time the
    sender's process read from its own clock."""

    def __init__(self, name):
        self.name = name
        self._messages = OOBTree()

    def add_message(self, sender, text, now=None):
        if now is None:
            now = time.time_ns() // 1000
        self._messages[now] = (sender, text)
        return now

    def new_messages(self):
        last = getattr(self, "_v_last_time", 0)
        new = list(self._messages.values(min=last, excludemin=True))
        if new:
            self._v_last_time = self._messages.maxKey()
        return new


def lost_message(db):
    """Interleave two writers and a reader; print what each step does."""
    with db.transaction() as conn:
        conn.root()["lobby"] = ClockKeyedSession("lobby")
    ada_tm, bob_tm, reader_tm = (transaction.TransactionManager() for _ in range(3))
    connections = [db.open(tm) for tm in (ada_tm, bob_tm, reader_tm)]
    ada, bob, reader = (conn.root()["lobby"] for conn in connections)

    def show(messages):
        return ", ".join(f"{sender}: {text}" for sender, text in messages) or "nothing"

    try:
        ada.add_message("ada", "am I first?", now=100)
        print("ada adds a message with key 100, and has not committed yet")
        bob.add_message("bob", "hello", now=200)
        bob_tm.commit()
        print("bob adds a message with key 200, and commits")
        reader_tm.begin()
        print("the reader shows:", show(reader.new_messages()))
        ada_tm.commit()
        print("ada commits: no conflict, the two inserts were merged")
        reader_tm.begin()
        print("the reader shows:", show(reader.new_messages()))
        print("the channel holds:", show(reader._messages.values()))
    finally:
        for tm, conn in zip((ada_tm, bob_tm, reader_tm), connections, strict=True):
            tm.abort()
            conn.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show a reader missing a message keyed by its sender's clock.")
    parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(os.path.join(tmp, "chat.fs"))
        try:
            lost_message(db)
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this module
    # under its own name, so that the database refers to clock_keyed.ClockKeyedSession.
    import clock_keyed

    sys.exit(clock_keyed.main())
