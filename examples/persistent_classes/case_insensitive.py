# SPDX-License-Identifier: 0BSD
"""``__getattribute__``, ``__setattr__`` and ``__delattr__`` on a persistent class.

``Settings`` ignores the case of attribute names (``s.Colour`` is ``s.colour``).
Its hooks let Persistent handle its own names first, then store the value in the
instance ``__dict__`` and mark the object changed.  ``CarelessSettings`` forgets
that last step, and its writes are never saved::

    python case_insensitive.py
"""
import argparse
import sys

import transaction
import ZODB
from persistent import Persistent


class Settings(Persistent):
    """Attributes whose names ignore case: ``s.Colour``, ``s.colour``, ``s.COLOUR``."""

    def __getattribute__(self, name):
        # True for _p_ names, __dict__, __class__...: Persistent's own business.
        if Persistent._p_getattr(self, name):
            return Persistent.__getattribute__(self, name)
        # False: the state is loaded now (if we were a ghost); look it up our way.
        return Persistent.__getattribute__(self, name.lower())

    def __setattr__(self, name, value):
        if Persistent._p_setattr(self, name, value):
            return
        self.__dict__[name.lower()] = value
        self._p_changed = True  # we wrote to __dict__ ourselves: tell persistence

    def __delattr__(self, name):
        if Persistent._p_delattr(self, name):
            return
        del self.__dict__[name.lower()]
        self._p_changed = True


class CarelessSettings(Settings):
    """The same, but its ``__setattr__`` forgets ``_p_changed``.  Don't do this."""

    def __setattr__(self, name, value):
        if Persistent._p_setattr(self, name, value):
            return
        self.__dict__[name.lower()] = value


def stored_colour(db, key):
    """The colour of ``root[key]`` as a brand-new connection reads it."""
    with db.transaction() as conn:
        return conn.root()[key].colour


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Change case-insensitive attributes and see which writes are saved.")
    parser.parse_args(argv)

    db = ZODB.DB(None)
    try:
        conn = db.open()
        root = conn.root()
        for key, cls in [("careful", Settings), ("careless", CarelessSettings)]:
            root[key] = cls()
            root[key].Colour = "red"
            transaction.commit()
            root[key].COLOUR = "green"
            transaction.commit()
            print(f"{cls.__name__:16} we see {root[key].colour!r:8} "
                  f"stored {stored_colour(db, key)!r}")
        conn.close()
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    # Stored objects remember their class by module and name: import this file under
    # its own name so that the database never refers to __main__.Settings.
    import case_insensitive

    sys.exit(case_insensitive.main())
