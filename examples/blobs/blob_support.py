# SPDX-License-Identifier: 0BSD
"""Check at startup that a database can store blobs, instead of failing at commit.

Give it the configuration file your application opens (a ``<zodb>`` section, as
for ``ZODB.config.databaseFromURL``).  It opens that database read-only and
creates nothing: a FileStorage file or blob directory that does not exist yet is
reported, not made.  Without ``--config`` it checks two FileStorage
configurations in a temporary directory::

    python blob_support.py
    python blob_support.py --config app.conf
"""
import argparse
import contextlib
import io
import os
import sys
import tempfile

import zc.lockfile
import ZConfig
import ZODB.config
from ZEO.Exceptions import ClientDisconnected
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


class NothingToCheck(Exception):
    """The configuration names a file or directory that does not exist."""


def open_read_only(config_text, timeout=10.0):
    """Open the first database of a ``<zodb>`` configuration without writing to it.

    The storage section is switched to ``read-only``, so a FileStorage takes no
    lock and writes nothing, and a ZEO client waits at most *timeout* seconds.
    A FileStorage file or blob directory that does not exist raises
    NothingToCheck (opening would create it)."""
    config, _ = ZConfig.loadConfigFile(ZODB.config.getDbSchema(),
                                       io.StringIO(config_text))
    database = config.database[0]
    storage = database.config.storage.config
    if storage.getSectionType() == "filestorage":
        for path in (storage.path, storage.blob_dir):
            if path is not None and not os.path.exists(path):
                raise NothingToCheck(f"{path} does not exist")
    if hasattr(storage, "read_only"):
        storage.read_only = True
    if hasattr(storage, "wait_timeout"):  # ZEO's <clientstorage>
        storage.wait_timeout = timeout
    return database.open({})


def check(config_text, timeout=10.0):
    """Open the database a configuration describes read-only, check it, close it."""
    db = open_read_only(config_text, timeout)
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


def demo():
    """Create the demo databases in a temporary directory (as an application's
    first run would), then check each one."""
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        for name, text in DEMO_CONFIGS.items():
            ZODB.config.databaseFromString(text).close()
            print(f"{name}: {check(text) or 'can store blobs'}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Say whether the database a ZODB configuration file opens can "
                    "store blobs; exit 1 if it cannot.  The database is opened "
                    "read-only, and nothing is created.")
    parser.add_argument("--config", metavar="FILE",
                        help="the configuration file to check "
                             "(default: check two demo configurations)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long a ZEO client waits for its server "
                             "(default 10)")
    args = parser.parse_args(argv)

    if args.config is None:
        demo()
        return 0
    try:
        with open(args.config) as f:
            text = f.read()
    except OSError as error:
        parser.error(f"cannot read {args.config}: {error.strerror}")
    try:
        problem = check(text, args.timeout)
    except ZConfig.ConfigurationError as error:
        parser.exit(2, f"{parser.prog}: {args.config}: {error}\n")
    except NothingToCheck as error:
        parser.exit(1, f"{parser.prog}: {error}: nothing to check\n")
    except zc.lockfile.LockError as error:
        parser.exit(1, f"{parser.prog}: another process holds a lock: {error}\n")
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered within "
                       f"{args.timeout:g} s\n")
    if problem:
        parser.exit(1, f"{parser.prog}: {problem}\n")
    print(f"{args.config}: can store blobs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
