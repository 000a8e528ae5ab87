# SPDX-License-Identifier: 0BSD
"""Version 1 of a small address book: one phone number and a fax number per contact.

The schema-evolution chapter changes this class.  Version 2 is ``../v2/contacts.py``:
the same module name, ``contacts``, as the next release of a program would have::

    python contacts.py book.fs --add ada "Ada Lovelace" 555-0100 --fax 555-0199
    python contacts.py book.fs

With no file, it runs a short demo in a temporary directory.
"""
import argparse
import sys

import zc.lockfile
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent


class Contact(Persistent):
    """Someone in the address book, as version 1 of the program stores them."""

    def __init__(self, name, phone, fax=None):
        self.name = name
        self.phone = phone
        self.fax = fax

    def describe(self):
        text = f"{self.name}, phone {self.phone}"
        if self.fax:
            text += f", fax {self.fax}"
        return text


def run(path, add=None, fax=None):
    """Open the file, add a contact if asked, and print every contact."""
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            root = conn.root()
            if "contacts" not in root:
                root["contacts"] = OOBTree()
            if add:
                login, name, phone = add
                root["contacts"][login] = Contact(name, phone, fax)
            for login, contact in root["contacts"].items():
                print(f"{login}: {contact.describe()}")
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Keep contacts in a ZODB file (version 1 of the program).")
    parser.add_argument("file", help="the FileStorage file, for example book.fs")
    parser.add_argument("--add", nargs=3, metavar=("LOGIN", "NAME", "PHONE"),
                        help="add a contact before listing them all")
    parser.add_argument("--fax", metavar="NUMBER", help="the new contact's fax number")
    args = parser.parse_args(argv)
    if args.fax and not args.add:
        parser.error("--fax goes with --add")

    try:
        run(args.file, args.add, args.fax)
    except zc.lockfile.LockError:
        parser.exit(1, f"{parser.prog}: {args.file} is open in another process\n")
    except AttributeError as error:
        # A contact saved by a later release, in a form this one does not know.
        parser.exit(1, f"{parser.prog}: cannot show a contact: {error}\n")
    return 0


if __name__ == "__main__":
    # Stored objects name their class by module and name: import this file as
    # "contacts", so that the database refers to contacts.Contact, not __main__.
    import contacts

    sys.exit(contacts.main())
