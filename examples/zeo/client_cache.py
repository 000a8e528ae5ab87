# SPDX-License-Identifier: 0BSD
"""Count what a ZEO client fetches from its server, with and without a cache file.

The script stores a catalogue of parts, then reads every part through a new client
and asks the server how many objects it loaded for that.  A client whose cache is a
file (``--client NAME``) keeps what it fetched for the next run::

    python client_cache.py --address ./zeo.sock --client web1
    python client_cache.py --address ./zeo.sock --client web1   # now from the file
    python client_cache.py                     # demo: a throwaway server, four clients
"""
import argparse
import contextlib
import logging
import os
import sys
import tempfile

import ZEO
from persistent.mapping import PersistentMapping
from ZEO.Exceptions import ClientDisconnected


def parse_address(text):
    """``HOST:PORT`` for TCP, anything else is the path of a Unix socket."""
    host, colon, port = text.rpartition(":")
    if colon and "/" not in text and port.isdigit():
        return host, int(port)
    return text


def store_parts(address, count, timeout=10.0):
    """Store *count* parts under ``root["parts"]``, unless they are there already.
    Returns True if it stored them."""
    db = ZEO.DB(address, wait_timeout=timeout)
    try:
        with db.transaction() as conn:
            root = conn.root()
            if "parts" in root:
                return False
            root["parts"] = PersistentMapping(
                (n, PersistentMapping(number=n, weight=n % 7)) for n in range(count))
            return True
    finally:
        db.close()


def server_loads_to_read_all(address, timeout=10.0, **cache_options):
    """Open a new client with *cache_options* (``client=``, ``var=``, ``cache=``...),
    read every part, close it.  Returns how many objects the server loaded for it."""
    db = ZEO.DB(address, wait_timeout=timeout, **cache_options)
    try:
        before = db.storage.server_status()["loads"]
        with db.transaction() as conn:
            sum(part["weight"] for part in conn.root()["parts"].values())
        return db.storage.server_status()["loads"] - before
    finally:
        db.close()


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


def demo(count, timeout):
    with tempfile.TemporaryDirectory() as tmp, throwaway_server(tmp) as address:
        store_parts(address, count, timeout)
        cache_file = {"client": "web1", "var": tmp}
        for label, options in [("in memory", {}), ("in memory", {}),
                               ("in web1-1.zec", cache_file),
                               ("in web1-1.zec", cache_file)]:
            loads = server_loads_to_read_all(address, timeout, **options)
            print(f"a client with its cache {label}: {loads} loads")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Count the objects a ZEO server loads for a client that reads "
                    "everything, with the client cache in memory or in a file.")
    parser.add_argument("--address",
                        help="the server: the path of its Unix socket, or HOST:PORT "
                             "(default: a demo with a throwaway server)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default 10)")
    parser.add_argument("--client", metavar="NAME",
                        help="keep the client cache in the file NAME-1.zec "
                             "(default: in memory)")
    parser.add_argument("--var", metavar="DIR",
                        help="directory for the cache file (default: the current one)")
    parser.add_argument("--parts", type=int, default=100, metavar="N",
                        help="parts to store if there are none yet (default 100)")
    args = parser.parse_args(argv)

    if args.address is None:
        demo(args.parts, args.timeout)
        return 0
    address = parse_address(args.address)
    try:
        if store_parts(address, args.parts, args.timeout):
            print(f"stored {args.parts} parts")
        loads = server_loads_to_read_all(address, args.timeout,
                                         client=args.client, var=args.var)
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.address} "
                       f"within {args.timeout:g} s\n")
    print(f"read every part: the server loaded {loads} objects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
