# SPDX-License-Identifier: 0BSD
"""``__getattr__`` on a persistent class: written as for any other class.

Python calls ``__getattr__`` only for attributes that normal lookup did not find.
A ghost is loaded before that lookup, so stored attributes never reach it.
``CarelessPreferences`` answers every unknown name, and cannot be committed::

    python fallback.py
"""
import argparse
import sys

import transaction
import ZODB
from persistent import Persistent


class Preferences(Persistent):
    """A user's settings; anything not set yet falls back to a default."""

    DEFAULTS = {"theme": "light", "page_size": 20}

    def __init__(self, owner):
        self.owner = owner

    def __getattr__(self, name):
        try:
            return self.DEFAULTS[name]
        except KeyError:
            # Unknown names must raise AttributeError, as for any class: pickle,
            # copy and hasattr() rely on it.
            raise AttributeError(name) from None


class CarelessPreferences(Preferences):
    """The same, but every unknown name gets a value too.  Don't do this."""

    def __getattr__(self, name):
        return self.DEFAULTS.get(name, 0)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Read stored and default attributes of a ghost.")
    parser.parse_args(argv)

    db = ZODB.DB(None)
    try:
        conn = db.open()
        prefs = conn.root()["ada"] = Preferences("ada")
        prefs.theme = "dark"
        transaction.commit()
        prefs._p_deactivate()  # make it a ghost, as after a restart
        print(f"{prefs._p_status}: theme={prefs.theme!r} page_size={prefs.page_size!r}")
        print(f"{prefs._p_status}: has a colour? {hasattr(prefs, 'colour')}")
        conn.close()
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database refers to fallback.Preferences, not __main__.
    import fallback

    sys.exit(fallback.main())
