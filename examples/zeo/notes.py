# SPDX-License-Identifier: 0BSD
"""Keep a list of notes on a ZEO server: the ZEO chapter's first program.

Every process that runs it talks to the same server, so each run sees the notes that
earlier runs, from any process or machine, added::

    python notes.py --address ./zeo.sock --add "order more tea"
    python notes.py --address 127.0.0.1:8100
    python notes.py                            # demo: a throwaway server, two clients
"""
import argparse
import contextlib
import logging
import os
import sys
import tempfile

import ZEO
from persistent.list import PersistentList
from ZEO.Exceptions import ClientDisconnected


def parse_address(text):
    """``HOST:PORT`` for TCP, anything else is the path of a Unix socket."""
    host, colon, port = text.rpartition(":")
    if colon and "/" not in text and port.isdigit():
        return host, int(port)
    return text


def add_note(db, text):
    """Append *text* to the notes, in a transaction of its own."""
    with db.transaction() as conn:
        root = conn.root()
        if "notes" not in root:
            root["notes"] = PersistentList()
        root["notes"].append(text)


def read_notes(db):
    """The notes, oldest first."""
    with db.transaction() as conn:
        return list(conn.root().get("notes", []))


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


def demo(timeout):
    """Two clients of one throwaway server, each with its own ClientStorage.

    ``server_sync=True`` makes each new transaction ask the server first, so that
    client 1 is sure to see what client 2 has just committed."""
    with tempfile.TemporaryDirectory() as tmp, throwaway_server(tmp) as address:
        first = ZEO.DB(address, wait_timeout=timeout, server_sync=True)
        second = ZEO.DB(address, wait_timeout=timeout, server_sync=True)
        try:
            add_note(first, "order more tea")
            print("client 1 added a note")
            add_note(second, "water the plants")
            print("client 2 added a note")
            print("client 1 reads:", "; ".join(read_notes(first)))
        finally:
            first.close()
            second.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Add to and list the notes kept on a ZEO server.")
    parser.add_argument("--address",
                        help="the server: the path of its Unix socket, or HOST:PORT "
                             "(default: a demo with a throwaway server)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default 10)")
    parser.add_argument("--add", metavar="TEXT", help="add this note first")
    args = parser.parse_args(argv)

    if args.address is None:
        if args.add is not None:
            parser.error("--add needs --address")
        demo(args.timeout)
        return 0
    try:
        db = ZEO.DB(parse_address(args.address), wait_timeout=args.timeout)
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.address} "
                       f"within {args.timeout:g} s\n")
    try:
        if args.add is not None:
            add_note(db, args.add)
        for number, text in enumerate(read_notes(db), 1):
            print(f"{number}. {text}")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
