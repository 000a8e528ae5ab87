# SPDX-License-Identifier: 0BSD
"""Commit hooks: check a transaction just before it commits, send mail only after.

Each order takes pens out of the stock.  A before-commit hook refuses to commit a
negative stock; an after-commit hook sends the confirmation, and only when the order
really was committed::

    python outbox.py            # a stock of 5 pens; orders of 2, then 9
    python outbox.py 1 3 2      # three orders
"""
import argparse
import sys

import transaction
import ZODB
from persistent.mapping import PersistentMapping


class OutOfStock(Exception):
    """The transaction would leave a negative stock."""


class Outbox:
    """Messages that leave only once the transaction that wrote them has committed."""

    def __init__(self):
        self.sent = []

    def post(self, txn, message):
        txn.addAfterCommitHook(self._deliver, args=(message,))

    def _deliver(self, committed, message):
        # The transaction passes its outcome first: True if the commit succeeded.
        if committed:
            self.sent.append(message)  # a real outbox would talk to a mail server


def check_stock(stock):
    """A before-commit hook: it sees the transaction's final state, all orders in."""
    for item, count in stock.items():
        if count < 0:
            raise OutOfStock(f"{item} stock would be {count}")


def count(number, item):
    return f"{number} {item}" + ("" if number == 1 else "s")


def place_order(stock, outbox, item, quantity):
    """Take *quantity* items out of *stock* in the current transaction."""
    txn = transaction.get()
    stock[item] -= quantity
    txn.addBeforeCommitHook(check_stock, args=(stock,))
    outbox.post(txn, f"{count(quantity, item)} on the way")


def demo(quantities, start=5):
    db = ZODB.DB(None)
    try:
        conn = db.open()
        stock = conn.root()["stock"] = PersistentMapping(pen=start)
        transaction.commit()
        outbox = Outbox()
        print(f"stock: {count(stock['pen'], 'pen')}")
        for quantity in quantities:
            place_order(stock, outbox, "pen", quantity)
            try:
                transaction.commit()
            except OutOfStock as error:
                transaction.abort()
                print(f"order of {count(quantity, 'pen')}: refused ({error}); no mail")
            else:
                print(f"order of {count(quantity, 'pen')}: committed; "
                      f"mail sent: {outbox.sent[-1]!r}")
        print(f"stock: {count(stock['pen'], 'pen')}")
        conn.close()
    finally:
        db.close()


def positive(text):
    number = int(text)
    if number <= 0:
        raise ValueError(text)
    return number


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Order pens; a hook checks the stock, another sends the mail.")
    parser.add_argument("quantities", metavar="QUANTITY", type=positive, nargs="*",
                        help="pens per order, one transaction each (default: 2 9)")
    args = parser.parse_args(argv)
    demo(args.quantities or [2, 9])
    return 0


if __name__ == "__main__":
    sys.exit(main())
