# SPDX-License-Identifier: 0BSD
"""When does one thread see what another thread committed?

A reader thread looks at one of two boxes, a writer thread changes both and
commits, and the reader looks again: first within its old transaction, then after
starting a new one.  The threads take turns by waiting on events, so the output
is the same on every run::

    python visibility.py
"""
import argparse
import sys
import threading

import transaction
import ZODB
from persistent import Persistent


class Box(Persistent):
    """One value, stored as an object of its own."""

    def __init__(self, value):
        self.value = value


def reader(db, looked, committed, report):
    """Read box ``a``, let the writer commit, then read ``a`` and ``b`` twice.

    Box ``b`` is loaded for the first time only after the writer's commit."""
    tm = transaction.TransactionManager()
    conn = db.open(tm)
    try:
        tm.begin()
        a, b = conn.root()["a"], conn.root()["b"]
        report(f"reader: a = {a.value}")
        looked.set()      # let the writer go ...
        committed.wait()  # ... and wait until it has committed
        report(f"reader, same transaction: a = {a.value}, b = {b.value}")
        tm.begin()
        report(f"reader, after begin():    a = {a.value}, b = {b.value}")
    finally:
        tm.abort()
        conn.close()


def writer(db, looked, committed, report):
    """Once the reader has looked, set both boxes to 1 and commit."""
    looked.wait()
    with db.transaction() as conn:
        conn.root()["a"].value = 1
        conn.root()["b"].value = 1
    report("writer: committed a = 1, b = 1")
    committed.set()


def run(db):
    """Run the reader and the writer in two threads; return what they reported."""
    lines = []
    looked, committed = threading.Event(), threading.Event()
    threads = [threading.Thread(target=job, args=(db, looked, committed, lines.append))
               for job in (reader, writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show when a thread sees another thread's commit.")
    parser.parse_args(argv)
    db = ZODB.DB(None)  # in memory: enough for two threads of one process
    try:
        with db.transaction() as conn:
            conn.root()["a"] = Box(0)
            conn.root()["b"] = Box(0)
        print(*run(db), sep="\n")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # Import this file under its own name, so that the database refers to
    # visibility.Box and not to __main__.Box.
    import visibility

    sys.exit(visibility.main())
