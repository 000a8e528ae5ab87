# SPDX-License-Identifier: 0BSD
"""What packing a FileStorage takes away: old revisions, deleted objects, undo.

The demo, in a temporary directory, edits a page three times and deletes a second
page, notes the time before the last edit, packs to that time, and counts what is
left::

    python pack_history.py
    python pack_history.py --no-keep-old    # no Data.fs.old copy
"""
import argparse
import os
import sys
import tempfile
import time

import ZODB
from persistent.mapping import PersistentMapping
from ZODB.FileStorage import FileStorage
from ZODB.POSException import POSKeyError


def change(db, note, **pages):
    """Set (or, for None, delete) the text of some pages in one transaction."""
    with db.transaction(note) as conn:
        root = conn.root()
        for title, text in pages.items():
            if text is None:
                del root[title]
            elif title in root:
                root[title]["text"] = text
            else:
                root[title] = PersistentMapping(text=text)


def count(db, oids):
    """How many revisions each object has, and how long the undo log is."""
    found = {}
    for title, oid in oids.items():
        try:
            found[title] = len(db.history(oid, size=1000))
        except POSKeyError:  # the storage has no record of the object at all
            found[title] = 0
    found["undo log"] = len(db.undoLog(0, 1000))
    return found


def demo(path, keep_old=True):
    """Edit, delete, note the time, edit again, pack to the noted time, and count."""
    db = ZODB.DB(FileStorage(path, pack_keep_old=keep_old))
    try:
        change(db, "create", home="version 1", draft="an idea")
        with db.transaction() as conn:
            oids = {title: conn.root()[title]._p_oid for title in ("home", "draft")}
        change(db, "edit home", home="version 2")
        change(db, "delete draft", draft=None)
        pack_time = time.time()
        change(db, "edit home", home="version 3")
        print("before:", count(db, oids))
        db.pack(pack_time)
        print("after: ", count(db, oids))
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Pack a demo FileStorage and count what is left.")
    parser.add_argument("--no-keep-old", dest="keep_old", action="store_false",
                        help="do not keep the packed file as Data.fs.old")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        demo(os.path.join(directory, "Data.fs"), args.keep_old)
        print("files: ", *sorted(os.listdir(directory)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
