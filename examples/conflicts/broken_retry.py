# SPDX-License-Identifier: 0BSD
"""The retry loop of old ZODB tutorials, in today's spelling, and why it fails.

After a commit fails, its transaction stays failed until it is aborted.  A loop that
simply redoes the work and commits again meets ``TransactionFailedError`` on its
second pass, and leaves a change in memory that was never saved::

    python broken_retry.py
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from persistent.mapping import PersistentMapping
from transaction.interfaces import TransactionFailedError
from ZODB.POSException import ConflictError


def retry_without_abort(tm, work, tries=3):
    """WRONG: call work() and commit; after a ConflictError, simply try again.

    Nothing aborts the failed transaction, so the second try fails too, with
    TransactionFailedError.  Returns the number of tries it took."""
    for number in range(1, tries + 1):
        try:
            work()
            tm.commit()
        except ConflictError:
            continue  # as the old loops did: straight round again
        return number
    raise RuntimeError(f"gave up after {tries} tries")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show a retry loop without abort() failing.")
    parser.add_argument("--file", help="FileStorage file to use "
                        "(default: a new file in a temporary directory)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(args.file or os.path.join(tmp, "bank.fs"))
        with db.transaction() as conn:
            conn.root.account = PersistentMapping(balance=100)
        tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
        conn1, conn2 = db.open(tm1), db.open(tm2)
        try:
            account = conn2.root.account  # the second connection starts reading...

            conn1.root.account["balance"] += 10  # ...while the first one commits
            tm1.commit()

            def deposit():
                account["balance"] += 20

            try:
                retry_without_abort(tm2, deposit)
            except TransactionFailedError as error:
                print(f"{type(error).__name__}: {str(error).splitlines()[0]}")
            tm2.abort()
            tm1.begin()
            print("balance stored:", conn1.root.account["balance"])
            print("balance the second connection shows:", account["balance"])
        finally:
            conn1.close()
            conn2.close()
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
