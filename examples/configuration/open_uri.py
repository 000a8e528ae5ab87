# SPDX-License-Identifier: 0BSD
"""Open a database named by a zodburi URI, and say what it is.

One string names the storage and, in its query, the database options, which
makes URIs handy in ``.ini`` files and environment variables::

    python open_uri.py memory://scratch
    python open_uri.py "file://Data.fs?connection_cache_size=2000"
    python open_uri.py "zeo:///srv/app/zeo.sock?wait_timeout=5"

Without a URI, it opens ``memory://demo``.  A ``zeo://`` URI that sets no
``wait_timeout`` gets ``--timeout`` seconds (10 by default), not ZEO's 30.
Needs ``pip install zodburi``.
"""
import argparse
import sys

import zc.lockfile
import ZConfig
import ZODB
import zodburi
from ZEO.Exceptions import ClientDisconnected
from ZODB.FileStorage.FileStorage import FileStorageFormatError


def open_uri(uri):
    """Open the database *uri* names, with the options its query gives."""
    storage_factory, db_options = zodburi.resolve_uri(uri)
    storage = storage_factory()
    try:
        return ZODB.DB(storage, **db_options)
    except Exception:
        storage.close()
        raise


def with_wait(uri, seconds):
    """*uri*, with ``wait_timeout`` set to *seconds* if it names a ZEO server and
    does not choose a wait of its own."""
    scheme, _, rest = uri.partition("://")
    if scheme != "zeo" or "wait_timeout=" in rest:
        return uri
    return f"{uri}{'&' if '?' in rest else '?'}wait_timeout={seconds:g}"


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Open the database a zodburi URI names and describe it.")
    parser.add_argument("uri", nargs="?", default="memory://demo",
                        help="memory://, file://, zeo:// or zconfig:// URI "
                             "(default: memory://demo)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long a zeo:// URI without a wait_timeout waits "
                             "for its server (default: 10)")
    args = parser.parse_args(argv)
    uri = with_wait(args.uri, args.timeout)

    try:
        db = open_uri(uri)
    except KeyError as error:  # no resolver for the scheme, or an unknown option
        parser.exit(1, f"{parser.prog}: {error.args[0]}\n")
    except (ZConfig.ConfigurationError, zc.lockfile.LockError) as error:
        parser.exit(1, f"{parser.prog}: {error}\n")
    except ClientDisconnected:
        parser.exit(1, f"{parser.prog}: no ZEO server answered at {uri}\n")
    except OSError as error:  # no such file, a directory, no permission...
        parser.exit(1, f"{parser.prog}: cannot open {error.filename}: {error.strerror}\n")
    except FileStorageFormatError as error:
        parser.exit(1, f"{parser.prog}: {error} is not a FileStorage data file\n")
    try:
        storage = db.storage
        print(f"storage: {type(storage).__name__} {storage.getName()}")
        print(f"database name: {db.database_name}")
        print(f"object cache: {db.getCacheSize()} objects per connection")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
