# SPDX-License-Identifier: 0BSD
"""Who changed what, and why: transaction metadata, written and read back.

A commit can carry a description (``note()``), a user name and a dictionary of
extension data.  The storage keeps them with the transaction; this program lists
every transaction of a FileStorage file, oldest first::

    python audit_log.py              # write a small demo database, then list it
    python audit_log.py bank.fs      # list an existing file (read-only, no lock)
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
import ZODB.FileStorage


def transaction_log(path):
    """(user, description, extension) of every transaction in the file, oldest first.

    The storage keeps the user and the description as UTF-8 bytes."""
    storage = ZODB.FileStorage.FileStorage(path, read_only=True)
    try:
        records = storage.iterator()
        try:
            for record in records:
                yield (record.user.decode(), record.description.decode(),
                       dict(record.extension))
        finally:
            records.close()
    finally:
        storage.close()


def write_demo(path):
    """Three transactions with metadata, and one aborted change that leaves none."""
    db = ZODB.DB(path)
    try:
        conn = db.open()
        root = conn.root()

        root["prices"] = {"pen": 2}
        txn = transaction.get()
        txn.user = "ada"
        txn.note("add the price list")
        txn.extension["ticket"] = 17
        transaction.commit()

        root["prices"] = {"pen": 3}
        txn = transaction.get()
        txn.user = "grace"
        txn.note("raise prices")
        txn.note("pens only")  # a second note: appended on a new line
        transaction.commit()

        root["prices"] = {"pen": 0}
        transaction.get().note("give everything away")
        transaction.abort()  # an aborted transaction is not written at all
        conn.close()
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="List the transactions of a FileStorage file with their metadata.")
    parser.add_argument("file", nargs="?",
                        help="a FileStorage file (default: write and list a demo)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file
        if path is None:
            path = os.path.join(tmp, "demo.fs")
            write_demo(path)
        elif not os.path.exists(path):
            parser.error(f"no such file: {path}")
        for number, (user, description, extension) in enumerate(transaction_log(path), 1):
            print(f"{number}. user {user!r}, description {description!r}"
                  + (f", extension {extension}" if extension else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
