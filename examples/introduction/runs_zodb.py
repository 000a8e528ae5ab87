# SPDX-License-Identifier: 0BSD
"""Process runs in ZODB: three persistent classes, and one question asked two ways.

The same runs as runs_sql.py, stored as objects in a fresh FileStorage file.  The
script asks which runs use a given parameter value, once by walking every run and
once through an index the program keeps itself, and counts the objects each way
loads from the database::

    python runs_zodb.py
    python runs_zodb.py --runs 1000 --name material --value copper
"""
import argparse
import os
import sys
import tempfile

import ZODB
from BTrees.OOBTree import OOBTree
from persistent import Persistent


def sample_runs(count):
    """Yield *count* process runs as plain tuples, the same ones on every call.

    Each run is ``(run_id, owner, title, acct_num, steps)``; each step is
    ``(step_num, process_id, {parameter name: value})``.
    """
    for n in range(1, count + 1):
        steps = [
            (1, "clean", {}),
            (2, "deposit", {"material": ("oxide", "nitride", "copper")[n % 3],
                            "thickness": (n % 25 + 1) / 10}),
            (3, "etch", {"depth": (n % 4 + 1) / 2}),
        ]
        owner = ("ada", "grace", "linus", "margaret")[n % 4]
        yield n, owner, f"test run {n}", 4000 + n % 5, steps


class Run(Persistent):
    """A process run: who owns it, what it is called, and its steps in order."""

    def __init__(self, run_id, owner, title, acct_num, operations):
        self.run_id = run_id
        self.owner = owner
        self.title = title
        self.acct_num = acct_num
        self.operations = list(operations)


class Operation(Persistent):
    """One step of a run, such as depositing a film or etching it away."""

    def __init__(self, step_num, process_id, parameters):
        self.step_num = step_num
        self.process_id = process_id
        self.parameters = list(parameters)


class Parameter(Persistent):
    """A named value an operation needs: what to deposit, and how much of it."""

    def __init__(self, name, value):
        self.name = name
        self.value = value


def add_run(root, run_id, owner, title, acct_num, steps):
    """Store one run from :func:`sample_runs`, and index its parameter values."""
    run = Run(run_id, owner, title, acct_num, [
        Operation(step_num, process_id,
                  [Parameter(name, value) for name, value in parameters.items()])
        for step_num, process_id, parameters in steps
    ])
    root["runs"][run_id] = run
    index = root["runs_by_parameter"]
    for operation in run.operations:
        for parameter in operation.parameters:
            key = (parameter.name, parameter.value)
            if key not in index:
                index[key] = OOBTree()
            index[key][run_id] = run
    return run


def create_database(path, count):
    """Store *count* sample runs in a new FileStorage file at *path*."""
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            root = conn.root()
            root["runs"] = OOBTree()               # run_id -> Run
            root["runs_by_parameter"] = OOBTree()  # (name, value) -> {run_id: Run}
            for run in sample_runs(count):
                add_run(root, *run)
    finally:
        db.close()


def runs_with_parameter(root, name, value):
    """Which runs have a step with this parameter value?  Look at every one."""
    found = {}
    for run in root["runs"].values():
        for operation in run.operations:
            for parameter in operation.parameters:
                if parameter.name == name and parameter.value == value:
                    found[run.run_id] = run.owner
    return sorted(found.items())


def runs_with_parameter_indexed(root, name, value):
    """The same question, answered from the index that :func:`add_run` keeps."""
    try:
        runs = root["runs_by_parameter"].get((name, value), {})
    except TypeError:
        # BTree keys must compare with each other: a number is never equal to
        # the text values stored under this name, so nothing matches.
        return []
    return [(run_id, run.owner) for run_id, run in runs.items()]


def count_loads(path, question, name, value):
    """Ask *question* through a new database object, so that its connection starts
    with an empty cache; return the answer and the number of objects loaded."""
    db = ZODB.DB(path)
    try:
        with db.transaction() as conn:
            answer = question(conn.root(), name, value)
            loads, _stores = conn.getTransferCounts()
    finally:
        db.close()
    return answer, loads


def describe(found, shown=4):
    """How many runs were found, and the first few of them."""
    runs = ", ".join(f"{run_id} {owner}" for run_id, owner in found[:shown])
    more = f" and {len(found) - shown} more" if len(found) > shown else ""
    return f"{len(found)} ({runs}{more})" if found else "0"


def parameter_value(text):
    """A value from the command line: a number if it reads as one, else the text."""
    try:
        return float(text)
    except ValueError:
        return text


def at_least_one(text):
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Store process runs in ZODB and find the runs that use a "
                    "parameter value, counting the objects loaded.")
    parser.add_argument("--runs", type=at_least_one, default=100,
                        help="how many runs to store (default: 100)")
    parser.add_argument("--name", default="thickness",
                        help="parameter name (default: thickness)")
    parser.add_argument("--value", type=parameter_value, default=2.0,
                        help="parameter value (default: 2.0)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "runs.fs")
        create_database(path, args.runs)
        found, walked = count_loads(path, runs_with_parameter, args.name, args.value)
        _, looked_up = count_loads(path, runs_with_parameter_indexed,
                                   args.name, args.value)
    print(f"runs with {args.name} = {args.value}: {describe(found)}")
    print(f"objects loaded, walking every run: {walked}")
    print(f"objects loaded, through the index: {looked_up}")
    return 0


if __name__ == "__main__":
    # A stored object remembers its class by module and name.  Run as a script, this
    # module is "__main__"; import it under its own name instead, so that the database
    # refers to runs_zodb.Run, which other programs can import too.
    import runs_zodb

    sys.exit(runs_zodb.main())
