# SPDX-License-Identifier: 0BSD
"""PersistentList and PersistentMapping: containers that notice their own changes.

A ``Folder`` keeps its links in a PersistentList and a note per link in a
PersistentMapping, so code may change them in place and nothing is lost::

    python containers.py
"""
import argparse
import sys

import ZODB
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping


class Folder(Persistent):
    """Named, ordered links, each with an optional note."""

    def __init__(self, name, links=()):
        self.name = name
        self.links = PersistentList(links)  # a copy: later changes to *links* don't count
        self.notes = PersistentMapping()  # link -> note

    def add(self, link, note=None):
        self.links.append(link)
        if note is not None:
            self.notes[link] = note


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Change a PersistentList and a PersistentMapping in place.")
    parser.parse_args(argv)

    db = ZODB.DB(None)
    try:
        with db.transaction() as conn:
            conn.root()["reading"] = Folder("reading", ["https://zodb.org"])
        with db.transaction() as conn:
            folder = conn.root()["reading"]
            folder.add("https://persistent.readthedocs.io", note="the base class")
            folder.links.sort()
            folder.notes["https://zodb.org"] = "start here"
        with db.transaction() as conn:
            conn.cacheMinimize()  # forget what is in memory: read what was stored
            folder = conn.root()["reading"]
            print(*folder.links, sep="\n")
            print(dict(folder.notes))
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database refers to containers.Folder, not __main__.
    import containers

    sys.exit(containers.main())
