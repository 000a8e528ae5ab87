# SPDX-License-Identifier: 0BSD
"""Unit tests against a real ZEO server that each test starts and stops itself.

``ZEO.server()`` runs a server in a thread of the test process, over a FileStorage in
a temporary directory, and returns its address and a function that stops it.  Run
the tests as a script (or with ``python -m unittest``)::

    python zeo_testcase.py
    python zeo_testcase.py --verbose
"""
import argparse
import contextlib
import logging
import os
import sys
import tempfile
import unittest

import transaction
import ZEO


class ZEOTestCase(unittest.TestCase):
    """Gives each test ``self.address``, a fresh server, and ``self.db``, a client."""

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)  # cleanups run last to first
        # ZEO.server() writes a configuration file into the current directory.  The
        # paths are absolute: the storage writes Data.fs.index when the server
        # stops, long after the chdir is undone.
        with contextlib.chdir(directory.name):
            self.address, stop = ZEO.server(
                path=os.path.join(directory.name, "Data.fs"),
                port=os.path.join(directory.name, "zeo.sock"))
        self.addCleanup(stop)
        self.db = self.client()

    def client(self, **options):
        """Another client of this test's server, closed after the test."""
        db = ZEO.DB(self.address, wait_timeout=5, **options)
        self.addCleanup(db.close)
        return db


class SharingTests(ZEOTestCase):

    def test_a_second_client_sees_a_commit(self):
        with self.db.transaction() as conn:
            conn.root()["greeting"] = "hello"
        other = self.client(server_sync=True)
        with other.transaction() as conn:
            self.assertEqual(conn.root()["greeting"], "hello")

    def test_a_commit_is_seen_at_the_next_transaction(self):
        other = self.client(server_sync=True)
        tm = transaction.TransactionManager()
        conn = other.open(tm)
        self.addCleanup(conn.close)
        self.assertNotIn("greeting", conn.root())
        with self.db.transaction() as writer:
            writer.root()["greeting"] = "hello"
        self.assertNotIn("greeting", conn.root())  # same transaction: old state
        tm.begin()
        self.assertEqual(conn.root()["greeting"], "hello")

    def test_each_test_gets_an_empty_database(self):
        with self.db.transaction() as conn:
            self.assertEqual(dict(conn.root()), {})

    def test_the_filestorage_can_undo(self):
        self.assertTrue(self.db.supportsUndo())


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Run unit tests that each start their own ZEO server.")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="name each test as it runs")
    args = parser.parse_args(argv)

    # Keep the servers' and clients' log messages out of the test report.
    logging.getLogger("ZEO").addHandler(logging.NullHandler())
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(SharingTests)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2 if args.verbose else 1)
    result = runner.run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
