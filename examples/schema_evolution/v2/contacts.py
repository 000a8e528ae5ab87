# SPDX-License-Identifier: 0BSD
"""Version 2 of the address book: several phone numbers, an email address, no fax.

It reads contacts that version 1 (``../v1/contacts.py``) stored, and ``--upgrade``
rewrites them all in the new form once::

    python contacts.py book.fs
    python contacts.py book.fs --add-phone ada 555-0101
    python contacts.py book.fs --upgrade

With no file, it runs a short demo in a temporary directory.
"""
import argparse
import itertools
import sys

import transaction
import zc.lockfile
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent


class Contact(Persistent):
    """Someone in the address book, as version 2 of the program stores them."""

    # New in version 2.  Contacts stored by version 1 have no email of their own,
    # so they find this class attribute instead.  Never use a mutable default here.
    email = None

    def __init__(self, name, phones=(), email=None):
        self.name = name
        self.phones = tuple(phones)
        self.email = email

    def __setstate__(self, state):
        # ZODB calls this with the stored attributes when it loads the object.
        old_form = "phone" in state
        if old_form:  # stored by version 1
            phone = state.pop("phone")
            state["phones"] = (phone,) if phone else ()
            state.pop("fax", None)  # version 2 has no fax
        super().__setstate__(state)
        if old_form:
            # Not saved (a _v_ attribute), and no change is recorded: the stored
            # record stays in the old form until someone saves this object.
            self._v_old_form = True

    def add_phone(self, number):
        self.phones += (number,)

    def describe(self):
        phones = " / ".join(self.phones) or "-"
        return f"{self.name}, phones {phones}, email {self.email or '-'}"


def upgrade(db, batch_size=100):
    """Save every contact still stored in the version 1 form, in the new form.

    Works through the contacts in key order, one transaction per *batch_size*
    contacts, each retried if it conflicts with another client's commit.  Returns
    (upgraded, seen); a second run upgrades nothing.
    """
    upgraded = seen = 0
    last = None
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        while True:
            for attempt in tm.attempts():
                with attempt:
                    contacts = conn.root()["contacts"]
                    keys = (contacts.keys() if last is None
                            else contacts.keys(min=last, excludemin=True))
                    batch = list(itertools.islice(keys, batch_size))
                    changed = 0
                    for login in batch:
                        contact = contacts[login]
                        if getattr(contact, "_v_old_form", False):
                            contact._p_changed = True  # save it, in the new form
                            del contact._v_old_form
                            changed += 1
                    tm.get().note(f"upgrade {changed} contacts to version 2")
            if not batch:
                return upgraded, seen
            upgraded, seen, last = upgraded + changed, seen + len(batch), batch[-1]
    finally:
        conn.close()


def run(path, add=None, add_phone=None):
    """Open the file, make the changes asked for, and print every contact."""
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            root = conn.root()
            if "contacts" not in root:
                root["contacts"] = OOBTree()
            contacts = root["contacts"]
            if add:
                login, name, phone = add
                contacts[login] = Contact(name, [phone])
            if add_phone:
                login, phone = add_phone
                if login not in contacts:
                    raise KeyError(f"no contact {login!r}")
                contacts[login].add_phone(phone)
            for login, contact in contacts.items():
                print(f"{login}: {contact.describe()}")
    finally:
        db.close()


def run_upgrade(path, batch_size):
    db = ZODB.DB(path)
    try:
        upgraded, seen = upgrade(db, batch_size)
        print(f"upgraded {upgraded} of {seen} contacts")
    finally:
        db.close()


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Keep contacts in a ZODB file (version 2 of the program).")
    parser.add_argument("file", help="the FileStorage file, for example book.fs")
    parser.add_argument("--add", nargs=3, metavar=("LOGIN", "NAME", "PHONE"),
                        help="add a contact before listing them all")
    parser.add_argument("--add-phone", nargs=2, metavar=("LOGIN", "PHONE"),
                        help="give a contact another phone number")
    parser.add_argument("--upgrade", action="store_true",
                        help="save every contact stored by version 1 in the new form")
    parser.add_argument("--batch", type=positive, default=100, metavar="N",
                        help="contacts per transaction for --upgrade (100)")
    args = parser.parse_args(argv)

    try:
        if args.upgrade:
            if args.add or args.add_phone:
                parser.error("--upgrade runs alone")
            run_upgrade(args.file, args.batch)
        else:
            run(args.file, args.add, args.add_phone)
    except zc.lockfile.LockError:
        parser.exit(1, f"{parser.prog}: {args.file} is open in another process\n")
    except KeyError as error:
        parser.exit(1, f"{parser.prog}: {error.args[0]}\n")
    return 0


if __name__ == "__main__":
    # Import this file as "contacts": the database then names the class
    # contacts.Contact, the name version 1 stored too.
    import contacts

    sys.exit(contacts.main())
