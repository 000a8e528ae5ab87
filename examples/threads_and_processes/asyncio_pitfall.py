# SPDX-License-Identifier: 0BSD
"""Don't do this: coroutines that call ZODB directly in the event loop's thread.

Two coroutines each open a connection with ``db.open()`` and change an object.
Both connections belong to the thread's one transaction, so the second
coroutine's ``commit()`` tries to commit both, and waits forever for a lock that
the same commit already holds.  The demo runs the event loop in a separate
thread and reports what it is doing::

    python asyncio_pitfall.py
"""
import argparse
import asyncio
import os
import sys
import tempfile
import threading

import transaction
import ZODB


async def slow_handler(db, log, step):
    """WRONG: uses ZODB in the event loop's thread, and awaits mid-transaction."""
    conn = db.open()  # bound to the thread's transaction manager
    conn.root()["draft"] = "half done"
    log("slow handler: changed the root, now awaiting something")
    await step.wait()  # the event loop runs the other handler meanwhile
    transaction.commit()
    conn.close()


async def quick_handler(db, log, step):
    """WRONG: uses ZODB in the event loop's thread, while the other handler waits."""
    conn = db.open()  # bound to the same transaction manager
    conn.root()["visits"] = 1
    log("quick handler: changed the root, committing")
    transaction.commit()  # commits both connections: never returns
    log("quick handler: committed")
    step.set()
    conn.close()


async def serve(db, log):
    step = asyncio.Event()
    await asyncio.gather(slow_handler(db, log, step), quick_handler(db, log, step))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show how two coroutines sharing a thread's transaction hang.")
    parser.add_argument("--wait", type=float, default=0.5, metavar="SECONDS",
                        help="how long to wait for the commit (default 0.5)")
    args = parser.parse_args(argv)
    if args.wait <= 0:
        parser.error("--wait must be positive")

    committing = threading.Event()

    def log(message):
        print(message, flush=True)
        if message.endswith("committing"):
            committing.set()

    # The stuck thread keeps Data.fs open: tolerate that when removing it (Windows).
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        db = ZODB.DB(os.path.join(tmp, "Data.fs"))
        # A daemon thread, so that this process can still exit when it hangs.
        loop_thread = threading.Thread(target=asyncio.run, args=(serve(db, log),),
                                       daemon=True)
        loop_thread.start()
        committing.wait()
        loop_thread.join(args.wait)
        if loop_thread.is_alive():
            print(f"still committing after {args.wait:g} s: the event loop is stuck")
            return 1
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
