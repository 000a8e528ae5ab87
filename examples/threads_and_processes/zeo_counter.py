# SPDX-License-Identifier: 0BSD
"""Several processes add to one counter through a ZEO server.

With ``--address``, this process connects to that server and increments the
counter ``root["count"]`` a number of times, retrying on conflicts.  Without
it, the script starts a throwaway server and runs two copies of itself against
it, as two separate processes::

    python zeo_counter.py
    python zeo_counter.py --address ./zeo.sock --increments 10
"""
import argparse
import contextlib
import logging
import os
import subprocess
import sys
import tempfile

import transaction
import ZEO
from ZEO.Exceptions import ClientDisconnected


def parse_address(text):
    """``HOST:PORT`` for TCP, anything else is the path of a Unix socket."""
    host, colon, port = text.rpartition(":")
    if colon and "/" not in text and port.isdigit():
        return host, int(port)
    return text


def add_to_counter(address, increments, timeout=10.0):
    """Connect to the ZEO server at *address*; increment the counter
    *increments* times, one transaction each.  Returns the count this process
    saw after its last commit (other processes may add more afterwards)."""
    db = ZEO.DB(address, wait_timeout=timeout)
    try:
        tm = transaction.TransactionManager()
        conn = db.open(tm)
        try:
            for _ in range(increments):
                for attempt in tm.attempts(100):
                    with attempt:
                        root = conn.root()
                        root["count"] = root.get("count", 0) + 1
            with tm:
                return conn.root().get("count", 0)
        finally:
            conn.close()
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


def run_processes(processes, increments, timeout=10.0):
    """Start a throwaway ZEO server, run *processes* copies of this script
    against it at the same time, and return the final count."""
    with tempfile.TemporaryDirectory() as tmp, throwaway_server(tmp) as address:
        # Connect once before the workers start: the first client creates the
        # root object, and clients that all start on an empty database at the
        # same moment would race (and conflict) to create it.
        add_to_counter(address, 0, timeout)
        command = [sys.executable, os.path.abspath(__file__), "--address", address,
                   "--increments", str(increments), "--timeout", str(timeout)]
        children = [subprocess.Popen(command, stdout=subprocess.DEVNULL)
                    for _ in range(processes)]
        failed = sum(child.wait() != 0 for child in children)
        if failed:
            raise RuntimeError(f"{failed} of {processes} processes failed")
        return add_to_counter(address, 0, timeout)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Increment a counter on a ZEO server, from one or more processes.")
    parser.add_argument("--address",
                        help="the server: the path of its Unix socket, or HOST:PORT "
                             "(default: start a throwaway server and run two "
                             "processes against it)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default 10)")
    parser.add_argument("--increments", type=int, default=50, metavar="N",
                        help="increments per process (default 50)")
    parser.add_argument("--processes", type=int, default=2, metavar="N",
                        help="processes to start when there is no --address "
                             "(default 2)")
    args = parser.parse_args(argv)

    if args.address is None:
        count = run_processes(args.processes, args.increments, args.timeout)
        print(f"{args.processes} processes x {args.increments} increments: "
              f"count = {count}")
        return 0
    try:
        count = add_to_counter(parse_address(args.address), args.increments,
                               args.timeout)
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.address} "
                       f"within {args.timeout:g} s\n")
    print(f"added {args.increments}, count is now {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
