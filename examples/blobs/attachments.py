# SPDX-License-Identifier: 0BSD
"""Files kept in a ZODB database: the name and size in an object, the bytes in a blob.

Each run opens the database, copies the files it is given into it, lists everything
the database holds and closes it again.  Without arguments it runs a short demo in a
temporary directory, which also moves a file in::

    python attachments.py
    python attachments.py --db files.fs report.pdf photo.jpg
"""
import argparse
import hashlib
import os
import shutil
import sys
import tempfile

import zc.lockfile
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from ZODB.blob import Blob


class Attachment(Persistent):
    """A stored file.  The object holds the name and size; the blob holds the bytes,
    in a file of its own that is read only when someone opens it."""

    def __init__(self, name):
        self.name = name
        self.size = 0
        self.data = Blob()

    def copy_from(self, source):
        """Copy the open binary file *source* into the blob, a chunk at a time."""
        with self.data.open("w") as target:
            shutil.copyfileobj(source, target)
            self.size = target.tell()

    def take(self, path):
        """Move the file at *path* into the blob: no copy, and *path* is gone."""
        size = os.path.getsize(path)
        self.data.consumeFile(path)
        self.size = size

    def sha256(self):
        """The checksum of the stored bytes, read back from the blob."""
        with self.data.open("r") as stored:
            return hashlib.file_digest(stored, "sha256").hexdigest()


def store_files(conn, paths, move=False):
    """Store each file of *paths* in ``root["files"]`` under its base name."""
    root = conn.root()
    if "files" not in root:
        root["files"] = OOBTree()
    for path in paths:
        attachment = Attachment(os.path.basename(path))
        # Before writing, add the blob to the connection: its new file is then made
        # in the blob directory, not in the system's temporary directory (TMPDIR).
        conn.add(attachment.data)
        if move:
            attachment.take(path)
        else:
            with open(path, "rb") as source:
                attachment.copy_from(source)
        root["files"][attachment.name] = attachment
        print(f"stored {attachment.name} ({'moved' if move else 'copied'})")


def listing(root):
    """One line per stored file: name, size and the start of its checksum."""
    return [f"{item.name:<10} {item.size:>8} bytes  sha256 {item.sha256()[:12]}"
            for item in root.get("files", {}).values()]


def run(db_path, paths, move=False):
    """Open the FileStorage *db_path* with its blob directory, store *paths*, list."""
    db = ZODB.DB(db_path, blob_dir=db_path + ".blobs")
    try:
        with db.transaction() as conn:
            store_files(conn, paths, move)
        with db.transaction() as conn:
            print(*listing(conn.root()), sep="\n")
    finally:
        db.close()


def demo():
    """Store two generated files in a new database in a temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        notes = os.path.join(tmp, "notes.txt")
        scan = os.path.join(tmp, "scan.raw")
        with open(notes, "wb") as f:
            f.write(b"Blobs keep large data out of the object records.\n")
        with open(scan, "wb") as f:
            f.write(bytes(range(256)) * 4096)  # 1 MiB
        db_path = os.path.join(tmp, "files.fs")
        run(db_path, [notes])
        run(db_path, [scan], move=True)
        print("scan.raw still in its old place:", os.path.exists(scan))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Copy files into a FileStorage database as blobs and list them.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to store")
    parser.add_argument("--db", metavar="PATH",
                        help="the FileStorage file; its blobs go into PATH.blobs "
                             "(default: run a demo in a temporary directory)")
    args = parser.parse_args(argv)

    if args.db is None:
        if args.files:
            parser.error("name the database with --db")
        demo()
        return 0
    for path in args.files:
        if not os.path.isfile(path):
            parser.error(f"no such file: {path}")
    try:
        run(args.db, args.files)
    except zc.lockfile.LockError:
        parser.exit(1, f"{parser.prog}: {args.db} is open in another process\n")
    return 0


if __name__ == "__main__":
    # Stored objects name their class by module: import this file as "attachments",
    # so that the database refers to attachments.Attachment, not __main__.Attachment.
    import attachments

    sys.exit(attachments.main())
