# SPDX-License-Identifier: 0BSD
"""Process runs in SQLite: three tables, and one question asked two ways.

A *run* is a list of manufacturing steps (*operations*) for a semiconductor fab; an
operation may have *parameters*, such as the thickness of a film to deposit.  This
script stores a number of runs in a fresh SQLite file and asks which runs use a given
parameter value, counting the SQL statements each way of asking takes::

    python runs_sql.py
    python runs_sql.py --runs 1000 --name material --value copper

runs_zodb.py stores the same runs in ZODB and asks the same question.
"""
import argparse
import os
import sqlite3
import sys
import tempfile


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


def create_tables(db):
    """The relational design: one table per kind of thing, joined by keys."""
    db.executescript("""
        CREATE TABLE runs (
            run_id      INTEGER PRIMARY KEY,
            owner       TEXT NOT NULL,
            title       TEXT NOT NULL,
            acct_num    INTEGER NOT NULL
        );
        CREATE TABLE operations (
            run_id      INTEGER NOT NULL REFERENCES runs (run_id),
            step_num    INTEGER NOT NULL,
            process_id  TEXT NOT NULL,
            PRIMARY KEY (run_id, step_num)
        );
        CREATE TABLE parameters (
            run_id      INTEGER NOT NULL,
            step_num    INTEGER NOT NULL,
            param_name  TEXT NOT NULL,
            param_value,  -- no declared type: 2.0 stays a number, 'copper' text
            PRIMARY KEY (run_id, step_num, param_name),
            FOREIGN KEY (run_id, step_num) REFERENCES operations (run_id, step_num)
        );
    """)


def add_runs(db, runs):
    """Insert runs from :func:`sample_runs`: each becomes rows in three tables."""
    with db:  # one transaction: commit at the end, roll back on an error
        for run_id, owner, title, acct_num, steps in runs:
            db.execute("INSERT INTO runs VALUES (?, ?, ?, ?)",
                       (run_id, owner, title, acct_num))
            for step_num, process_id, parameters in steps:
                db.execute("INSERT INTO operations VALUES (?, ?, ?)",
                           (run_id, step_num, process_id))
                for name, value in parameters.items():
                    db.execute("INSERT INTO parameters VALUES (?, ?, ?, ?)",
                               (run_id, step_num, name, value))


def runs_with_parameter(db, name, value):
    """Which runs have a step with this parameter value?  One join answers it."""
    return db.execute("""
        SELECT DISTINCT runs.run_id, runs.owner
          FROM runs JOIN parameters ON parameters.run_id = runs.run_id
         WHERE parameters.param_name = ? AND parameters.param_value = ?
         ORDER BY runs.run_id
    """, (name, value)).fetchall()


def runs_with_parameter_row_by_row(db, name, value):
    """The same question asked the way a naive object-relational mapper would:
    load each run, then its operations, then each operation's parameters."""
    found = []
    for run_id, owner in db.execute("SELECT run_id, owner FROM runs ORDER BY run_id"):
        steps = db.execute("SELECT step_num FROM operations WHERE run_id = ?",
                           (run_id,)).fetchall()
        for (step_num,) in steps:
            parameters = db.execute(
                "SELECT param_name, param_value FROM parameters"
                " WHERE run_id = ? AND step_num = ?", (run_id, step_num)).fetchall()
            if (name, value) in parameters and (run_id, owner) not in found:
                found.append((run_id, owner))
    return found


def count_statements(db, question, name, value):
    """Ask *question* and return its answer and the number of SQL statements it ran."""
    statements = []
    db.set_trace_callback(statements.append)  # called with each statement's text
    try:
        answer = question(db, name, value)
    finally:
        db.set_trace_callback(None)
    return answer, len(statements)


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
        description="Store process runs in SQLite and find the runs that use a "
                    "parameter value, counting the SQL statements.")
    parser.add_argument("--runs", type=at_least_one, default=100,
                        help="how many runs to store (default: 100)")
    parser.add_argument("--name", default="thickness",
                        help="parameter name (default: thickness)")
    parser.add_argument("--value", type=parameter_value, default=2.0,
                        help="parameter value (default: 2.0)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as directory:
        db = sqlite3.connect(os.path.join(directory, "runs.sqlite"))
        try:
            create_tables(db)
            add_runs(db, sample_runs(args.runs))
            found, joined = count_statements(db, runs_with_parameter,
                                             args.name, args.value)
            _, row_by_row = count_statements(db, runs_with_parameter_row_by_row,
                                             args.name, args.value)
        finally:
            db.close()
    print(f"runs with {args.name} = {args.value}: {describe(found)}")
    print(f"SQL statements, one join: {joined}")
    print(f"SQL statements, row by row: {row_by_row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
