# SPDX-License-Identifier: 0BSD
"""Several threads add to one counter, each through its own connection.

Every increment is a transaction.  Two threads that increment at the same time
conflict; the loser retries, so the final count is exact however the threads
interleave::

    python counter.py
    python counter.py --threads 8 --increments 25
"""
import argparse
import os
import sys
import tempfile
import threading

import transaction
import ZODB
from persistent import Persistent


class Counter(Persistent):
    """A number that every thread changes: the worst case for conflicts."""

    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1


def add_many(db, increments, start, tries=100):
    """Increment ``root.counter`` *increments* times, one transaction each.

    Runs in a thread of its own and opens its own connection, which belongs to
    this thread's transaction manager, ``transaction.manager``.  Waits on the
    barrier *start*, so that all threads begin together.  Returns how many
    attempts failed with a conflict and were retried."""
    conn = db.open()
    retries = 0
    try:
        start.wait()
        for _ in range(increments):
            for number, attempt in enumerate(transaction.manager.attempts(tries)):
                if number:  # a second or later attempt: the one before conflicted
                    retries += 1
                with attempt:
                    conn.root.counter.increment()
    finally:
        conn.close()
    return retries


def run_threads(db, threads=4, increments=50):
    """Start *threads* threads running :func:`add_many`; return the retries."""
    start = threading.Barrier(threads)
    retries = [0] * threads

    def work(index):
        retries[index] = add_many(db, increments, start)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(retries)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Increment one counter from several threads, with retries.")
    parser.add_argument("--threads", type=int, default=4, metavar="N",
                        help="how many threads (default 4)")
    parser.add_argument("--increments", type=int, default=50, metavar="N",
                        help="increments per thread (default 50)")
    args = parser.parse_args(argv)
    if args.threads < 1 or args.increments < 1:
        parser.error("--threads and --increments must be at least 1")

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(os.path.join(tmp, "Data.fs"))
        try:
            with db.transaction() as conn:
                conn.root.counter = Counter()
            retries = run_threads(db, args.threads, args.increments)
            with db.transaction() as conn:
                value = conn.root.counter.value
        finally:
            db.close()
    print(f"{args.threads} threads x {args.increments} increments: "
          f"counter = {value}")
    print(f"conflicts retried: {retries}")
    return 0 if value == args.threads * args.increments else 1


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file
    # under its own name, so that the database refers to counter.Counter and not
    # to __main__.Counter.
    import counter

    sys.exit(counter.main())
