# SPDX-License-Identifier: 0BSD
"""Check at startup that a database can store blobs, instead of failing at commit.

Give it the configuration file your application opens (a ``<zodb>`` section, as
for ``ZODB.config.databaseFromURL``).  Without ``--config`` it checks a few
FileStorage configurations in a temporary directory::

    python blob_support.py
    python blob_support.py --config app.conf
"""
import argparse
import contextlib
import sys
import tempfile

import ZODB.config
from ZODB.interfaces import IBlobStorage


def blob_problem(db):
    """Why *db* cannot store blobs, or None if it can."""
    storage = db.storage
    if not IBlobStorage.providedBy(storage):
        return f"{type(storage).__name__} has no blob directory (set blob-dir)"
    # A ZEO ClientStorage claims IBlobStorage even without a blob directory, and
    # only fails (with an AttributeError) when a blob is committed or read.
    if getattr(storage, "blob_dir", "") is None:
        return "this ZEO client has no blob directory (set blob-dir)"
    return None


def check(config_text):
    """Open the database a configuration describes, check it, close it."""
    db = ZODB.config.databaseFromString(config_text)
    try:
        return blob_problem(db)
    finally:
        db.close()


DEMO_CONFIGS = {
    "filestorage without blob-dir":
        "<zodb>\n <filestorage>\n  path plain.fs\n </filestorage>\n</zodb>\n",
    "filestorage with blob-dir":
        "<zodb>\n <filestorage>\n  path files.fs\n  blob-dir blobs\n"
        " </filestorage>\n</zodb>\n",
}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Say whether the database a ZODB configuration file opens can "
                    "store blobs; exit 1 if it cannot.")
    parser.add_argument("--config", metavar="FILE",
                        help="the configuration file to check "
                             "(default: check two demo configurations)")
    args = parser.parse_args(argv)

    if args.config is None:
        # The demo configurations use relative paths: run them in a temporary directory.
        with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
            for name, text in DEMO_CONFIGS.items():
                print(f"{name}: {check(text) or 'can store blobs'}")
        return 0
    try:
        with open(args.config) as f:
            text = f.read()
    except OSError as error:
        parser.error(f"cannot read {args.config}: {error.strerror}")
    problem = check(text)
    if problem:
        parser.exit(1, f"{parser.prog}: {args.config}: {problem}\n")
    print(f"{args.config}: can store blobs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
