# SPDX-License-Identifier: 0BSD
"""Undo several transactions at once, with db.undoMultiple().

The demo builds a wiki in a temporary directory, lets mallory deface two pages in
two transactions, and undoes both in one transaction::

    python undo_many.py
    python undo_many.py --one-by-one    # the wrong way: db.undo() twice blocks

With ``--one-by-one`` it calls ``db.undo()`` once per transaction instead, in one
transaction, and reports that the commit is still waiting after ``--wait`` seconds.
"""
import argparse
import os
import sys
import tempfile
import threading

import transaction
import ZODB
from persistent.mapping import PersistentMapping


def edit(db, title, text, user):
    """Set the text of one page, in a transaction that records who did it."""
    with db.transaction(f"edit {title}") as conn:
        conn.transaction_manager.get().user = user
        root = conn.root()
        if title not in root:
            root[title] = PersistentMapping()
        root[title]["text"] = text


def undo_all_by(db, user, search=50):
    """Undo every transaction *user* committed among the last *search*, at once.

    Returns the undone entries, newest first."""
    entries = [entry for entry in db.undoLog(0, search) if entry["user_name"] == user]
    with transaction.TransactionManager() as txn:  # commits when the block ends
        txn.note(f"undo {len(entries)} transactions by {user}")
        db.undoMultiple([entry["id"] for entry in entries], txn)
    return entries


def undo_one_by_one(db, entries, wait):
    """The wrong way: one db.undo() call per entry, all in one transaction.

    Commits in a background thread; returns True if the commit finished within
    *wait* seconds."""
    manager = transaction.TransactionManager()
    txn = manager.begin()
    for entry in entries:
        db.undo(entry["id"], txn)
    committer = threading.Thread(target=manager.commit, daemon=True)
    committer.start()
    committer.join(wait)
    return not committer.is_alive()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Undo two transactions of one user in a single transaction.")
    parser.add_argument("--one-by-one", action="store_true",
                        help="call db.undo() once per transaction instead (it blocks)")
    parser.add_argument("--wait", type=float, default=0.5,
                        help="seconds to wait for the commit (default: %(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        db = ZODB.DB(os.path.join(directory, "wiki.fs"))
        edit(db, "home", "Welcome to our wiki.", user="ada")
        edit(db, "faq", "Ask us anything.", user="ada")
        edit(db, "home", "BUY CHEAP WATCHES", user="mallory")
        edit(db, "faq", "CHEAP WATCHES HERE", user="mallory")
        if args.one_by_one:
            mallory = [e for e in db.undoLog(0, 50) if e["user_name"] == "mallory"]
            if not undo_one_by_one(db, mallory, args.wait):
                # The commit thread holds the storage's commit lock for good:
                # closing the database would wait for it too, so leave it open.
                parser.exit(1, f"{parser.prog}: the commit is still waiting after "
                               f"{args.wait} s; use db.undoMultiple() instead\n")
        else:
            undone = undo_all_by(db, "mallory")
            print("undid:", ", ".join(entry["description"] for entry in undone))
        with db.transaction() as conn:
            for title in ("home", "faq"):
                print(f"{title}:", conn.root()[title]["text"])
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
