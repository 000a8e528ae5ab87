# SPDX-License-Identifier: 0BSD
"""Retrying a transaction after a conflict, the way today's ``transaction`` does it.

``attempts()`` hands out one attempt per try: each one begins a fresh transaction,
commits it at the end of its ``with`` block, and after a conflict aborts it and lets
the loop go round again.  ``run()`` does the same for one function::

    python retry.py
    python retry.py --tries 1
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from persistent.mapping import PersistentMapping
from ZODB.POSException import ConflictError


def with_attempts(tm, work, tries=3):
    """Call work() in a new transaction of *tm* and commit; after a conflict, abort
    and start again, at most *tries* times in all.  Returns what work() returned."""
    for attempt in tm.attempts(tries):
        with attempt:
            result = work()
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Retry a deposit that meets a conflict on its first try.")
    parser.add_argument("--file", help="FileStorage file to use "
                        "(default: a new file in a temporary directory)")
    parser.add_argument("--tries", type=int, default=3,
                        help="how many times to try (default: 3)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(args.file or os.path.join(tmp, "bank.fs"))
        with db.transaction() as conn:
            conn.root.account = PersistentMapping(balance=100)
        rival_tm = transaction.TransactionManager()
        rival = db.open(rival_tm)  # another client, with its own transactions
        conn = db.open()           # ours, with the thread's transaction.manager
        seen = []

        def deposit():
            account = conn.root.account
            seen.append(account["balance"])
            if len(seen) == 1:  # while our first try runs, the rival deposits 5
                rival_tm.begin()
                rival.root.account["balance"] += 5
                rival_tm.commit()
            account["balance"] += 20
            return account["balance"]

        try:
            balance = with_attempts(transaction.manager, deposit, args.tries)
            print(f"attempts(): committed {balance} after {len(seen)} tries, "
                  f"balances seen: {seen}")
            seen.clear()
            balance = transaction.manager.run(deposit, tries=args.tries)
            print(f"run(): committed {balance} after {len(seen)} tries, "
                  f"balances seen: {seen}")
        except ConflictError as error:
            print(f"gave up after try {len(seen)} of {args.tries}: "
                  f"{type(error).__name__}")
            return 1
        finally:
            transaction.abort()
            conn.close()
            rival.close()
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
