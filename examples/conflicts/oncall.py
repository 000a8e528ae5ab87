# SPDX-License-Identifier: 0BSD
"""Two doctors leave the on-call rota at once, each because the other one stays.

Each transaction only *reads* the colleague it relies on, so no write conflict
protects the rule "at least one doctor is on call".  Declaring that read with
``Connection.readCurrent()`` turns the race into a ``ReadConflictError``::

    python oncall.py
"""
import argparse
import os
import sys
import tempfile

import transaction
import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from ZODB.POSException import ConflictError


class Doctor(Persistent):
    """A doctor who is on call until told otherwise."""

    def __init__(self, name):
        self.name = name
        self.on_call = True


def go_off_call(conn, me, colleague, check=True):
    """Take doctor *me* off call, provided *colleague* is still on call.

    With *check*, the commit fails with ReadConflictError if another transaction
    changed the colleague since this one read it.  Returns whether *me* left."""
    doctors = conn.root.doctors
    if not doctors[colleague].on_call:
        return False
    if check:
        conn.readCurrent(doctors[colleague])
    doctors[me].on_call = False
    return True


def both_leave(db, check):
    """Alice and Bob try to go off call in two concurrent transactions.

    Returns the names of the doctors on call afterwards."""
    tm1 = transaction.TransactionManager()
    tm2 = transaction.TransactionManager()
    alice, bob = db.open(tm1), db.open(tm2)
    try:
        go_off_call(alice, "alice", "bob", check)
        go_off_call(bob, "bob", "alice", check)
        tm1.commit()
        try:
            tm2.commit()
        except ConflictError as error:
            print(f"  bob's commit failed: {type(error).__name__}")
            tm2.abort()
        tm1.begin()
        return [d.name for d in alice.root.doctors.values() if d.on_call]
    finally:
        alice.close()
        bob.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show write skew, and readCurrent() preventing it.")
    parser.add_argument("--file", help="FileStorage file to use "
                        "(default: a new file in a temporary directory)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = ZODB.DB(args.file or os.path.join(tmp, "rota.fs"))
        try:
            for check in (False, True):
                with db.transaction() as conn:
                    conn.root.doctors = OOBTree(
                        {name: Doctor(name) for name in ("alice", "bob")})
                print("with readCurrent:" if check else "without readCurrent:")
                print("  on call afterwards:", both_leave(db, check) or "nobody")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    # Import this file under its own name, so that the database refers to
    # oncall.Doctor rather than __main__.Doctor.
    import oncall

    sys.exit(oncall.main())
