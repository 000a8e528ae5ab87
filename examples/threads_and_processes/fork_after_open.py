# SPDX-License-Identifier: 0BSD
"""Don't do this: fork a process that has a database open.

The parent opens a FileStorage database in a temporary directory and forks.
The child inherits the open file and the storage's idea of where the file ends,
and commits; then the parent commits too, at the same place in the file.
Reopening the file shows what is left.  With ``--zeo ADDRESS`` the parent opens
a ZEO client instead, and the child's commit waits for a networking thread that
the child does not have.  Unix only (it calls ``os.fork()``)::

    python fork_after_open.py
    python fork_after_open.py --zeo ./zeo.sock
"""
import argparse
import logging
import os
import sys
import tempfile
import threading
import warnings

import ZEO
import ZODB
from ZEO.Exceptions import ClientDisconnected


def commit(db, key, value):
    """Set ``root[key]`` in one transaction."""
    with db.transaction() as conn:
        conn.root()[key] = value


def fork_and_commit(db):
    """Fork; the child commits ``root["child"]`` and exits, then the parent
    commits ``root["parent"]``.  Returns whether the parent saw the child's
    change before its own commit."""
    pid = os.fork()
    if pid == 0:  # the child: the same DB object, the same open file
        try:
            commit(db, "child", "a longer text, written by the child " * 5)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    with db.transaction() as conn:
        seen = "child" in conn.root()
    commit(db, "parent", "written by the parent")
    return seen


class Collect(logging.Handler):
    """Keep the messages of the log records it is given."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())



def fork_and_commit_over_zeo(db, wait):
    """Fork; the child tries to commit ``root["child"]`` through the ZEO client
    it inherited, and gives up waiting after *wait* seconds.  Returns whether
    the child's commit finished."""
    with warnings.catch_warnings():
        # Python 3.12 and later warn that forking a process with threads may
        # deadlock the child, which is the point of this demo; the warning is
        # silenced so that the output is the same on every version.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: the client's networking thread was not copied
        finished = threading.Event()

        def work():
            commit(db, "child", "written by the child")
            finished.set()

        threading.Thread(target=work, daemon=True).start()
        os._exit(0 if finished.wait(wait) else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def zeo_demo(address, timeout, wait):
    """Open a ZEO client, fork, and report what the child and the parent managed."""
    db = ZEO.DB(address, wait_timeout=timeout)
    try:
        commit(db, "n", 0)
        if fork_and_commit_over_zeo(db, wait):
            print("child: committed")
        else:
            print(f"child: its commit was still waiting after {wait:g} s")
        commit(db, "parent", "written by the parent")
        print("parent: committed")
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Fork with a database open, commit in both processes, and "
                    "show what happened.")
    parser.add_argument("--zeo", metavar="ADDRESS",
                        help="use the ZEO server whose Unix socket is ADDRESS "
                             "(default: a FileStorage in a temporary directory)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the server (default 10)")
    parser.add_argument("--wait", type=float, default=1.0, metavar="SECONDS",
                        help="how long the child waits for its ZEO commit "
                             "(default 1)")
    args = parser.parse_args(argv)
    if not hasattr(os, "fork"):
        parser.exit(1, f"{parser.prog}: this demo needs os.fork() (Unix)\n")
    if args.zeo:
        try:
            zeo_demo(args.zeo, args.timeout, args.wait)
        except ClientDisconnected:
            parser.exit(1, f"{parser.prog}: no ZEO server answered at {args.zeo} "
                           f"within {args.timeout:g} s\n")
        return 0

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "Data.fs")
        db = ZODB.DB(path)
        commit(db, "n", 0)
        seen = fork_and_commit(db)
        db.close()
        print("child committed; the parent saw its change:", "yes" if seen else "no")

        # What ZODB logs when it reopens the file goes to standard error in a
        # program that has not configured logging; here it is collected.
        log = Collect()
        logger = logging.getLogger("ZODB.FileStorage")
        logger.addHandler(log)
        try:
            db = ZODB.DB(path)
            with db.transaction() as conn:
                keys = sorted(conn.root())
            db.close()
        finally:
            logger.removeHandler(log)
        print("reopened, the root holds:", keys)
        for message in log.messages:
            print("ZODB logged:", message.replace(directory + os.sep, ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
