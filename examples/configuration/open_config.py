# SPDX-License-Identifier: 0BSD
"""Open whatever database a ZConfig file describes, and say what it is.

The program names no storage class: the file decides whether the data lives in
a FileStorage file, in memory, on a ZEO server... ::

    python open_config.py app.conf
    python open_config.py app.conf --set greeting=hello

Without a file, it writes a small configuration into a temporary directory and
opens that.
"""
import argparse
import os
import sys
import tempfile

import transaction
import zc.lockfile
import ZConfig
import ZODB.config
from ZEO.Exceptions import ClientDisconnected
from ZODB.FileStorage.FileStorage import FileStorageFormatError


def open_database(location):
    """Open the database that the configuration at *location* describes.

    *location* is a file name or a URL (``file:///etc/app.conf``).  Relative
    paths *inside* the file are relative to the current directory."""
    return ZODB.config.databaseFromURL(location)


def describe(db):
    """Lines saying which storage *db* uses and how its caches are sized."""
    storage = db.storage
    return [
        f"storage: {type(storage).__name__} {storage.getName()}",
        f"object cache: {db.getCacheSize()} objects per connection",
        f"connection pool: {db.getPoolSize()} connections",
    ]


def root_items(db, assignments=()):
    """Store each ``(key, value)`` of *assignments* in the root, commit, and
    return the root's items as sorted ``key=value`` strings."""
    tm = transaction.TransactionManager()
    conn = db.open(tm)
    try:
        with tm:
            root = conn.root()
            for key, value in assignments:
                root[key] = value
        return [f"{key}={value!r}" for key, value in sorted(conn.root().items())]
    finally:
        conn.close()


def assignment(text):
    key, equals, value = text.partition("=")
    if not equals or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Open the database a ZConfig file describes and describe it.")
    parser.add_argument("config", nargs="?",
                        help="a configuration file name or file:// URL "
                             "(default: a demo configuration in a temporary directory)")
    parser.add_argument("--set", type=assignment, action="append", default=[],
                        metavar="KEY=VALUE",
                        help="store a string in the root before describing it "
                             "(may be repeated)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        location = args.config
        if location is None:
            location = os.path.join(scratch, "demo.conf")
            with open(location, "w") as f:
                f.write("<zodb>\n  <mappingstorage>\n    name demo\n"
                        "  </mappingstorage>\n</zodb>\n")
        try:
            db = open_database(location)
        except ZConfig.ConfigurationError as error:
            parser.exit(1, f"{parser.prog}: {error}\n")
        except zc.lockfile.LockError as error:
            parser.exit(1, f"{parser.prog}: {error} (is another process using it?)\n")
        except ClientDisconnected:
            parser.exit(1, f"{parser.prog}: no ZEO server answered "
                           f"(see the server lines of {location})\n")
        # The file was fine, the storage it names is not: ZConfig is done by now.
        except OSError as error:  # no such file, a directory, no permission...
            parser.exit(1, f"{parser.prog}: cannot open {error.filename}: "
                           f"{error.strerror}\n")
        except FileStorageFormatError as error:
            parser.exit(1, f"{parser.prog}: {error} is not a FileStorage data file\n")
        try:
            print(*describe(db), sep="\n")
            print("root:", *root_items(db, args.set) or ["(empty)"])
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
