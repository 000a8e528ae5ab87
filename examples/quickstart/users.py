# SPDX-License-Identifier: 0BSD
"""A small user directory kept in a FileStorage file: the quickstart's first program.

Each run opens the file, does one thing and closes it again, so a second run
sees what the first one stored::

    python users.py users.fs add ada "Ada Lovelace"
    python users.py users.fs list
"""
import argparse
import sys

import zc.lockfile
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent


class User(Persistent):
    """Someone who can log in.  Persistent, so ZODB saves it when it changes."""

    def __init__(self, login, name):
        self.login = login
        self.name = name

    def rename(self, name):
        self.name = name


def add_user(root, login, name):
    """Store a new user under ``root.users``, a BTree keyed by login."""
    if "users" not in root:
        root["users"] = OOBTree()
    if login in root["users"]:
        raise KeyError(f"there is already a user {login!r}")
    user = root["users"][login] = User(login, name)
    return user


def list_users(root):
    """Lines describing every user, in login order."""
    return [f"{user.login}: {user.name}" for user in root.get("users", {}).values()]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Keep users in a ZODB file.")
    parser.add_argument("file", help="the FileStorage file, for example users.fs")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add a user")
    add.add_argument("login")
    add.add_argument("name")
    commands.add_parser("list", help="list the users")
    args = parser.parse_args(argv)

    try:
        db = ZODB.DB(args.file)
    except zc.lockfile.LockError:
        parser.exit(1, f"{parser.prog}: {args.file} is open in another process "
                       "(share a database between processes with ZEO)\n")
    try:
        with db.transaction() as conn:
            if args.command == "add":
                try:
                    add_user(conn.root(), args.login, args.name)
                except KeyError as error:
                    parser.exit(1, f"{parser.prog}: {error.args[0]}\n")
                print(f"added {args.login}")
            else:
                print(*list_users(conn.root()), sep="\n")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # A stored object remembers its class by module and name.  Run as a script, this
    # module is called "__main__"; import it under its own name instead, so that the
    # database refers to users.User, which any program that has this file's folder on
    # its path can import too (one that imports examples.quickstart.users cannot).
    import users

    sys.exit(users.main())
