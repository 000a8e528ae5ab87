# SPDX-License-Identifier: 0BSD
"""A persistent class that resolves its own write conflicts.

Two transactions that both count a visit to the same page would normally conflict.
``HitCounter._p_resolveConflict`` merges them instead: both visits are counted::

    python hit_counter.py
    python hit_counter.py --hits 3
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from persistent import Persistent
from ZODB.POSException import ConflictError


class HitCounter(Persistent):
    """Counts the visits to one page."""

    def __init__(self, page):
        self.page = page
        self.hits = 0

    def hit(self):
        self.hits += 1

    def _p_resolveConflict(self, old_state, saved_state, new_state):
        """Merge two concurrent changes.  ZODB calls this, not your code.

        Each state is what __getstate__() gives: here a dict of attributes.
        *old_state* is where both transactions started, *saved_state* what the
        other one committed, *new_state* what this one is committing."""
        merged = dict(new_state)
        # Hits add up: the other transaction's new hits go on top of ours.
        merged["hits"] = saved_state["hits"] + new_state["hits"] - old_state["hits"]
        # The page name: keep whichever side renamed it; refuse if both did.
        if saved_state["page"] != old_state["page"]:
            if new_state["page"] not in (old_state["page"], saved_state["page"]):
                raise ConflictError("both transactions renamed the page")
            merged["page"] = saved_state["page"]
        return merged


def concurrent_hits(db, hits):
    """Two connections each count *hits* visits, then commit one after the other.

    Returns the number of visits stored."""
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = db.open(tm1), db.open(tm2)
    try:
        for _ in range(hits):
            conn1.root.counter.hit()
            conn2.root.counter.hit()
        tm1.commit()
        tm2.commit()  # a conflict, resolved by HitCounter._p_resolveConflict
        tm1.begin()
        return conn1.root.counter.hits
    finally:
        conn1.close()
        conn2.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Count visits from two connections at once, without conflicts.")
    parser.add_argument("--file", help="FileStorage file to use "
                        "(default: a new file in a temporary directory)")
    parser.add_argument("--hits", type=int, default=1,
                        help="visits each connection counts (default: 1)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(args.file or os.path.join(tmp, "stats.fs"))
        try:
            with db.transaction() as conn:
                conn.root.counter = HitCounter("/index.html")
            total = concurrent_hits(db, args.hits)
            print(f"two connections counted {args.hits} each; stored: {total}")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    # Import this file under its own name: the database then refers to
    # hit_counter.HitCounter, a class that the conflict resolution can import too.
    import hit_counter

    sys.exit(hit_counter.main())
