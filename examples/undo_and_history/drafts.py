# SPDX-License-Identifier: 0BSD
"""Private draft changes over a live database, with a DemoStorage layer.

A DemoStorage reads from a base storage and keeps its own writes in memory.  Over
a read-only FileStorage, it gives a draft that nobody else sees; publishing copies
the finished pages into the live database, and closing the draft discards it.
The demo runs in a temporary directory::

    python drafts.py
"""
import argparse
import os
import sys
import tempfile

import ZODB
from persistent.mapping import PersistentMapping
from ZODB.DemoStorage import DemoStorage
from ZODB.FileStorage import FileStorage


def open_draft(path):
    """A database that reads the FileStorage *path* and keeps its writes in memory."""
    return ZODB.DB(DemoStorage(base=FileStorage(path, read_only=True)))


def set_text(db, title, text):
    """Set the text of one page, creating the page if needed."""
    with db.transaction(f"edit {title}") as conn:
        root = conn.root()
        if title not in root:
            root[title] = PersistentMapping()
        root[title]["text"] = text


def text(db, title):
    """The current text of one page."""
    with db.transaction() as conn:
        return conn.root()[title]["text"]


def publish(draft, live, titles):
    """Copy the draft's text of some pages into the live database, in one commit."""
    with draft.transaction() as source, live.transaction("publish") as target:
        for title in titles:
            target.root()[title]["text"] = source.root()[title]["text"]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Edit a demo wiki in a private DemoStorage draft, then publish.")
    parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "wiki.fs")
        live = ZODB.DB(path)
        set_text(live, "home", "Welcome to our wiki.")
        set_text(live, "faq", "Ask us anything.")
        live.close()  # writes wiki.fs.index, which the read-only base then uses

        draft = open_draft(path)
        live = ZODB.DB(path)
        try:
            set_text(draft, "home", "Welcome to our new wiki!")
            set_text(draft, "faq", "Nothing to see yet.")
            print("draft home:", text(draft, "home"))
            print("live home: ", text(live, "home"))
            publish(draft, live, ["home"])
            print("published home")
            draft.close()  # the rest of the draft is gone now
            print("live home: ", text(live, "home"))
            print("live faq:  ", text(live, "faq"))
        finally:
            draft.close()
            live.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
