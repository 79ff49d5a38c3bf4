"""Rebuild the frozen demo database of commit 1ac79fa and its manifest.

    .venv/bin/python -m tests.upgrade.build_old_demo

from the project root. It checks commit 1ac79fa (the last before the report
models moved from the roundtable app to publications) out into a temporary git
worktree, runs that commit's `manage.py migrate` and `load_demo` there with its
dev settings on a new SQLite file, as its `make run` did, and removes the
worktree. That load_demo makes the invitations (pending, accepted, declined,
revoked), the registrations (confirmed, awaiting approval) and the breakout
booking itself, through that commit's services, so nothing is added by hand.
The database is compacted (VACUUM, no WAL) and written gzipped to
`data/old-demo-1ac79fa.sqlite3.gz`; `manifest.read` of it to
`data/old-demo-1ac79fa.json`.

Tokens, passwords and times are new on every run, so a rebuilt database differs
byte for byte; the manifest is always read from the database written beside it.
`--manifest-only` keeps the committed database and reads its manifest again (after
a change to `manifest.py`).
"""

import argparse
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from tests.upgrade import manifest

COMMIT = "1ac79fa"
ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
DATABASE = DATA / f"old-demo-{COMMIT}.sqlite3.gz"
MANIFEST = DATA / f"old-demo-{COMMIT}.json"
# What the old commit's settings must not take from this shell.
NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE")


def run(*args, cwd, env=None):
    subprocess.run(  # noqa: S603 - git and the old commit's manage.py, fixed arguments
        args, cwd=cwd, env=env, check=True, capture_output=True, text=True
    )


def build(tmp):
    """The old commit's demo database, in `tmp`."""
    tree, database = tmp / "tree", tmp / "old-demo.sqlite3"
    git = shutil.which("git")
    run(git, "worktree", "add", "--detach", str(tree), COMMIT, cwd=ROOT)
    try:
        (tree / ".venv").symlink_to((ROOT / ".venv").resolve())
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env |= {
            "DJANGO_SETTINGS_MODULE": "roundtable.settings.dev",
            "DATABASE_URL": f"sqlite:///{database}",
            "MEDIA_ROOT": str(tmp / "media"),
        }
        python = str(tree / ".venv" / "bin" / "python")
        run(python, "manage.py", "migrate", "--noinput", cwd=tree, env=env)
        # Its output names the organiser's generated password: not printed here.
        run(python, "manage.py", "load_demo", cwd=tree, env=env)
    finally:
        run(git, "worktree", "remove", "--force", str(tree), cwd=ROOT)
    with closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("VACUUM")
    return database


def dump(content):
    """JSON with one row a line.

    >>> print(dump({"rows": [[1, "a"], [2, "b"]]}))
    {
     "rows": [
      [1, "a"],
      [2, "b"]
     ]
    }
    <BLANKLINE>
    """
    text = json.dumps(content, indent=1, ensure_ascii=False)
    # Innermost lists (no bracket or brace inside; strings hold no raw newline).
    return (
        re.sub(
            r"\[\n\s+([^\[\]{}]*?)\n\s+\]",
            lambda row: "[" + re.sub(r",\n\s+", ", ", row.group(1)) + "]",
            text,
        )
        + "\n"
    )


def write_manifest(database):
    content = {"commit": COMMIT, "database": manifest.read(database)}
    MANIFEST.write_text(dump(content))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--manifest-only",
        action="store_true",
        help="keep the committed database; read its manifest again",
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="old-demo-") as tmp:
        if options.manifest_only:
            database = Path(tmp) / "old-demo.sqlite3"
            with gzip.open(DATABASE, "rb") as packed, database.open("wb") as plain:
                shutil.copyfileobj(packed, plain)
        else:
            database = build(Path(tmp))
            DATA.mkdir(exist_ok=True)
            with (
                database.open("rb") as source,
                DATABASE.open("wb") as target,
                gzip.GzipFile(
                    filename="", mode="wb", fileobj=target, mtime=0, compresslevel=9
                ) as packed,
            ):
                shutil.copyfileobj(source, packed)
        write_manifest(database)
    sys.stdout.write(
        f"{DATABASE.relative_to(ROOT)}: {DATABASE.stat().st_size} bytes\n"
        f"{MANIFEST.relative_to(ROOT)}: {MANIFEST.stat().st_size} bytes\n"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
