# SPDX-License-Identifier: 0BSD
"""Which of the storages that come with ZODB can undo?

Creates each storage (the file-based ones in a temporary directory), commits one
transaction through it, and reports what the database says about undo::

    python can_undo.py
"""
import argparse
import os
import sys
import tempfile

import ZODB
from ZODB.DemoStorage import DemoStorage
from ZODB.FileStorage import FileStorage
from ZODB.MappingStorage import MappingStorage


def storages(directory):
    """(name, storage) pairs, one for each kind of storage to try."""
    def file(name):
        return FileStorage(os.path.join(directory, name))

    return [
        ("MappingStorage", MappingStorage()),
        ("DemoStorage", DemoStorage()),
        ("FileStorage", file("Data.fs")),
        ("DemoStorage over a FileStorage", DemoStorage(base=file("base.fs"))),
        ("DemoStorage, changes in a FileStorage",
         DemoStorage(changes=file("changes.fs"))),
    ]


def undo_support(storage):
    """Commit one change through *storage*; return (supportsUndo, undo-log length)."""
    db = ZODB.DB(storage)
    try:
        with db.transaction("a first change") as conn:
            conn.root()["greeting"] = "hello"
        return bool(db.supportsUndo()), len(db.undoLog())
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show which of ZODB's own storages support undo.")
    parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        print(f"{'storage':38} {'undo':5} undo log")
        for name, storage in storages(directory):
            supported, entries = undo_support(storage)
            print(f"{name:38} {'yes' if supported else 'no':5} {entries} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
