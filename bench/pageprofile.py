#!/usr/bin/env python
"""Profile pages in-process: SQL per render, Python calls per request, a call tree.

Runs against the database in DATABASE_URL with production settings (DEBUG off,
cached template loader), through Django's test client, after warming each page.
Python function calls per request (from cProfile) do not depend on how busy the
machine is, so they compare two versions of the code fairly on a noisy machine.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 SECRET_KEY=... ALLOWED_HOSTS=testserver \\
        .venv/bin/python bench/pageprofile.py / /publications/ --tree
"""

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--tree", action="store_true", help="print pyinstrument's tree")
    return parser.parse_args()


def main():
    args = parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings.production")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    for path in args.paths:
        client.get(path)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        profiler.disable()
        calls = pstats.Stats(profiler).total_calls // args.requests
        print(
            f"{path}: {response.status_code}, {len(queries)} SQL, "
            f"{calls} Python calls per request, {len(response.content)} bytes"
        )
        if args.tree:
            from pyinstrument import Profiler

            tree = Profiler(interval=0.0002)
            with tree:
                for _ in range(args.requests):
                    client.get(path)
            print(tree.output_text(unicode=True))


if __name__ == "__main__":
    main()
