# SPDX-License-Identifier: 0BSD
"""Why a persistent class should not have a ``__del__`` method, measured.

Two classes differ only in a ``__del__`` that reads an attribute.  The demo stores
50 instances of each through a connection whose cache is sized for 10 objects and
counts what happens when the cache makes room::

    python finalizer.py
    python finalizer.py --count 200 --cache-size 20
    python finalizer.py --after-close    # what __del__ does once the database is closed
"""
import argparse
import gc
import sys
import weakref

import transaction
import ZODB
from persistent import Persistent
from persistent.list import PersistentList

#: Names of the objects whose ``__del__`` ran, in order.
cleaned_up = []


class Draft(Persistent):
    """A persistent object with no ``__del__``: the well-behaved kind."""

    def __init__(self, name):
        self.name = name


class DraftWithDel(Draft):
    """The same object with a ``__del__`` that looks harmless.  Don't do this."""

    def __del__(self):
        # Reading self.name on a ghost makes ZODB load the object again.
        cleaned_up.append(self.name)


def measure(cls, count=50, cache_size=10):
    """Store *count* instances of *cls* in one transaction; report what happened.

    Returns a dict: how often ``__del__`` ran inside the commit, how many objects
    the connection loaded from the storage, how many objects held their state
    afterwards, and how many instances were still in memory once the cache was
    emptied with ``cacheMinimize()``."""
    del cleaned_up[:]
    db = ZODB.DB(None, cache_size=cache_size)
    try:
        conn = db.open()
        conn.root()["drafts"] = PersistentList(cls(f"draft {i}") for i in range(count))
        alive = weakref.WeakSet(conn.root()["drafts"])
        before = len(cleaned_up)
        transaction.commit()
        loads, _ = conn.getTransferCounts()
        result = {
            "__del__ calls in commit()": len(cleaned_up) - before,
            "objects loaded again": loads,
            "objects holding state": db.cacheSize(),
        }
        conn.cacheMinimize()
        gc.collect()
        result["in memory after cacheMinimize()"] = len(alive)
        conn.close()
    finally:
        db.close()
    return result


def exit_after_close():
    """Close the database while a ghost with a ``__del__`` is still in memory.

    Python frees that ghost when the program ends, long after ``db.close()``."""
    db = ZODB.DB(None)
    writer = db.open()
    writer.root()["draft"] = DraftWithDel("kept draft")
    transaction.commit()
    reader = db.open()  # a second connection, with a cache of its own
    draft = reader.root()["draft"]  # a ghost: nothing loaded yet
    reader.close()
    writer.close()
    db.close()
    print(f"database closed, a {draft._p_status} still in memory; exiting")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Measure what a __del__ method does to a ZODB object cache.")
    parser.add_argument("--count", type=int, default=50,
                        help="objects stored in one transaction (default: 50)")
    parser.add_argument("--cache-size", type=int, default=10,
                        help="the connection's cache size in objects (default: 10)")
    parser.add_argument("--after-close", action="store_true",
                        help="instead, exit with a ghost left over from a closed database")
    args = parser.parse_args(argv)
    if args.count < 1 or args.cache_size < 1:
        parser.error("--count and --cache-size must be positive")
    if args.after_close:
        exit_after_close()
        return 0

    plain = measure(Draft, args.count, args.cache_size)
    with_del = measure(DraftWithDel, args.count, args.cache_size)
    print(f"{args.count} objects committed, cache size {args.cache_size}")
    print(f"{'':32}{'without __del__':>16}{'with __del__':>14}")
    for key in plain:
        print(f"{key:32}{plain[key]:>16}{with_del[key]:>14}")
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database never refers to __main__.DraftWithDel.
    import finalizer

    sys.exit(finalizer.main())
