# SPDX-License-Identifier: 0BSD
"""What packing does to the files in a blob directory.

Every committed change to a blob leaves a new file in the blob directory, and the
old ones stay, so that undo and historical connections can still read them.
Packing removes the revisions nobody needs any more.  The script counts the blob
files before and after a pack, in a new FileStorage in a temporary directory::

    python pack_blobs.py
    python pack_blobs.py --revisions 10 --no-keep-old
"""
import argparse
import os
import sys
import tempfile

import ZODB
from ZODB.blob import Blob


def blob_files(directory):
    """How many blob files (``*.blob``) there are under *directory*."""
    return sum(name.endswith(".blob")
               for _, _, names in os.walk(directory) for name in names)


def make_history(db, revisions):
    """Commit *revisions* versions of one blob, and one blob that is then deleted."""
    with db.transaction() as conn:
        conn.root()["report"] = Blob(b"version 1")
        conn.root()["draft"] = Blob(b"thrown away later")
    for version in range(2, revisions + 1):
        with db.transaction() as conn:
            with conn.root()["report"].open("w") as f:
                f.write(b"version %d" % version)
    with db.transaction() as conn:
        del conn.root()["draft"]


def show(directory, revisions, keep_old):
    path = os.path.join(directory, "Data.fs")
    blobs = os.path.join(directory, "blobs")
    db = ZODB.DB(path, blob_dir=blobs, pack_keep_old=keep_old)
    try:
        make_history(db, revisions)
        print(f"{revisions} revisions of one blob, one deleted blob: "
              f"{blob_files(blobs)} files in blobs/")
        db.pack()
        print(f"after db.pack(): {blob_files(blobs)} file in blobs/")
        if os.path.exists(blobs + ".old"):
            print(f"and {blob_files(blobs + '.old')} files in blobs.old/")
            db.pack()
            print("after a second db.pack(), blobs.old/ exists:",
                  os.path.exists(blobs + ".old"))
        with db.transaction() as conn:
            with conn.root()["report"].open("r") as f:
                print("the current revision reads:", f.read().decode())
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Count blob files before and after packing a FileStorage.")
    parser.add_argument("--revisions", type=int, default=4, metavar="N",
                        help="committed versions of the blob (default 4)")
    parser.add_argument("--no-keep-old", dest="keep_old", action="store_false",
                        help="pack with pack_keep_old=False: keep no .old copies")
    args = parser.parse_args(argv)
    if args.revisions < 1:
        parser.error("--revisions must be at least 1")
    with tempfile.TemporaryDirectory() as tmp:
        show(tmp, args.revisions, args.keep_old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
