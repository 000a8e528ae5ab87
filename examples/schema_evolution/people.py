# SPDX-License-Identifier: 0BSD
"""Version 3 of the address book: ``contacts.Contact`` is now ``people.Person``.

Files written by versions 1 and 2 name the old class.  This program shows what a
reader meets then, reads such a file through a class factory that maps the old name
to the new one, and makes the rename permanent with zodbupdate::

    python people.py book.fs                  # old records load as broken objects
    python people.py book.fs --old-names      # read them through the class factory
    python people.py book.fs --rename-class   # rewrite every record (zodbupdate)

With no file, it runs a short demo in a temporary directory.
"""
import argparse
import os
import sys

import zc.lockfile
import ZODB
import ZODB.broken
from BTrees.OOBTree import OOBTree
from persistent import Persistent


class Person(Persistent):
    """Someone in the address book: what version 2 called ``contacts.Contact``."""

    email = None

    def __init__(self, name, phones=(), email=None):
        self.name = name
        self.phones = tuple(phones)
        self.email = email

    def describe(self):
        phones = " / ".join(self.phones) or "-"
        return f"{self.name}, phones {phones}, email {self.email or '-'}"


# Where each class stored under an old name lives now: (module, name) -> (module, name).
RENAMED = {("contacts", "Contact"): ("people", "Person")}


def class_factory(connection, module, name):
    """Find the class a record names, looking old names up in RENAMED first."""
    module, name = RENAMED.get((module, name), (module, name))
    return ZODB.broken.find_global(module, name)


def list_people(path, old_names=False):
    """Print everyone; return how many records named a class that is gone."""
    db = ZODB.DB(path, class_factory=class_factory if old_names else None)
    broken = 0
    try:
        with db.transaction() as conn:
            for login, person in conn.root()["contacts"].items():
                if isinstance(person, ZODB.broken.Broken):
                    broken += 1
                    print(f"{login}: {person!r}")
                else:
                    print(f"{login}: {person.describe()}")
    finally:
        db.close()
    return broken


def rename_classes(path):
    """Rewrite every record of the (closed) file that names a class in RENAMED."""
    import zodbupdate.update  # pip install zodbupdate
    from ZODB.FileStorage import FileStorage

    storage = FileStorage(path)
    try:
        before = storage.lastTransaction()
        zodbupdate.update.Updater(storage, renames=RENAMED)()
        # Count the records in the transactions zodbupdate committed.
        return sum(len(list(txn)) for txn in storage.iterator(before)
                   if txn.tid != before)
    finally:
        storage.close()


def add_person(path, login, name, phone):
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            people = conn.root().setdefault("contacts", OOBTree())
            people[login] = Person(name, [phone])
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Keep people in a ZODB file (version 3: Contact became Person).")
    parser.add_argument("file", help="the FileStorage file, for example book.fs")
    parser.add_argument("--old-names", action="store_true",
                        help="read classes stored under an old name (see RENAMED)")
    parser.add_argument("--rename-class", action="store_true",
                        help="rewrite the old class names in the file with zodbupdate")
    args = parser.parse_args(argv)

    if not os.path.exists(args.file):
        parser.error(f"no such file: {args.file}")
    try:
        if args.rename_class:
            try:
                print(f"zodbupdate rewrote {rename_classes(args.file)} records")
            except ModuleNotFoundError as error:
                parser.exit(1, f"{parser.prog}: {error}; pip install zodbupdate\n")
        broken = list_people(args.file, old_names=args.old_names)
    except zc.lockfile.LockError:
        parser.exit(1, f"{parser.prog}: {args.file} is open in another process\n")
    if broken:
        parser.exit(1, f"{parser.prog}: {broken} records name a class that cannot be "
                       "imported; try --old-names\n")
    return 0


if __name__ == "__main__":
    # Import this file as "people", so that the database (and zodbupdate) can name
    # the class people.Person.
    import people

    sys.exit(people.main())
