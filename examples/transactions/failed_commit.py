# SPDX-License-Identifier: 0BSD
"""Make a commit fail on purpose, and watch the transaction refuse to go on.

``Veto`` is the smallest possible *data manager*: an object that takes part in a
transaction's two-phase commit beside ZODB's connections.  It always votes no, the
way a SQL database or a mail queue would when it cannot promise to finish::

    python failed_commit.py
    python failed_commit.py --reason "the warehouse is closed"
"""
import argparse
import sys

import transaction
import ZODB
from transaction.interfaces import TransactionFailedError


class Vetoed(Exception):
    """The vote of a ``Veto`` data manager: this transaction must not commit."""


class Veto:
    """A data manager that makes the commit of the transaction it joins fail.

    At commit, ``transaction`` calls ``tpc_begin`` on every data manager, then
    ``commit`` on every one, then ``tpc_vote``, and only when all votes passed,
    ``tpc_finish``.  When a step fails, it calls ``abort`` and ``tpc_abort`` instead.
    This one fails its vote."""

    def __init__(self, transaction_manager, reason="vetoed"):
        self.transaction_manager = transaction_manager
        self.reason = reason

    def sortKey(self):
        # Data managers vote in the order of their keys: "~" sorts after the names
        # of ZODB's storages, so the database has voted yes before we say no.
        return "~veto"

    def tpc_begin(self, txn):
        pass

    def commit(self, txn):
        pass

    def tpc_vote(self, txn):
        raise Vetoed(self.reason)

    def tpc_finish(self, txn):
        pass

    def tpc_abort(self, txn):
        pass

    def abort(self, txn):
        pass


def veto(transaction_manager=None, reason="vetoed"):
    """Join a ``Veto`` to the current transaction of *transaction_manager*."""
    if transaction_manager is None:
        transaction_manager = transaction.manager
    transaction_manager.get().join(Veto(transaction_manager, reason))


def attempt(label, action):
    """Run *action* and print what happened, in one line."""
    try:
        action()
    except (Vetoed, TransactionFailedError) as error:
        first_line = str(error).splitlines()[0]
        print(f"{label}: {type(error).__name__}: {first_line}")
    else:
        print(f"{label}: ok")


def demo(reason):
    db = ZODB.DB(None)
    try:
        conn = db.open()
        root = conn.root()
        root["stock"] = 10
        transaction.commit()
        print(f"stock is {root['stock']}")

        def change_and_commit(value, vetoed=False):
            root["stock"] = value
            if vetoed:
                veto(reason=reason)
            transaction.commit()

        attempt("set stock to 9 and commit", lambda: change_and_commit(9, vetoed=True))
        attempt("commit again", transaction.commit)
        attempt("abort", transaction.abort)
        print(f"stock is {root['stock']}")
        attempt("set stock to 8 and commit", lambda: change_and_commit(8))
        print(f"stock is {root['stock']}")
        conn.close()
    finally:
        db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show what a failed commit does to the transaction after it.")
    parser.add_argument("--reason", default="vetoed by the demo",
                        help="the message the failing vote raises")
    args = parser.parse_args(argv)
    demo(args.reason)
    return 0


if __name__ == "__main__":
    sys.exit(main())
