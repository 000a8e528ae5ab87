# SPDX-License-Identifier: 0BSD
"""Two bank accounts and transfers between them: each transfer commits or aborts whole.

A transfer pays into one account before it takes the money out of the other, so a
transfer that fails half-way has already changed an object.  ``transaction.abort()``
takes that change back::

    python accounts.py                            # in a temporary directory: 30, then 500
    python accounts.py --file accounts.fs 5 20    # keep the accounts in accounts.fs
"""
import argparse
import os
import sys
import tempfile

import transaction
import zc.lockfile
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent


class InsufficientFunds(Exception):
    """An account was asked for more money than it holds."""


class Account(Persistent):
    """A balance that never goes below zero."""

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        self.balance += amount

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner} has only {self.balance}")
        self.balance -= amount


def transfer(accounts, source, target, amount):
    """Move *amount* from one account to another, inside the current transaction.

    The deposit comes first on purpose: when the withdrawal fails, the target
    account has already been paid, and only an abort takes that back."""
    accounts[target].deposit(amount)
    accounts[source].withdraw(amount)


def transfer_and_commit(accounts, source, target, amount):
    """One transfer, one transaction: commit it, or abort it if it fails."""
    transaction.get().note(f"transfer {amount} from {source} to {target}")
    try:
        transfer(accounts, source, target, amount)
    except InsufficientFunds as error:
        transaction.abort()
        return f"aborted ({error})"
    transaction.commit()
    return "committed"


def open_accounts(root):
    """The accounts BTree, with alice (100) and bob (0) the first time."""
    if "accounts" not in root:
        root["accounts"] = OOBTree()
        root["accounts"]["alice"] = Account("alice", 100)
        root["accounts"]["bob"] = Account("bob", 0)
        transaction.get().note("open accounts for alice and bob")
        transaction.commit()
    return root["accounts"]


def balances(accounts):
    return ", ".join(f"{name} {account.balance}" for name, account in accounts.items())


def run(path, amounts):
    db = ZODB.DB(path)
    try:
        conn = db.open()
        accounts = open_accounts(conn.root())
        print(balances(accounts))
        for amount in amounts:
            outcome = transfer_and_commit(accounts, "alice", "bob", amount)
            print(f"transfer {amount}: {outcome}; {balances(accounts)}")
        conn.close()
    finally:
        db.close()


def positive(text):
    amount = int(text)
    if amount <= 0:
        raise ValueError(text)
    return amount


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Transfer money from alice to bob, one transaction per transfer.")
    parser.add_argument("amounts", metavar="AMOUNT", type=positive, nargs="*",
                        help="amounts to transfer (default: 30, then 500)")
    parser.add_argument("--file", help="a FileStorage file to keep the accounts in "
                                       "(default: a temporary directory)")
    args = parser.parse_args(argv)
    amounts = args.amounts or [30, 500]
    if args.file:
        try:
            run(args.file, amounts)
        except zc.lockfile.LockError:
            parser.exit(1, f"{parser.prog}: {args.file} is open in another process\n")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(os.path.join(tmp, "bank.fs"), amounts)
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module name: import this file as
    # "accounts", so the database refers to accounts.Account, not __main__.Account.
    import accounts

    sys.exit(accounts.main())
