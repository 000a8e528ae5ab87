# SPDX-License-Identifier: 0BSD
"""Release numbers as BTree keys: a key class that defines its own ordering.

As strings, "1.10.0" sorts before "1.9.2".  ``Version`` compares the numbers
instead, so a tree of releases keeps them in release order, in this process and
in every later one::

    python version_keys.py releases.fs --add 2.0 1.10.0 1.9.2
    python version_keys.py releases.fs --find 1.10

Without a file, it runs a short demo in a temporary directory.
"""
import argparse
import functools
import os
import sys
import tempfile

import zc.lockfile
import ZODB
from BTrees.OOBTree import OOTreeSet


@functools.total_ordering
class Version:
    """A release number such as 1.10.2.  Trailing zeros do not count: 1.10 == 1.10.0."""

    def __init__(self, text):
        try:
            numbers = [int(part) for part in text.split(".")]
        except ValueError:
            raise ValueError(f"not a release number: {text!r}") from None
        while len(numbers) > 1 and numbers[-1] == 0:
            numbers.pop()
        self.text = text  # as written, for display
        self.numbers = tuple(numbers)  # what comparisons use; never changed

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented  # a Version is never equal to a str or an int
        return self.numbers == other.numbers

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented  # so comparing with another type raises TypeError
        return self.numbers < other.numbers

    def __hash__(self):
        # Equal objects must have equal hashes, so hash what __eq__ compares.
        return hash(self.numbers)

    def __repr__(self):
        return f"Version({self.text!r})"

    def __str__(self):
        return self.text


def add_releases(root, texts):
    """Add releases to ``root["releases"]``, a tree set of Version keys."""
    if "releases" not in root:
        root["releases"] = OOTreeSet()
    for text in texts:
        root["releases"].add(Version(text))


def find_release(root, text):
    """The stored release equal to *text* (1.10 finds 1.10.0), or None."""
    wanted = Version(text)
    found = list(root.get("releases", OOTreeSet()).keys(min=wanted, max=wanted))
    return found[0] if found else None


def run(path, add=(), find=None):
    """Open *path*, add and look up releases, close it again; return the exit status."""
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            root = conn.root()
            if add:
                add_releases(root, add)
            if find is None:
                print("releases:", *root.get("releases", ()))
                return 0
            release = find_release(root, find)
            if release is None:
                print(f"no release {find}")
                return 1
            print(f"{find} is release {release}")
            return 0
    finally:
        db.close()


def demo():
    texts = ["2.0", "1.10.0", "1.9.2", "1.10.1"]
    print("as strings:", *sorted(texts))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "releases.fs")
        run(path, add=texts)
        run(path, find="1.10")  # opens the file again: the keys come back from disk


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Keep release numbers, in release order, in a ZODB file.")
    parser.add_argument("file", nargs="?",
                        help="a FileStorage file, for example releases.fs "
                             "(without it: a demo in a temporary directory)")
    parser.add_argument("--add", nargs="+", default=[], metavar="VERSION",
                        help="release numbers to store, such as 1.10.2")
    parser.add_argument("--find", metavar="VERSION",
                        help="look a release up; exit status 1 if it is missing")
    args = parser.parse_args(argv)
    for text in [*args.add, *([args.find] if args.find else [])]:
        try:
            Version(text)
        except ValueError as error:
            parser.error(str(error))
    if args.file is None:
        if args.add or args.find:
            parser.error("--add and --find need a file")
        demo()
        return 0
    try:
        return run(args.file, add=args.add, find=args.find)
    except zc.lockfile.LockError:
        parser.exit(1, f"{parser.prog}: {args.file} is open in another process\n")


if __name__ == "__main__":
    # A stored object remembers its class by module and name.  Import this file under
    # its own name, so that the database refers to version_keys.Version rather than
    # __main__.Version, which no other program could import.
    import version_keys

    sys.exit(version_keys.main())
