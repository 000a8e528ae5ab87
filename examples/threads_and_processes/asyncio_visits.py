# SPDX-License-Identifier: 0BSD
"""Use ZODB from asyncio code: do the database work in worker threads.

Twenty simulated requests each record a visit to a page.  The coroutines never
touch the database themselves: each hands one function call to a thread pool,
and that call opens its own connection, commits (retrying on conflicts) and
closes the connection again::

    python asyncio_visits.py
    python asyncio_visits.py --requests 100
"""
import argparse
import asyncio
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import transaction
import ZODB
from BTrees.OOBTree import OOBTree

PAGES = ["/", "/about", "/news", "/"]  # the front page gets half of the visits


def record_visit(db, page):
    """Count one visit to *page*.  Runs in a worker thread, never in the event loop.

    One call, one connection with its own transaction manager, one transaction."""
    tm = transaction.TransactionManager()
    conn = db.open(tm)
    try:
        for attempt in tm.attempts(50):
            with attempt:
                visits = conn.root()["visits"]
                visits[page] = visits.get(page, 0) + 1
    finally:
        conn.close()


async def handle_request(db, executor, page):
    """A request handler: anything asynchronous, then the ZODB part in a thread."""
    await asyncio.sleep(0)  # stands for the handler's own awaits (parsing, I/O ...)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(executor, record_visit, db, page)


async def serve(db, requests):
    """Handle *requests* requests concurrently.  The thread pool has as many
    threads as the database's connection pool has connections."""
    with ThreadPoolExecutor(max_workers=db.getPoolSize()) as executor:
        await asyncio.gather(*(handle_request(db, executor, PAGES[i % len(PAGES)])
                               for i in range(requests)))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Count page visits from asyncio coroutines, in worker threads.")
    parser.add_argument("--requests", type=int, default=20, metavar="N",
                        help="how many requests to simulate (default 20)")
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(os.path.join(tmp, "Data.fs"))
        try:
            with db.transaction() as conn:
                conn.root()["visits"] = OOBTree()
            asyncio.run(serve(db, args.requests))
            with db.transaction() as conn:
                visits = dict(conn.root()["visits"])
        finally:
            db.close()
    for page, count in visits.items():
        print(f"{page:8} {count} visits")
    print(f"{'total':8} {sum(visits.values())} visits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
