# SPDX-License-Identifier: 0BSD
"""Bigger buckets for a BTree: a subclass that changes the node sizes.

A BTree class says how many keys a bucket holds (``max_leaf_size``) and how many
children an inner node holds (``max_internal_size``) before the node splits.  A
subclass can change both.  The program stores the same keys in an OOBTree and in
the subclass, in a database in memory, and counts the records each one takes::

    python node_sizes.py --keys 400
"""
import argparse
import sys

import ZODB
from BTrees.OOBTree import OOBTree


class WideOOBTree(OOBTree):
    """An OOBTree whose buckets hold up to 500 keys, and inner nodes 1000 children."""

    max_leaf_size = 500
    max_internal_size = 1000


def records_for(tree_class, keys):
    """Store *keys* integer keys in a new *tree_class* tree; return how many
    object records the tree takes in the storage."""
    db = ZODB.DB(None)
    try:
        before = len(db.storage)  # the root
        with db.transaction() as conn:
            conn.root()["tree"] = tree_class({n: n for n in range(keys)})
        return len(db.storage) - before
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Count the records an OOBTree and a subclass with bigger "
                    "nodes take for the same keys.")
    parser.add_argument("--keys", type=int, default=400, metavar="N",
                        help="how many keys to store (default 400)")
    args = parser.parse_args(argv)
    if args.keys < 0:
        parser.error("--keys must not be negative")

    for tree_class in OOBTree, WideOOBTree:
        count = records_for(tree_class, args.keys)
        print(f"{tree_class.__name__:12} max_leaf_size {tree_class.max_leaf_size:3}: "
              f"{args.keys} keys in {count} record{'s' if count != 1 else ''}")
    return 0


if __name__ == "__main__":
    # A stored object remembers its class by module and name.  Run as a script, this
    # module is called "__main__"; import it under its own name instead, so that the
    # database refers to node_sizes.WideOOBTree, which other programs can import too.
    import node_sizes

    sys.exit(node_sizes.main())
