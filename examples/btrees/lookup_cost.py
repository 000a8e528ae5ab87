# SPDX-License-Identifier: 0BSD
"""What one lookup reads, and one change writes: a big PersistentMapping against a BTree.

The program stores the same entries twice in one FileStorage file, once in a
PersistentMapping and once in an OOBTree.  Then, from a fresh connection, it looks up
one entry in each and counts the records the storage hands over, with their sizes in
bytes; finally it changes one entry in each and counts what the commit writes::

    python lookup_cost.py --entries 100000
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
import ZODB.FileStorage
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping


class CountingStorage:
    """Wrap a storage and note every object record that passes through it.

    ``loaded`` and ``stored`` are lists of ``(oid, size in bytes)``.  Everything
    else is passed on to the wrapped storage unchanged.
    """

    def __init__(self, storage):
        self._storage = storage
        self.loaded = []
        self.stored = []

    def __getattr__(self, name):
        return getattr(self._storage, name)

    def loadBefore(self, oid, tid):  # the database reads every object record here
        result = self._storage.loadBefore(oid, tid)
        if result is not None:
            self.loaded.append((oid, len(result[0])))
        return result

    def store(self, oid, serial, data, version, txn):  # ...and writes them here
        self.stored.append((oid, len(data)))
        return self._storage.store(oid, serial, data, version, txn)


def key(number):
    return f"user{number:07d}"


def fill(path, entries):
    """Store the same *entries* under root["mapping"] and root["tree"]."""
    data = {key(n): f"{key(n)}@example.com" for n in range(entries)}
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            conn.root()["mapping"] = PersistentMapping(data)
            conn.root()["tree"] = OOBTree(data)
    finally:
        db.close()


def measure(path, name, wanted):
    """Look up *wanted* in root[name] from a fresh connection, then change it.

    Returns two lists of ``(class name, bytes)``: the records the lookup loaded and
    the records the change wrote.  The root object is loaded before counting starts.
    """
    storage = CountingStorage(ZODB.FileStorage.FileStorage(path))
    db = ZODB.DB(storage)
    try:
        conn = db.open()
        root = conn.root()
        root._p_activate()  # load the root itself first: it is not what we measure
        storage.loaded.clear()
        container = root[name]
        container[wanted]  # the lookup
        loaded = [(type(conn.get(oid)).__name__, size) for oid, size in storage.loaded]

        container[wanted] = "changed@example.com"  # the change
        transaction.commit()
        stored = [(type(conn.get(oid)).__name__, size) for oid, size in storage.stored]
        conn.close()
    finally:
        db.close()
    return loaded, stored


def describe(records):
    total = sum(size for _, size in records)
    parts = " + ".join(f"{cls} {size:,}" for cls, size in records)
    noun = "record" if len(records) == 1 else "records"
    return f"{len(records)} {noun}, {total:,} bytes ({parts})"


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Count what one lookup loads and one change writes, in a "
                    "PersistentMapping and in an OOBTree holding the same entries.")
    parser.add_argument("--entries", type=int, default=100_000,
                        help="how many entries to store (default: 100000)")
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("--entries must be at least 1")

    wanted = key(args.entries // 2)
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "lookup.fs")
        fill(path, args.entries)
        results = {name: measure(path, name, wanted) for name in ("mapping", "tree")}

    print(f"{args.entries:,} entries; looking up {wanted!r} loads:")
    for name, (loaded, _) in results.items():
        print(f"  {name:8} {describe(loaded)}")
    print("changing it writes:")
    for name, (_, stored) in results.items():
        print(f"  {name:8} {describe(stored)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
