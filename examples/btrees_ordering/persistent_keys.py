# SPDX-License-Identifier: 0BSD
"""Why persistent objects make poor BTree keys: concurrent inserts stop merging.

Two connections, each with its own transaction manager, insert one key each into
the same small tree and commit one after the other.  With int keys, or with names
as keys and the persistent objects as values, ZODB merges the two inserts.  With
the persistent objects themselves as keys the second commit fails, although the
class orders its instances properly::

    python persistent_keys.py
"""
import argparse
import functools
import logging
import os
import sys
import tempfile
import traceback

import transaction
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from ZODB.POSException import ConflictError


@functools.total_ordering
class Tag(Persistent):
    """A persistent tag, ordered by name."""

    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        if not isinstance(other, Tag):
            return NotImplemented
        return self.name == other.name

    def __lt__(self, other):
        if not isinstance(other, Tag):
            return NotImplemented
        return self.name < other.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"Tag({self.name!r})"


class Reasons(logging.Handler):
    """Collects why conflict resolution failed (ZODB logs it, then raises ConflictError)."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def emit(self, record):
        if record.exc_info:
            self.seen.append(traceback.format_exception_only(record.exc_info[1])[-1].strip())


def insert_concurrently(db, name, first, second):
    """Insert *first* and *second* into ``root[name]`` from two connections at once.

    Both connections read the tree before either commits, as two programs would.
    Returns the sorted keys the tree has afterwards, and whether the second commit
    failed with a ConflictError.
    """
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = db.open(transaction_manager=tm1), db.open(transaction_manager=tm2)
    try:
        tree1, tree2 = conn1.root()[name], conn2.root()[name]
        tree1[first[0]] = first[1]
        tree2[second[0]] = second[1]
        tm1.commit()
        try:
            tm2.commit()  # the tree changed since conn2 read it: ZODB tries to merge
            conflicted = False
        except ConflictError:
            tm2.abort()
            conflicted = True
    finally:
        conn1.close()
        conn2.close()
    with db.transaction() as conn:
        return list(conn.root()[name].keys()), conflicted


def demo(db):
    with db.transaction() as conn:
        root = conn.root()
        root["by_number"] = OOBTree({10: "ten"})
        root["by_tag"] = OOBTree()
        root["by_tag"][Tag("m")] = "m"
        root["by_name"] = OOBTree({"m": Tag("m")})

    rounds = [
        ("int keys", "by_number", (1, "one"), (2, "two")),
        ("Tag keys", "by_tag", (Tag("a"), "a"), (Tag("b"), "b")),
        ("names as keys, Tag values", "by_name", ("a", Tag("a")), ("b", Tag("b"))),
    ]
    reasons = Reasons()
    logging.getLogger("ZODB.ConflictResolution").addHandler(reasons)
    try:
        for label, name, first, second in rounds:
            keys, conflicted = insert_concurrently(db, name, first, second)
            outcome = "ConflictError" if conflicted else "merged"
            print(f"{label + ':':27} {outcome:13} keys now {keys}")
            for reason in reasons.seen:
                print("    conflict resolution failed:")
                print(f"    {reason}")
            reasons.seen.clear()
    finally:
        logging.getLogger("ZODB.ConflictResolution").removeHandler(reasons)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Insert keys concurrently into BTrees with int, Tag and str keys.")
    parser.parse_args(argv)
    # A FileStorage resolves conflicts; a MappingStorage (ZODB.DB(None)) never does.
    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(os.path.join(tmp, "tags.fs"))
        try:
            demo(db)
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    # The demo stores Tag objects: import this file under its own name, so that the
    # database refers to persistent_keys.Tag rather than __main__.Tag.
    import persistent_keys

    sys.exit(persistent_keys.main())
