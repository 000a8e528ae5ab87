# SPDX-License-Identifier: 0BSD
"""Read a window of the undo log, the way undoLog() and undoInfo() count it.

The demo commits five edits by two users to a FileStorage in a temporary
directory, then prints part of the undo log.  Positions count from 0, the
newest transaction; try the options to see which entries a call returns::

    python undo_log.py
    python undo_log.py --first 1 --last 3
    python undo_log.py --first 1 --last -3
    python undo_log.py --user ada
    python undo_log.py --word home
"""
import argparse
import os
import sys
import tempfile

import ZODB

EDITS = [("ada", "home"), ("bob", "faq"), ("ada", "about"), ("bob", "home"),
         ("ada", "faq")]


def record_edits(db):
    """Commit one transaction per edit in EDITS, with its user and description."""
    for user, title in EDITS:
        with db.transaction(f"edit {title}") as conn:
            conn.transaction_manager.get().user = user
            conn.root()[title] = f"text by {user}"


def log_lines(db, first=0, last=-20, user=None, word=None):
    """One line per undo-log entry from position *first* up to *last*.

    With *user*, only that user's transactions count (an undoInfo specification);
    with *word*, only those whose description contains it (an undoLog filter).
    Both compare with the storage's raw values, which are bytes."""
    if user is not None:
        entries = db.undoInfo(first, last, {"user_name": user.encode("utf-8")})
    elif word is not None:
        needle = word.encode("utf-8")
        entries = db.undoLog(first, last, lambda raw: needle in raw["description"])
    else:
        entries = db.undoLog(first, last)
    return [f"{position}: {entry['user_name'] or '-':4} {entry['description']}"
            for position, entry in enumerate(entries, start=first)]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Commit five demo edits, then print a window of the undo log.")
    parser.add_argument("--first", type=int, default=0,
                        help="position of the first entry (0 is the newest)")
    parser.add_argument("--last", type=int, default=-20,
                        help="position to stop before, or minus the number of entries "
                             "(default: %(default)s)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--user", help="count only this user's transactions")
    which.add_argument("--word", help="count only transactions whose description "
                                      "contains this word")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        db = ZODB.DB(os.path.join(directory, "wiki.fs"))
        try:
            record_edits(db)
            lines = log_lines(db, args.first, args.last, args.user, args.word)
        finally:
            db.close()
    print(*lines, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
