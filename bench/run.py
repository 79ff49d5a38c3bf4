#!/usr/bin/env python
"""Measure every public page cached and uncached, against a static file as the ceiling.

Loads the demo into a throwaway database, invites two people (one to open the
invitation link, one to reach the signup form), collects static files and starts
two gunicorn servers (2 sync workers each, production settings) on that database:
one with the page cache in a dedicated Redis database (flushed first), one with
`PAGE_CACHE_TIMEOUT=0`. wrk drives them one at a time, every target round after
round, so that the machine's drift touches them all alike; the static file is
measured in every round. SQL queries per render are counted in-process with the
same settings. Prints one table, each server's worker peak memory and each target
met or missed. Stops only the processes it started.

    make bench                       # SQLite in a temporary directory
    make bench BENCH_ARGS="--database-url postgres://postgres@127.0.0.1/bench"
"""

import argparse
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import report
from servers import (
    bench_environment,
    django_script,
    free_port,
    manage,
    run_wrk,
    start_gunicorn,
    stop,
    worker_peak_memory_mb,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/12"
EVENT = "/events/trafficking-in-persons-roundtable-2014/"
REPORT = "/publications/humanitarian-dimension-protection-trafficking-in-persons/"

STATIC = ("static file (ceiling)", "/static/css/site.css")
# (label, path): anonymous public pages, measured on both servers.
PAGES = [
    ("home", "/"),
    ("events index", "/events/"),
    ("event page", EVENT),
    ("about", "/about/"),
    ("programme", f"{EVENT}programme/"),
    ("session page", f"{EVENT}programme/sessions/breakout-children/"),
    ("speakers", f"{EVENT}speakers/"),
    ("publications index", "/publications/"),
    ("report page", REPORT),
    ("search", "/search/?q=trafficking"),
    ("programme calendar.ics", f"{EVENT}programme/calendar.ics"),
    ("publications feed", "/publications/feed/"),
]
# The registration path is personal: the uncached server only. Paths and cookies
# come from the prepared invitations.
REGISTRATION = ["invitation link", "signup form"]

# SQL per uncached render at most. Issue 7's req/s targets for these pages
# were retired by issue 18 (anonymous readers get the page cache); what each
# uncached page may lose is now measured against the baseline, and the cost
# as an event grows by bench/scale.py.
UNCACHED_MOST_SQL = {"programme": 12, "report page": 12, "publications index": 12}

PREPARE = """
import json, django
django.setup()
from importlib import import_module
from django.conf import settings
from participants import invitations, tokens
from participants.adapters import INVITATION_SESSION_KEY
from demo.sample_event import SAMPLE_SLUG
from roundtable.models import EventPage

# The 2014 event has ended and takes no invitations: the sample event does.
event = EventPage.objects.get(slug=SAMPLE_SLUG)
def invited(email, name):
    invitation = invitations.invite(event=event, email=email, name=name, send=False)
    return invitation, tokens.issue_token(invitation=invitation)
_, landing_token = invited("bench.visitor@example.org", "Bench Visitor")
accepted, token = invited("bench.signup@example.org", "Bench Signup")
invitations.accept(token=token)
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[INVITATION_SESSION_KEY] = accepted.pk
store.create()
print(json.dumps({"landing_token": landing_token, "signup_session": store.session_key}))
"""

COUNT = """
import json, sys, django
django.setup()
from django.db import connection
from django.test import Client
counts = {}
for label, path, cookie in json.loads(sys.argv[1]):
    client = Client(HTTP_COOKIE=cookie) if cookie else Client()
    client.get(path)  # warm, as a running worker is
    queries = []
    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)
    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    counts[label] = len(queries)
print(json.dumps(counts))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="default: SQLite in a temp dir")
    parser.add_argument("--duration", type=int, default=2, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--baseline",
        default=str(report.BASELINE),
        help="an earlier run's req/s to compare with (JSON; default %(default)s)",
    )
    parser.add_argument(
        "--save", metavar="FILE", help="write this run's req/s there, as a baseline"
    )
    return parser.parse_args()


def flush_redis():
    """Empty the bench's own Redis database (never another one)."""
    subprocess.run(
        ["redis-cli", "-u", REDIS_URL, "flushdb"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def targets(prepared):
    """(label, server, path, cookie) for every measurement of a round."""
    rows = [(STATIC[0], "uncached", STATIC[1], "")]
    for server in ("cached", "uncached"):
        rows += [(label, server, path, "") for label, path in PAGES]
    rows += [
        (
            "invitation link",
            "uncached",
            f"/invitations/{prepared['landing_token']}/",
            "",
        ),
        (
            "signup form",
            "uncached",
            "/accounts/signup/",
            f"sessionid={prepared['signup_session']}",
        ),
    ]
    return rows


def main():
    args = parse_args()
    for tool in ("wrk", "redis-cli"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    workdir = Path(tempfile.mkdtemp(prefix="roundtable-bench-"))
    ports = {"cached": free_port(), "uncached": free_port()}
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    envs = {
        server: bench_environment(workdir, database_url, port)
        for server, port in ports.items()
    }
    # One secret, so that both servers read the sessions prepared for the bench.
    envs["cached"]["SECRET_KEY"] = envs["uncached"]["SECRET_KEY"]
    envs["cached"]["REDIS_URL"] = REDIS_URL
    envs["uncached"]["REDIS_URL"] = REDIS_URL
    envs["uncached"]["PAGE_CACHE_TIMEOUT"] = "0"
    servers = {}
    started = time.monotonic()
    try:
        print(f"Preparing a throwaway database: {database_url}", flush=True)
        flush_redis()
        env = envs["uncached"]
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput")
        prepared = django_script(env, PREPARE)
        rows = targets(prepared)
        queries = {}
        for server in ("cached", "uncached"):
            todo = [
                (label, path, cookie)
                for label, where, path, cookie in rows
                if where == server and not path.startswith("/static/")
            ]
            queries[server] = django_script(envs[server], COUNT, json.dumps(todo))
        flush_redis()  # the cached server starts cold; the warm-up fills it

        for server, port in ports.items():
            servers[server] = start_gunicorn(envs[server], port, args.workers)
        for _, server, path, cookie in rows:  # warm every worker
            request = urllib.request.Request(  # noqa: S310 - our own local server
                f"http://127.0.0.1:{ports[server]}{path}",
                headers={"Cookie": cookie} if cookie else {},
            )
            for _ in range(args.workers * 2):
                urllib.request.urlopen(request, timeout=10).read()  # noqa: S310

        runs = {(label, server): [] for label, server, _, _ in rows}
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number}/{args.rounds}", flush=True)
            for label, server, path, cookie in rows:
                url = f"http://127.0.0.1:{ports[server]}{path}"
                runs[label, server].append(
                    run_wrk(url, args.duration, args.connections, cookie)
                )
        memory = {
            server: worker_peak_memory_mb(process.pid)
            for server, process in servers.items()
        }
    finally:
        for process in servers.values():
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)

    ok = report.print_report(
        runs,
        queries,
        memory,
        args,
        static=STATIC[0],
        pages=PAGES,
        uncached_most_sql=UNCACHED_MOST_SQL,
        baseline=report.read_baseline(args.baseline),
    )
    if args.save:
        report.save_baseline(
            args.save, runs, commit=report.git_commit(), static=(STATIC[0], "uncached")
        )
    print(f"\nbench/run.py took {time.monotonic() - started:.0f} s")
    if not ok:
        print("Some targets were missed (see above).")


if __name__ == "__main__":
    main()
