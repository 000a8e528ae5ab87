# SPDX-License-Identifier: 0BSD
"""Show every stored revision of one object, read back through historical connections.

The demo edits a wiki page three times in a FileStorage in a temporary directory,
then lists the page's revisions, newest first, with the text each one held::

    python page_history.py
    python page_history.py --size 2
"""
import argparse
import os
import sys
import tempfile

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


def revisions(db, oid, size=10):
    """(history entry, text) for the newest *size* revisions of the page *oid*."""
    found = []
    for entry in db.history(oid, size):
        past = db.open(at=entry["tid"])  # read-only, as of that transaction
        try:
            found.append((entry, past.get(oid)["text"]))
        finally:
            past.close()
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Edit a demo page three times, then list its revisions.")
    parser.add_argument("--size", type=int, default=10,
                        help="how many revisions to ask for (default: %(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        db = ZODB.DB(os.path.join(directory, "wiki.fs"))
        try:
            edit(db, "home", "Welcome to our wiki.", user="ada")
            edit(db, "home", "Welcome to our wiki. Be nice.", user="bob")
            edit(db, "home", "BUY CHEAP WATCHES", user="mallory")
            with db.transaction() as conn:
                oid = conn.root()["home"]._p_oid
            for entry, text in revisions(db, oid, args.size):
                print(f"{entry['description']} by {entry['user_name']}: {text}")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
