# SPDX-License-Identifier: 0BSD
"""Volatile ``_v_`` attributes: a per-connection cache that is never stored.

``Document.word_count()`` keeps its result in ``_v_word_count``.  The demo runs the
events that keep or drop such an attribute and prints which one did what::

    python volatile.py
"""
import argparse
import sys

import transaction
import ZODB
from persistent import Persistent


class Document(Persistent):
    """A text that counts its words once per loaded copy."""

    def __init__(self, text):
        self.text = text

    def word_count(self):
        try:
            return self._v_word_count
        except AttributeError:
            self._v_word_count = len(self.text.split())  # not stored, not a change
            return self._v_word_count


def has_volatile(doc):
    """Whether *doc* still holds its ``_v_word_count`` (without loading a ghost)."""
    return "_v_word_count" in doc.__dict__


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show which events keep or drop a _v_ attribute.")
    parser.parse_args(argv)

    db = ZODB.DB(None)
    try:
        conn = db.open()
        root = conn.root()
        doc = root["doc"] = Document("to be or not to be")
        root["other"] = Document("something else")
        transaction.commit()
        other_tm = transaction.TransactionManager()
        other = db.open(other_tm)

        def other_connection_edits():
            other.root()["doc"].text += " that is the question"
            other_tm.commit()
            transaction.begin()

        def edit_then_abort():
            doc.text = "never saved"
            transaction.abort()

        def touch_other_then_abort():
            root["other"].text = "never saved"
            transaction.abort()

        events = [
            ("commit", transaction.commit),
            ("abort, document untouched", touch_other_then_abort),
            ("abort of a change to the document", edit_then_abort),
            ("conn.cacheMinimize()", conn.cacheMinimize),
            ("other connection changed it, begin()", other_connection_edits),
        ]
        for label, event in events:
            doc.word_count()
            event()
            print(f"{label:38} {'kept' if has_volatile(doc) else 'gone'}")
        doc.word_count()
        print(f"{'the other connection has it too':38} "
              f"{'yes' if has_volatile(other.root()['doc']) else 'no'}")
        other.close()
        conn.close()
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database refers to volatile.Document, not __main__.
    import volatile

    sys.exit(volatile.main())
