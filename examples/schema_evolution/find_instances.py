# SPDX-License-Identifier: 0BSD
"""Find every stored instance of a class without walking the object graph.

Reads the class name at the start of each current record, so nothing is loaded and
nothing needs the class to import::

    python find_instances.py book.fs contacts.Contact

The file is opened read-only: it takes no lock, so it works while another program
has the database open, and a missing file is reported, not created.
"""
import argparse
import os
import sys

from ZODB.FileStorage import FileStorage
from ZODB.utils import get_pickle_metadata, oid_repr


def records_of(storage, module, name):
    """The oids of the current records whose class is module.name."""
    found, next_oid = [], None
    while True:
        oid, tid, data, next_oid = storage.record_iternext(next_oid)
        if get_pickle_metadata(data) == (module, name):
            found.append(oid)
        if next_oid is None:
            return found


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="List the stored instances of a class in a FileStorage file.")
    parser.add_argument("file", help="the FileStorage file (opened read-only)")
    parser.add_argument("cls", metavar="MODULE.CLASS",
                        help="the class, as stored: module path and class name")
    args = parser.parse_args(argv)
    module, dot, name = args.cls.rpartition(".")
    if not dot:
        parser.error(f"{args.cls!r} is not MODULE.CLASS")
    if not os.path.exists(args.file):
        parser.exit(1, f"{parser.prog}: {args.file} does not exist\n")
    storage = FileStorage(args.file, read_only=True)
    try:
        found = records_of(storage, module, name)
    finally:
        storage.close()
    print(f"{len(found)} instances of {args.cls} in {args.file}: "
          f"{' '.join(oid_repr(oid) for oid in found) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
