# SPDX-License-Identifier: 0BSD
"""Run two changes in concurrent transactions and report who wins.

``race()`` is a small laboratory for conflicts: it applies one change in each of two
connections, commits the first and then the second, and tells whether the second
commit went through (its change merged with the first) or which error it raised.
Run as a script, it prints what BTrees and ``BTrees.Length`` merge and refuse::

    python race.py
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from ZODB.POSException import ConflictError


def race(db, first, second):
    """Call first(root) and second(root) in two concurrent transactions.

    Both transactions begin before either commits; then the first commits, then
    the second.  Returns "both committed", or the name of the error that the
    second commit raised (its transaction is then aborted)."""
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = db.open(tm1), db.open(tm2)
    try:
        tm1.begin()
        tm2.begin()
        first(conn1.root)
        second(conn2.root)
        tm1.commit()
        try:
            tm2.commit()
        except ConflictError as error:
            tm2.abort()
            return type(error).__name__
        return "both committed"
    finally:
        conn1.close()
        conn2.close()


def bucket_sizes(tree):
    """How many keys each bucket of a BTree holds, from left to right.

    (It follows the private links _firstbucket and _next: fine for a look inside,
    not something to build on.)"""
    sizes = []
    bucket = tree._firstbucket
    while bucket is not None:
        sizes.append(len(bucket))
        bucket = bucket._next
    return sizes


def children(tree):
    """The nodes the top of a BTree points to, from left to right.

    A small tree's top points straight at its buckets; a big one's points at
    further tree nodes, each of which points at buckets (or at further nodes)."""
    state = tree.__getstate__()
    return list(state[0][::2]) if state else []


def put(key):
    """A change that stores *key* in root.tree."""
    def change(root):
        root.tree[key] = "new"
    change.__doc__ = f"tree[{key!r}] = ..."
    return change


def delete(key):
    """A change that deletes *key* from root.tree."""
    def change(root):
        del root.tree[key]
    change.__doc__ = f"del tree[{key!r}]"
    return change


def delete_range(low, high):
    """A change that deletes the keys low, low+1 ... high-1 from root.tree."""
    def change(root):
        for key in range(low, high):
            del root.tree[key]
    change.__doc__ = f"del tree[{low}..{high - 1}]"
    return change


def length(method, value):
    """A change that calls root.length.change(value) or root.length.set(value)."""
    def change(root):
        getattr(root.length, method)(value)
    change.__doc__ = f"length.{method}({value})"
    return change


def setting(key):
    """A change that stores *key* in root.settings, a PersistentMapping."""
    def change(root):
        root.settings[key] = True
    change.__doc__ = f"settings[{key!r}] = ..."
    return change


def fresh_data(root, size=60):
    """What every race starts from: a tree of the keys 0 to size-1, inserted in
    order, a Length of 10 and an empty mapping."""
    root.tree = OOBTree({number: "old" for number in range(size)})
    root.length = Length(10)
    root.settings = PersistentMapping()


CASES = [
    (put(0.5), put(20.5)),    # new keys in different buckets
    (put(0.5), put(1.5)),     # new keys in the same bucket
    (put(3), put(4)),         # new values for different keys
    (delete(3), delete(4)),   # different keys deleted
    (put(0.5), put(0.5)),     # the same new key on both sides
    (put(3), put(3)),         # the same key changed on both sides
    (put(3), delete(3)),      # one changes a key, the other deletes it
    (delete(0), delete(1)),   # one deletes the first key of a bucket
    (delete_range(15, 30), put(20.5)),  # one empties a bucket the other changes
    (put(100), put(0.5)),     # the first change splits the (full) last bucket
    (put(0.5), put(100)),     # the second change splits it
    (put(100), put(101)),     # both split the last bucket
    (length("change", 1), length("change", 1)),
    (length("set", 3), length("set", 4)),
    (setting("a"), setting("b")),  # a PersistentMapping merges nothing
]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show which concurrent changes merge and which conflict.")
    parser.add_argument("--file", help="FileStorage file to use "
                        "(default: a new file in a temporary directory)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(args.file or os.path.join(tmp, "race.fs"))
        try:
            for first, second in CASES:
                with db.transaction() as conn:
                    fresh_data(conn.root)
                outcome = race(db, first, second)
                if outcome == "both committed" and first.__doc__.startswith("length"):
                    with db.transaction() as conn:
                        outcome += f", length is {conn.root.length()}"
                print(f"{first.__doc__:<20} | {second.__doc__:<20} -> {outcome}")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
