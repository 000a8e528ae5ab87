# SPDX-License-Identifier: 0BSD
"""``_p_repr``: a readable repr for a persistent class, that never raises.

Persistent's own ``__repr__`` calls ``_p_repr`` when the class has one.  Should it
fail, for example on a ghost whose connection is closed, you get the default repr
with the error in it instead of an exception::

    python custom_repr.py
"""
import argparse
import sys

import transaction
import ZODB
from persistent import Persistent


class Contact(Persistent):
    """Someone to write to."""

    def __init__(self, name, email):
        self.name = name
        self.email = email

    def _p_repr(self):
        return f"<Contact {self.name} <{self.email}>>"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print reprs of a persistent object.")
    parser.parse_args(argv)

    db = ZODB.DB(None)
    try:
        conn = db.open()
        ada = Contact("Ada", "ada@example.org")
        print(f"{ada._p_status:8} {ada!r}")
        conn.root()["ada"] = ada
        transaction.commit()
        print(f"{ada._p_status:8} {ada!r}")
        ada._p_deactivate()
        print(f"{ada._p_status:8} {ada!r}")  # _p_repr read self.name: loaded again
        conn.close()
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database refers to custom_repr.Contact, not __main__.
    import custom_repr

    sys.exit(custom_repr.main())
