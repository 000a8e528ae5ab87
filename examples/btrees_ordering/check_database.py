# SPDX-License-Identifier: 0BSD
"""Check every BTree in a FileStorage file, and repair the damaged ones by copying.

Walks all persistent objects reachable from the root, runs ``_check()`` and
``BTrees.check.check()`` on each BTree, TreeSet, Bucket and Set, and reports the
damaged ones.  With ``--repair`` it re-sorts them in place and commits::

    python check_database.py Data.fs
    python check_database.py Data.fs --repair

The exit status is 1 while damaged trees remain.  Without a file, it runs a demo on
a database it damages on purpose, in a temporary directory.
"""
import argparse
import json
import os
import re
import sys
import tempfile

import zc.lockfile
import ZODB
import ZODB.FileStorage
from BTrees.check import check
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

ADDRESS = re.compile(r" \(0x[0-9a-f]+ oid=[^)]*\)")  # memory addresses change every run


def is_btree(obj):
    """True for the BTrees containers: BTree, TreeSet, Bucket and Set of any family."""
    return type(obj).__module__.startswith("BTrees.") and hasattr(obj, "keys")


def problems(tree):
    """What is wrong with *tree*, one line per problem; empty if nothing is."""
    found = []
    if hasattr(tree, "_check"):  # BTree and TreeSet: do the internal links agree?
        try:
            tree._check()
        except AssertionError as error:
            found.append(f"_check(): {error}")
    try:
        check(tree)  # is every key in order, and inside the range of its node?
    except AssertionError as error:
        found += str(error).splitlines()[1:]  # the first line names the tree itself
    return [ADDRESS.sub("", line) for line in found]


def repair(tree):
    """Re-sort *tree* in place, keeping its identity; return its length afterwards."""
    copy = type(tree)(tree)  # the constructor inserts the items one by one, in order
    tree.clear()
    tree.update(copy)
    return len(tree)


def references(path, value):
    """(path, object) for the persistent objects in *value*, looking into plain
    containers but not into other persistent objects."""
    if isinstance(value, Persistent):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from references(f"{path}[{key!r}]", item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            yield from references(f"{path}[{index}]", item)


def reachable(root):
    """(path, object) for every persistent object reachable from *root*, once each."""
    seen, todo = set(), [("root", root)]
    while todo:
        path, obj = todo.pop(0)
        if obj._p_oid in seen:
            continue
        seen.add(obj._p_oid)
        yield path, obj
        if hasattr(obj, "items"):  # mappings: BTrees, PersistentMapping, ...
            for key, value in obj.items():
                todo += references(f"{path}[{key!r}]", value)
                todo += references(f"{path} (the key {key!r})", key)
        elif is_btree(obj):  # sets of keys
            for key in obj.keys():
                todo += references(f"{path}[{key!r}]", key)
        else:
            for name, value in vars(obj).items():
                todo += references(f"{path}.{name}", value)


def check_file(path, fix=False):
    """Check (and with *fix*, repair) every BTree in *path*; return how many stay damaged."""
    storage = ZODB.FileStorage.FileStorage(path, read_only=not fix)
    db = ZODB.DB(storage)
    try:
        with db.transaction() as conn:
            trees = damaged = repaired = 0
            for where, obj in reachable(conn.root()):
                if not is_btree(obj):
                    continue
                trees += 1
                if trees % 1000 == 0:
                    conn.cacheGC()  # keep memory bounded on big databases
                found = problems(obj)
                if not found:
                    continue
                damaged += 1
                print(f"{where}: damaged {type(obj).__name__} with {len(obj)} entries")
                for line in found:
                    print(f"    {line}")
                if fix:
                    before = len(obj)
                    after = repair(obj)
                    print(f"    repaired: {before} entries before, {after} after")
                    repaired += not problems(obj)
            print(f"trees checked: {trees}, damaged: {damaged}"
                  + (f", repaired: {repaired}" if fix else ""))
            return damaged - repaired
    finally:
        db.close()


def make_damaged_database(path):
    """A database whose OOBTree has a list key that was changed in place, and saved."""
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            conn.root()["tags"] = OOTreeSet(["btrees", "zodb"])  # a healthy tree
            events = conn.root()["events"] = OOBTree()
            for key in json.loads("[[2024, 3], [2024, 11], [2025, 1]]"):
                events[key] = f"{key[0]}-{key[1]:02}"  # JSON gives lists, not tuples
        with db.transaction() as conn:
            events = conn.root()["events"]
            events.minKey()[0] = 2026  # changes the key inside the tree!
            events[[2025, 6]] = "2025-06"  # the bucket changes, so it is saved
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Check the BTrees in a FileStorage file; repair them by copying.")
    parser.add_argument("file", nargs="?",
                        help="the FileStorage file, for example Data.fs (without it: "
                             "a demo on a damaged database in a temporary directory)")
    parser.add_argument("--repair", action="store_true",
                        help="re-sort damaged trees in place and commit")
    args = parser.parse_args(argv)
    if args.file is None:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "events.fs")
            make_damaged_database(path)
            print("== checking events.fs, a database damaged on purpose")
            check_file(path)
            print("== repairing it")
            check_file(path, fix=True)
            print("== checking it again")
            return 1 if check_file(path) else 0
    if not os.path.exists(args.file):
        parser.error(f"no such file: {args.file}")
    try:
        return 1 if check_file(args.file, fix=args.repair) else 0
    except zc.lockfile.LockError:
        parser.exit(1, f"{parser.prog}: {args.file} is open in another process\n")


if __name__ == "__main__":
    sys.exit(main())
