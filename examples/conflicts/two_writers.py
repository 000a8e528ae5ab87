# SPDX-License-Identifier: 0BSD
"""Two connections deposit into the same account at once; the second commit fails.

Each connection gets its own transaction manager, so one thread can hold two
transactions open side by side and decide exactly when each one commits::

    python two_writers.py
    python two_writers.py --file bank.fs --first 10 --second 20
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from persistent import Persistent
from ZODB.POSException import ConflictError


class Account(Persistent):
    """A bank account: one persistent object with one balance."""

    def __init__(self, balance=0):
        self.balance = balance

    def deposit(self, amount):
        self.balance += amount


def two_deposits(db, first, second):
    """Deposit *first* and *second* in two concurrent transactions, in that order.

    Prints what happens to each one and returns the stored balance."""
    tm1 = transaction.TransactionManager()
    tm2 = transaction.TransactionManager()
    conn1 = db.open(tm1)
    conn2 = db.open(tm2)
    try:
        conn1.root.savings.deposit(first)
        conn2.root.savings.deposit(second)
        tm1.commit()
        print(f"first connection: deposited {first}, committed")
        try:
            tm2.commit()
        except ConflictError as error:
            print(f"second connection: deposited {second}, "
                  f"commit failed with {type(error).__name__} on {error.class_name}")
            tm2.abort()
            conn2.root.savings.deposit(second)
            tm2.commit()
            print(f"second connection: after abort, deposited {second} again, "
                  "committed")
        tm1.begin()  # a new transaction sees what the other connection committed
        return conn1.root.savings.balance
    finally:
        conn1.close()
        conn2.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show a write conflict between two connections.")
    parser.add_argument("--file", help="FileStorage file to use "
                        "(default: a new file in a temporary directory)")
    parser.add_argument("--first", type=int, default=10, help="first deposit (10)")
    parser.add_argument("--second", type=int, default=20, help="second deposit (20)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(args.file or os.path.join(tmp, "bank.fs"))
        try:
            with db.transaction() as conn:
                conn.root.savings = Account(100)
            print("stored balance:", two_deposits(db, args.first, args.second))
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name, so that the database refers to two_writers.Account, not __main__.
    import two_writers

    sys.exit(two_writers.main())
