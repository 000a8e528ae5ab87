# SPDX-License-Identifier: 0BSD
"""Deleting from a BTree while iterating over it, the wrong ways and the right one.

Sessions live in an IOBTree keyed by the time they expire.  Removing the expired
ones inside a loop over the tree skips keys, sometimes with a RuntimeError and
sometimes silently.  Listing the keys first, then deleting, removes every one::

    python expire.py
    python expire.py --sessions 40 --expired 20
"""
import argparse
import sys

from BTrees.IOBTree import IOBTree


def expire(sessions, now):
    """Delete every session that expired before *now*; return how many went."""
    # Take the keys out of the tree first (a range search), then change the tree.
    expired = list(sessions.keys(max=now, excludemax=True))
    for when in expired:
        del sessions[when]
    return len(expired)


def drop_if(tree, unwanted):
    """Delete the entries whose value *unwanted(value)* says to drop; return how many."""
    # The same pattern when a test on the values decides: collect, then delete.
    doomed = [key for key, value in tree.items() if unwanted(value)]
    for key in doomed:
        del tree[key]
    return len(doomed)


def expire_while_iterating(sessions, now, loop_over):
    """The mistake: delete inside a loop over the tree itself.  Don't do this."""
    removed, error = 0, None
    try:
        for when in loop_over(sessions):
            if when < now:
                del sessions[when]
                removed += 1
    except RuntimeError as exc:
        error = exc
    return removed, error


def make_sessions(count):
    """*count* sessions expiring at times 0, 1, 2, ..."""
    return IOBTree({when: f"session-{when}" for when in range(count)})


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Delete expired sessions from an IOBTree, three ways.")
    parser.add_argument("--sessions", type=int, default=1000, metavar="N",
                        help="how many sessions (default 1000)")
    parser.add_argument("--expired", type=int, default=600, metavar="M",
                        help="how many of them have expired (default 600)")
    args = parser.parse_args(argv)
    if not 0 <= args.expired <= args.sessions:
        parser.error("--expired must be between 0 and --sessions")
    now = args.expired  # sessions 0 .. now-1 have expired

    print(f"{args.sessions} sessions, {args.expired} of them expired")
    loops = [("for when in sessions:", lambda tree: tree),
             ("for when in sessions.keys():", lambda tree: tree.keys())]
    for label, loop_over in loops:
        sessions = make_sessions(args.sessions)
        removed, error = expire_while_iterating(sessions, now, loop_over)
        print(f"{label:29} removed {removed:4} of {args.expired}"
              + ("" if error else ", no error"))
        if error:
            print(f"    RuntimeError: {error}")
    sessions = make_sessions(args.sessions)
    removed = expire(sessions, now)
    print(f"{'expire(sessions, now):':29} removed {removed:4} of {args.expired}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
