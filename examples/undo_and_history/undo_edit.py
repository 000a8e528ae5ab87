# SPDX-License-Identifier: 0BSD
"""Undo the newest change one user made to a small wiki kept in a FileStorage file.

Run without arguments, it builds a throwaway wiki in a temporary directory: ada
writes the home page, mallory defaces it, and mallory's transaction is undone::

    python undo_edit.py
    python undo_edit.py --user ada    # refused: mallory changed the page after ada
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from persistent.mapping import PersistentMapping
from ZODB.POSException import UndoError


def edit(db, title, text, user):
    """Set the text of one page, in a transaction that records who did it."""
    with db.transaction(f"edit {title}") as conn:
        conn.transaction_manager.get().user = user
        root = conn.root()
        if title not in root:
            root[title] = PersistentMapping()
        root[title]["text"] = text


def read(db, title):
    """The current text of a page."""
    with db.transaction() as conn:
        return conn.root()[title]["text"]


def latest_by(db, user, search=50):
    """The undo-log entry of *user*'s newest transaction among the last *search*.

    Returns None when there is none."""
    for entry in db.undoLog(0, search):
        if entry["user_name"] == user:
            return entry
    return None


def undo(db, entry):
    """Undo the transaction of one undo-log entry, and commit the undo."""
    with transaction.TransactionManager() as txn:  # commits when the block ends
        txn.note(f"undo {entry['description']!r} by {entry['user_name']}")
        db.undo(entry["id"], txn)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Build a demo wiki in a temporary directory, let mallory deface "
                    "it, then undo the newest transaction of one user.")
    parser.add_argument("--user", default="mallory",
                        help="whose newest transaction to undo (default: %(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        db = ZODB.DB(os.path.join(directory, "wiki.fs"))
        try:
            edit(db, "home", "Welcome to our wiki.", user="ada")
            print("home:", read(db, "home"))
            edit(db, "home", "BUY CHEAP WATCHES", user="mallory")
            print("home:", read(db, "home"))
            entry = latest_by(db, args.user)
            if entry is None:
                parser.exit(1, f"{parser.prog}: no recent transaction by {args.user}\n")
            try:
                undo(db, entry)
            except UndoError:
                parser.exit(1, f"{parser.prog}: cannot undo {entry['description']!r} "
                               f"by {args.user}: a later transaction changed the same "
                               "object\n")
            print(f"undid {entry['description']!r} by {args.user}")
            print("home:", read(db, "home"))
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
