# SPDX-License-Identifier: 0BSD
"""A persistent class with a plain list attribute, and the rule that comes with it.

Changing ``bookmark.tags`` in place does not tell ZODB that the bookmark changed;
``Bookmark.add_tag()`` does.  ``Link`` avoids the problem: it only ever assigns.
The demo shows what a second connection sees after each kind of change::

    python bookmarks.py
"""
import argparse
import sys

import transaction
import ZODB
from persistent import Persistent


class Bookmark(Persistent):
    """A link worth keeping.  ``tags`` is a plain list: see add_tag()."""

    def __init__(self, url, title):
        self.url = url
        self.title = title
        self.tags = []

    def add_tag(self, tag):
        self.tags.append(tag)
        # The list changed, not the bookmark: say so, or the change is not saved.
        self._p_changed = True


class Link(Persistent):
    """A bookmark that never changes a value in place: its tags are a tuple,
    replaced whole, and its title is set through a property."""

    def __init__(self, url, title):
        self.url = url
        self.title = title
        self.tags = ()

    def add_tag(self, tag):
        self.tags += (tag,)  # a new tuple, assigned to the attribute: noticed

    @property
    def title(self):
        return self._title

    @title.setter
    def title(self, value):
        self._title = " ".join(value.split())  # an assignment too: noticed


def stored_tags(db, key):
    """The tags of ``root[key]`` as a brand-new connection reads them."""
    with db.transaction() as conn:
        return conn.root()[key].tags


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Show which changes to a list attribute ZODB saves.")
    parser.parse_args(argv)

    db = ZODB.DB(None)
    try:
        conn = db.open()
        bookmark = conn.root()["zodb"] = Bookmark("https://zodb.org", "ZODB")
        transaction.commit()

        bookmark.tags.append("python")
        transaction.commit()
        print(f"tags.append('python'):  we see {bookmark.tags}, "
              f"stored {stored_tags(db, 'zodb')}")

        bookmark.add_tag("database")
        transaction.commit()
        print(f"add_tag('database'):    we see {bookmark.tags}, "
              f"stored {stored_tags(db, 'zodb')}")
        conn.close()
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database refers to bookmarks.Bookmark, not __main__.
    import bookmarks

    sys.exit(bookmarks.main())
