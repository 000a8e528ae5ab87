# SPDX-License-Identifier: 0BSD
"""Store a blob through a ZEO server and read it back, with either kind of blob directory.

A ZEO client needs a blob directory of its own.  By default it is a *cache*: the
client downloads each blob it reads from the server and keeps it there.  With
``--shared`` it is the *server's* blob directory, reached through a shared file
system, and nothing is downloaded.  Without ``--address`` the script starts a
throwaway server and tries both::

    python zeo_blobs.py
    python zeo_blobs.py --address ./zeo.sock --blob-dir blob-cache
    python zeo_blobs.py --address ./zeo.sock --shared --blob-dir /srv/zeo/blobs
"""
import argparse
import contextlib
import logging
import os
import sys
import tempfile

import ZEO
from ZEO.Exceptions import ClientDisconnected
from ZODB.blob import Blob


def open_db(address, blob_dir, shared=False, timeout=10.0):
    """A database on the ZEO server at *address* that can store and read blobs."""
    return ZEO.DB(address, blob_dir=blob_dir, shared_blob_dir=shared,
                  wait_timeout=timeout)


def round_trip(db, size):
    """Store *size* bytes in a new blob, then read them back in a new transaction.

    Returns the number of bytes read and the file they were read from."""
    with db.transaction() as conn:
        conn.root()["round-trip"] = Blob(b"z" * size)
    with db.transaction() as conn:
        with conn.root()["round-trip"].open("r") as f:
            return len(f.read()), f.name


def report(db, blob_dir, label, size):
    """Make a round trip; say how much came back and from which directory."""
    read, path = round_trip(db, size)
    inside = os.path.relpath(path, blob_dir).split(os.sep)[0]
    print(f"  wrote {size} bytes, read {read} back from {label}/{inside}/...")


# Explained in the book's ZEO chapter (docs/zeo.rst), section "A throwaway server".
@contextlib.contextmanager
def throwaway_server(directory, blob_dir=None):
    """Run a ZEO server in a thread of this process, for demos and tests.

    It serves the FileStorage ``Data.fs`` in *directory* (with blobs in
    *blob_dir*, if given) on the Unix socket ``zeo.sock`` there, and logs to
    ``zeo.log`` there.  Yields the server's address; stops the server on exit."""
    log = logging.FileHandler(os.path.join(directory, "zeo.log"))
    logger = logging.getLogger("ZEO")
    logger.addHandler(log)
    logger.propagate = False  # keep the server's messages out of the program's output
    try:
        with contextlib.chdir(directory):  # ZEO.server() writes its config here
            address, stop = ZEO.server(path=os.path.join(directory, "Data.fs"),
                                       blob_dir=blob_dir,
                                       port=os.path.join(directory, "zeo.sock"))
        try:
            yield address
        finally:
            stop()
    finally:
        logger.removeHandler(log)
        logger.propagate = True
        log.close()


def demo(size, timeout):
    with tempfile.TemporaryDirectory() as tmp, throwaway_server(
            tmp, blob_dir=os.path.join(tmp, "server-blobs")) as address:
        print("a client with a blob cache of its own (the default):")
        cache = os.path.join(tmp, "client-cache")
        db = open_db(address, cache, timeout=timeout)
        try:
            report(db, cache, "client-cache", size)
        finally:
            db.close()
        print("a client sharing the server's blob directory:")
        server_blobs = os.path.join(tmp, "server-blobs")
        db = open_db(address, server_blobs, shared=True, timeout=timeout)
        try:
            report(db, server_blobs, "server-blobs", size)
        finally:
            db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Store a blob on a ZEO server and read it back.")
    parser.add_argument("--address",
                        help="the server's Unix socket path, or HOST:PORT "
                             "(default: start a throwaway server and try both kinds "
                             "of blob directory)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default 10)")
    parser.add_argument("--blob-dir", metavar="DIR",
                        help="this client's blob cache (default: a temporary "
                             "directory); with --shared, the server's blob directory")
    parser.add_argument("--shared", action="store_true",
                        help="--blob-dir is the server's own blob directory")
    parser.add_argument("--size", type=int, default=100_000, metavar="BYTES",
                        help="size of the blob to store (default 100000)")
    args = parser.parse_args(argv)

    if args.address is None:
        demo(args.size, args.timeout)
        return 0
    if args.shared and args.blob_dir is None:
        parser.error("--shared needs --blob-dir: the server's blob directory")
    host, colon, port = args.address.rpartition(":")
    address = (host, int(port)) if colon and port.isdigit() else args.address
    with tempfile.TemporaryDirectory() as tmp:
        blob_dir = args.blob_dir or os.path.join(tmp, "blob-cache")
        try:
            db = open_db(address, blob_dir, args.shared, args.timeout)
        except ClientDisconnected:
            parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.address} "
                           f"within {args.timeout:g} s\n")
        try:
            report(db, blob_dir, args.blob_dir or "a temporary cache", args.size)
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
