# SPDX-License-Identifier: 0BSD
"""Object granularity, measured: one big persistent object against many small ones.

Both designs keep the same messages.  ``Mailbox`` holds them all in one plain dict,
so it is one database record; ``Message`` objects in an OOBTree are one record each.
The demo reads one message and marks one message read in each design, and counts
the objects loaded and stored and the bytes the FileStorage grew by::

    python granularity.py
    python granularity.py --messages 10000
"""
import argparse
import os
import sys
import tempfile

import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent


class Mailbox(Persistent):
    """Every message in one object: a change to one rewrites them all."""

    def __init__(self):
        self.messages = {}  # number -> {"subject": ..., "body": ..., "read": ...}

    def add(self, number, subject, body):
        self.messages[number] = {"subject": subject, "body": body, "read": False}
        self._p_changed = True

    def mark_read(self, number):
        self.messages[number]["read"] = True
        self._p_changed = True


class Message(Persistent):
    """One message, one object: kept in an OOBTree keyed by number."""

    def __init__(self, subject, body):
        self.subject = subject
        self.body = body
        self.read = False


def fill(root, count):
    root["mailbox"] = mailbox = Mailbox()
    root["messages"] = messages = OOBTree()
    for number in range(count):
        subject, body = f"message {number}", f"Text of message {number}. " * 5
        mailbox.add(number, subject, body)
        messages[number] = Message(subject, body)


def measure(path, count):
    """For each design, in a fresh cache: the objects loaded to read one message,
    the size of the record that holds it, and the objects stored and bytes appended
    to the file to mark it read."""
    results = {}
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            fill(conn.root(), count)
        middle = count // 2
        for design in ("mailbox", "messages"):
            with db.transaction() as conn:
                conn.cacheMinimize()  # start from an empty cache, as after a restart
                conn.getTransferCounts(clear=True)
                if design == "mailbox":
                    holder = conn.root()["mailbox"]
                    _ = holder.messages[middle]["subject"]  # read one message
                else:
                    holder = conn.root()["messages"][middle]
                    _ = holder.subject  # read one message
                loads, _ = conn.getTransferCounts(clear=True)
                record = holder._p_estimated_size  # the record's length, as loaded
                size = os.path.getsize(path)
                if design == "mailbox":
                    holder.mark_read(middle)
                else:
                    holder.read = True
            _, stores = conn.getTransferCounts()
            written = os.path.getsize(path) - size
            results[design] = (loads, record, stores, written)
    finally:
        db.close()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Compare one big persistent object with many small ones.")
    parser.add_argument("--messages", type=int, default=1000,
                        help="how many messages each design holds (default: 1000)")
    args = parser.parse_args(argv)
    if args.messages < 1:
        parser.error("--messages must be positive")

    with tempfile.TemporaryDirectory() as tmp:
        results = measure(os.path.join(tmp, "Data.fs"), args.messages)
    print(f"{args.messages} messages, read one, mark it read:")
    print(f"{'':24}{'loads':>6}{'record bytes':>14}{'stores':>8}{'bytes written':>15}")
    names = {"mailbox": "one Mailbox", "messages": "Messages in an OOBTree"}
    for design, (loads, record, stores, written) in results.items():
        print(f"{names[design]:24}{loads:>6}{record:>14}{stores:>8}{written:>15}")
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database refers to granularity.Message, not __main__.
    import granularity

    sys.exit(granularity.main())
