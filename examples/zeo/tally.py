# SPDX-License-Identifier: 0BSD
"""Where ZEO resolves conflicts: on the server, which must import your class.

A ``Tally`` merges concurrent additions in ``_p_resolveConflict``.  ``race()`` makes
two clients add to one tally at the same time, and to one BTree; it reports what the
second commit got.  Without ``--address`` the script starts a throwaway server with
``ZEO.server()``, in this very process, where the class is importable::

    python tally.py
    python tally.py --address ./zeo.sock
"""
import argparse
import contextlib
import logging
import os
import sys
import tempfile

import transaction
import ZEO
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from ZEO.Exceptions import ClientDisconnected
from ZODB.POSException import ConflictError


class Tally(Persistent):
    """A number that concurrent transactions may add to without conflicting."""

    def __init__(self):
        self.total = 0

    def add(self, amount):
        self.total += amount

    def _p_resolveConflict(self, old_state, saved_state, new_state):
        # Both sides added something to the old total: keep both additions.
        merged = dict(new_state)
        merged["total"] = (saved_state["total"] + new_state["total"]
                           - old_state["total"])
        return merged


def race(db, change):
    """Apply change(root, n) in two concurrent transactions (n is 1, then 2), commit
    both, and return what happened to the second commit: "merged" or the name of the
    error it raised."""
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = db.open(tm1), db.open(tm2)
    try:
        change(conn1.root(), 1)
        change(conn2.root(), 2)
        tm1.commit()
        try:
            tm2.commit()
        except ConflictError as error:
            tm2.abort()
            return type(error).__name__
        return "merged"
    finally:
        conn1.close()
        conn2.close()


def add_to_tally(root, n):
    root["tally"].add(n)


def add_to_tree(root, n):
    root["tree"][f"key {n}"] = n


def compare(address, timeout=10.0):
    """Race on a Tally and on a BTree through the server at *address*; return lines
    describing the outcome and what the database holds afterwards."""
    db = ZEO.DB(address, wait_timeout=timeout)
    try:
        with db.transaction() as conn:
            conn.root()["tally"] = Tally()
            conn.root()["tree"] = OOBTree()
        tally = race(db, add_to_tally)
        tree = race(db, add_to_tree)
        with db.transaction() as conn:
            total = conn.root()["tally"].total
            keys = list(conn.root()["tree"])
        return [f"Tally: {tally}, total = {total}",
                f"OOBTree: {tree}, keys = {keys}"]
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


def parse_address(text):
    """``HOST:PORT`` for TCP, anything else is the path of a Unix socket."""
    host, colon, port = text.rpartition(":")
    if colon and "/" not in text and port.isdigit():
        return host, int(port)
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show whether a ZEO server resolves conflicts for a custom class.")
    parser.add_argument("--address",
                        help="the server: the path of its Unix socket, or HOST:PORT "
                             "(default: a throwaway server in this process)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default 10)")
    args = parser.parse_args(argv)

    # The client logs the conflicts it is told about; this demo reports them itself.
    logging.getLogger("ZEO").addHandler(logging.NullHandler())
    if args.address is None:
        with tempfile.TemporaryDirectory() as tmp, throwaway_server(tmp) as address:
            print(*compare(address, args.timeout), sep="\n")
        return 0
    try:
        lines = compare(parse_address(args.address), args.timeout)
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.address} "
                       f"within {args.timeout:g} s\n")
    print(*lines, sep="\n")
    return 0


if __name__ == "__main__":
    # Stored tallies refer to their class by module and name: make that tally.Tally,
    # not __main__.Tally, so that other programs (and a server) can import it.
    import tally

    sys.exit(tally.main())
