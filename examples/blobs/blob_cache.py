# SPDX-License-Identifier: 0BSD
"""What ``blob_cache_size`` does to a ZEO client's blob cache.

The script stores a few blobs on a ZEO server, reads them all through a client
whose cache has no size limit, then opens a client with ``blob_cache_size`` on the
same cache directory: that client trims the cache, least recently used blobs
first.  Without ``--address`` it starts a throwaway server::

    python blob_cache.py
    python blob_cache.py --address ./zeo.sock --blobs 10 --cache-size 5000
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


def cached_blobs(cache_dir):
    """(number of blob files, their total size in bytes) in a client's cache."""
    sizes = [os.path.getsize(os.path.join(parent, name))
             for parent, _, names in os.walk(cache_dir)
             for name in names if name.endswith(".blob")]
    return len(sizes), sum(sizes)


def blobs_kept(cache_dir):
    """The numbers of the blobs that have a file in the cache (blob n holds
    only the byte n % 256)."""
    numbers = []
    for parent, _, names in os.walk(cache_dir):
        for name in names:
            if name.endswith(".blob"):
                with open(os.path.join(parent, name), "rb") as f:
                    numbers.append(f.read(1)[0])
    return sorted(numbers)


def store_blobs(address, blobs, blob_size, timeout):
    """Store *blobs* blobs of *blob_size* bytes each, in ``root["cached"]``."""
    with tempfile.TemporaryDirectory() as writer_cache:
        db = ZEO.DB(address, blob_dir=writer_cache, wait_timeout=timeout)
        try:
            with db.transaction() as conn:
                conn.root()["cached"] = [Blob(bytes([n % 256]) * blob_size)
                                         for n in range(blobs)]
        finally:
            db.close()


def read_all(address, cache_dir, timeout):
    """Read every blob of ``root["cached"]``, in order, through a client whose
    cache, in *cache_dir*, has no size limit."""
    db = ZEO.DB(address, blob_dir=cache_dir, wait_timeout=timeout)
    try:
        with db.transaction() as conn:
            for blob in conn.root()["cached"]:
                with blob.open("r") as f:
                    f.read()
    finally:
        db.close()


def open_with_limit(address, cache_dir, cache_size, timeout):
    """Open and close a client with a blob cache limit.  It checks the cache when
    it starts (and again each time it has downloaded a tenth of the limit);
    closing the client waits for the check to finish."""
    db = ZEO.DB(address, blob_dir=cache_dir, blob_cache_size=cache_size,
                wait_timeout=timeout)
    db.close()


def show(address, blobs, blob_size, cache_size, timeout):
    store_blobs(address, blobs, blob_size, timeout)
    with tempfile.TemporaryDirectory() as cache_dir:
        read_all(address, cache_dir, timeout)
        print("after reading every blob: %d blobs, %d bytes in the cache"
              % cached_blobs(cache_dir))
        open_with_limit(address, cache_dir, cache_size, timeout)
        print(f"after a client with blob_cache_size={cache_size} started: "
              "%d blobs, %d bytes" % cached_blobs(cache_dir),
              "(blobs %s)" % ", ".join(map(str, blobs_kept(cache_dir))))
        read_all(address, cache_dir, timeout)
        print("after reading every blob again: %d blobs, %d bytes"
              % cached_blobs(cache_dir))


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


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Watch blob_cache_size trim a ZEO client's blob cache.")
    parser.add_argument("--address",
                        help="the server's Unix socket path, or HOST:PORT "
                             "(default: start a throwaway server)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default 10)")
    parser.add_argument("--blobs", type=int, default=5, metavar="N",
                        help="how many blobs to store and read (default 5)")
    parser.add_argument("--blob-size", type=int, default=1000, metavar="BYTES",
                        help="size of each blob (default 1000)")
    parser.add_argument("--cache-size", type=int, default=3000, metavar="BYTES",
                        help="the blob_cache_size to try (default 3000)")
    args = parser.parse_args(argv)

    if args.address is None:
        with tempfile.TemporaryDirectory() as tmp, throwaway_server(
                tmp, blob_dir=os.path.join(tmp, "server-blobs")) as address:
            show(address, args.blobs, args.blob_size, args.cache_size, args.timeout)
        return 0
    host, colon, port = args.address.rpartition(":")
    address = (host, int(port)) if colon and port.isdigit() else args.address
    try:
        show(address, args.blobs, args.blob_size, args.cache_size, args.timeout)
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.address} "
                       f"within {args.timeout:g} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
