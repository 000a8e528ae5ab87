# SPDX-License-Identifier: 0BSD
"""How savepoints bound the memory of one very large transaction, counted.

One transaction stores thousands of new records in a BTree.  The program counts,
just before the commit, how many records are still in memory and how many of those
hold their state (are not ghosts), with and without a savepoint every N records::

    python bulk_load.py                            # 5000 records, no savepoints
    python bulk_load.py --savepoint-every 1000     # the same, with savepoints
"""
import argparse
import gc
import os
import sys
import tempfile
import weakref

import transaction
import ZODB
from BTrees.IOBTree import IOBTree
from persistent import Persistent


class Record(Persistent):
    """One imported row."""

    def __init__(self, number):
        self.number = number
        self.text = f"row {number}"


def load(conn, count, savepoint_every=None):
    """Add *count* new records in the current transaction; don't commit.

    Returns (records still in memory, records holding their state)."""
    in_memory = weakref.WeakSet()  # watches the records without keeping them alive
    records = conn.root()["records"] = IOBTree()
    for number in range(count):
        record = records[number] = Record(number)
        in_memory.add(record)
        if savepoint_every and (number + 1) % savepoint_every == 0:
            transaction.savepoint()
    gc.collect()  # count only what is really still reachable
    holding = sum(1 for record in in_memory if record._p_changed is not None)
    return len(in_memory), holding


def run(path, count, savepoint_every, cache_size):
    db = ZODB.DB(path, cache_size=cache_size)
    try:
        conn = db.open()
        in_memory, holding = load(conn, count, savepoint_every)
        how = (f"a savepoint every {savepoint_every}" if savepoint_every
               else "no savepoints")
        print(f"{count} new records, {how}, cache size {cache_size}:")
        print(f"  records in memory before the commit: {in_memory}")
        print(f"  records holding their state:         {holding}")
        print(f"  objects holding state in the cache:  {db.cacheSize()}")
        transaction.commit()
        print(f"  records committed:                   {len(conn.root()['records'])}")
        conn.close()
    finally:
        db.close()


def positive(text):
    number = int(text)
    if number <= 0:
        raise ValueError(text)
    return number


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Store many records in one transaction and count what stays in "
                    "memory, with or without savepoints.")
    parser.add_argument("--count", type=positive, default=5000,
                        help="how many records to store (default: 5000)")
    parser.add_argument("--savepoint-every", type=positive, metavar="N",
                        help="take a savepoint after every N records (default: never)")
    parser.add_argument("--cache-size", type=positive, default=100,
                        help="the connection's cache size in objects (default: 100)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        run(os.path.join(tmp, "bulk.fs"), args.count, args.savepoint_every,
            args.cache_size)
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module name: import this file as
    # "bulk_load", so the database refers to bulk_load.Record, not __main__.Record.
    import bulk_load

    sys.exit(bulk_load.main())
