# SPDX-License-Identifier: 0BSD
"""Keep the size of a BTree in a ``BTrees.Length``, a counter that never conflicts.

``len()`` of a BTree visits every bucket, so big applications count entries
themselves.  A plain integer attribute would make every two concurrent sign-ups
conflict; a ``Length`` merges them, just as the BTree merges the new keys::

    python signups.py
    python signups.py ada grace
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree


def sign_up(root, login, name):
    """Add a user to root.users and count it in root.user_count."""
    if login in root.users:
        raise KeyError(f"{login!r} has already signed up")
    root.users[login] = name
    root.user_count.change(1)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Two connections sign up users at once; the counts merge.")
    parser.add_argument("logins", nargs="*", default=["ada", "grace"],
                        help="one login per concurrent connection "
                             "(default: ada grace)")
    parser.add_argument("--file", help="FileStorage file to use "
                        "(default: a new file in a temporary directory)")
    args = parser.parse_args(argv)
    if len(set(args.logins)) != len(args.logins):
        parser.error("each login may appear only once")

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(args.file or os.path.join(tmp, "users.fs"))
        with db.transaction() as conn:
            conn.root.users = OOBTree()
            conn.root.user_count = Length()
        managers = [transaction.TransactionManager() for _ in args.logins]
        conns = [db.open(tm) for tm in managers]
        try:
            for conn, login in zip(conns, args.logins, strict=True):
                sign_up(conn.root, login, login.title())  # each signs up one user...
            for tm in managers:
                tm.commit()                # ...then they commit, one after another
            with db.transaction() as conn:
                print(f"users: {' '.join(conn.root.users)}; "
                      f"user_count: {conn.root.user_count()}")
        finally:
            for conn in conns:
                conn.close()
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
