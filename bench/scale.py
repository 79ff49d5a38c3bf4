#!/usr/bin/env python
"""Every page, feed, participant page, organiser screen and export at three sizes.

For each size (issue 18: 20 / 200 / 1,000 sessions; 50 / 2,000 / 20,000
invitations; 40 / 500 / 5,000 registrations; 10 / 100 / 1,000 reports) a worker
process migrates a throwaway database, builds one event of that size
(bench/scale_build.py) and measures each target in-process with Django's test
`Client`, development settings with DEBUG off and the page cache off
(`PAGE_CACHE_TIMEOUT=0`): the SQL queries of one render, the median wall time of
`--runs` renders after one warm-up, and the bytes of the response. A streamed
response (the CSV exports) is also timed to its first chunk. SQLite always
(a file in a temporary directory); PostgreSQL too when DATABASE_URL names it,
in a database `roundtable_scale_<pid>_<size>` created on that server and
dropped after. Prints one table per database with PASS/FAIL against the
targets at the largest size measured, and whether each target's query count is
the same at medium and large; writes everything to --json.

    make bench-scale                                 # every size
    .venv/bin/python bench/scale.py --sizes small,medium
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(PROJECT_DIR))

import scale_sends  # noqa: E402
from scale_build import SIZES, build  # noqa: E402

HOST = "localhost"
JSON_OUT = BENCH_DIR / "scale-last.json"
BUILD_LIMIT_S = 600  # the large size must build in under 10 minutes
# Median milliseconds at the large size, by kind of target (issue 18).
TARGET_MS = {"public": 200, "participant": 200, "feed": 300, "admin": 300}
EXPORT_TOTAL_MS, EXPORT_FIRST_BYTE_MS = 2000, 300
# How many more queries a target may make at the large size than at the medium
# one and still count as constant: none. Every listing is paginated or read in
# a fixed number of queries, so any difference is a query per row or per page.
CONSTANT_SLACK = 0


def targets(*, built):
    """(label, kind, who, path) for every measurement; `who` is anonymous,
    participant or organiser."""
    from participants import feeds

    event = built["event"]
    pk = event.pk
    programme = f"{event.url}programme/"
    feed = feeds.calendar_feed(user=built["participant"])
    link = built["accepted_link"]
    timetable = f"/admin/programme/timetable/?event={pk}"
    rows = [
        ("home", "public", "anonymous", "/"),
        ("events index", "public", "anonymous", "/events/"),
        ("event page", "public", "anonymous", event.url),
        ("programme", "public", "anonymous", programme),
        (
            "session page",
            "public",
            "anonymous",
            f"{programme}sessions/{built['session'].slug}/",
        ),
        ("speakers", "public", "anonymous", f"{event.url}speakers/"),
        ("report index", "public", "anonymous", "/publications/"),
        ("report page", "public", "anonymous", built["report"].url),
        ("search ?q=protection", "public", "anonymous", "/search/?q=protection"),
        ("invitation link", "public", "anonymous", f"/invitations/{link}/"),
        ("programme calendar.ics", "feed", "anonymous", f"{programme}calendar.ics"),
        ("publications feed", "feed", "anonymous", "/publications/feed/"),
        ("personal calendar feed", "feed", "anonymous", f"/calendar/{feed.token}.ics"),
        ("/my/", "participant", "participant", "/my/"),
        ("participants' area", "participant", "participant", built["area"].url),
        ("admin dashboard", "admin", "organiser", "/admin/"),
        ("admin timetable", "admin", "organiser", timetable),
        ("admin event desk", "admin", "organiser", f"/admin/participants/events/{pk}/"),
        (
            "admin check-in desk",
            "admin",
            "organiser",
            f"/admin/participants/check-in/?day={pk}:{event.start_date.isoformat()}",
        ),
    ]  # fmt: skip
    listings = [
        ("invitations", f"/admin/participants/invitations/?event={pk}"),
        ("registrations", f"/admin/participants/registrations/?event={pk}"),
        ("bookings", f"/admin/participants/bookings/?session__event={pk}"),
        ("attendance", f"/admin/participants/attendance/?event={pk}"),
        ("sessions", f"/admin/snippets/programme/session/?event={pk}"),
    ]
    rows += [(f"admin {name}", "admin", "organiser", path) for name, path in listings]
    rows += [
        (f"export {name} CSV", "export", "organiser", f"{path}&export=csv")
        for name, path in listings
    ]
    return rows


def measure_one(*, client, path, runs):
    """Queries of one render (after a warm-up), median ms of `runs` renders,
    bytes, and for a streamed response the median ms to its first chunk."""
    from django.db import connection

    def render():
        started = time.perf_counter()
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        if not response.streaming:
            return response, len(response.content), None, time.perf_counter() - started
        chunks = iter(response.streaming_content)
        size = len(next(chunks, b""))
        first = time.perf_counter() - started
        size += sum(len(chunk) for chunk in chunks)
        return response, size, first, time.perf_counter() - started

    render()  # warm-up, as a running worker is warm
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response, size, _, _ = render()
    timings = [render() for _ in range(runs)]
    result = {
        "queries": len(queries),
        "ms": round(statistics.median(t[3] for t in timings) * 1000, 1),
        "kb": round(size / 1024, 1),
    }
    if response.streaming:
        result["first_byte_ms"] = round(
            statistics.median(t[2] for t in timings) * 1000, 1
        )
    return result


def measure(*, built, runs):
    """{label: {kind, path, queries, ms, kb[, first_byte_ms]}} for every target."""
    from django.test import Client

    clients = {"anonymous": Client(HTTP_HOST=HOST)}
    for who in ("participant", "organiser"):
        clients[who] = Client(HTTP_HOST=HOST)
        clients[who].force_login(built[who])
    results = {}
    for label, kind, who, path in targets(built=built):
        result = measure_one(client=clients[who], path=path, runs=runs)
        results[label] = {"kind": kind, "path": path, **result}
    return results


def verdict(*, result):
    """PASS or FAIL of one measurement against its kind's target."""
    if result["kind"] == "export":
        first = result.get("first_byte_ms")
        met = result["ms"] < EXPORT_TOTAL_MS or (
            first is not None and first < EXPORT_FIRST_BYTE_MS
        )
    else:
        met = result["ms"] < TARGET_MS[result["kind"]]
    return "PASS" if met else "FAIL"


def target_text(kind):
    if kind == "export":
        return f"<{EXPORT_TOTAL_MS} or 1st<{EXPORT_FIRST_BYTE_MS}"
    return f"<{TARGET_MS[kind]}"


def worker(*, size, runs):
    """Migrate, build and measure in this process's database; JSON on stdout."""
    import django
    from django.core.management import call_command

    django.setup()
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.monotonic()
    built = build(counts=SIZES[size])
    build_s = time.monotonic() - migrated
    results = measure(built=built, runs=runs)
    sends = scale_sends.measure(built=built, size=size, host=HOST)
    print(
        json.dumps(
            {
                "migrate_s": round(migrated - started, 1),
                "build_s": round(build_s, 1),
                "build_steps_s": built["timings"],
                "results": results,
                "sends": sends,
            }
        )
    )


def worker_environment(*, database_url, workdir):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="roundtable.settings.dev",
        DEBUG="False",
        PAGE_CACHE_TIMEOUT="0",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS=f"{HOST},testserver",
        LOG_LEVEL="ERROR",
        PYTHONWARNINGS="ignore",
    )
    return env


def postgres_database(*, url, name, create):
    """Create (or drop) database `name` on the server of `url`."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_size(*, backend, size, runs, workdir, postgres_url):
    """One worker at `size` on a fresh database of `backend`; its JSON."""
    if backend == "sqlite":
        url = f"sqlite:///{workdir / f'scale-{size}.sqlite3'}"
    else:
        name = f"roundtable_scale_{os.getpid()}_{size}"
        url = postgres_database(url=postgres_url, name=name, create=True)
    try:
        started = time.monotonic()
        completed = subprocess.run(
            [sys.executable, __file__, "--worker", size, "--runs", str(runs)],
            cwd=PROJECT_DIR,
            env=worker_environment(database_url=url, workdir=workdir),
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        data = json.loads(completed.stdout.strip().splitlines()[-1])
        data["wall_s"] = round(time.monotonic() - started, 1)
        return data
    finally:
        if backend == "postgresql":
            postgres_database(url=postgres_url, name=name, create=False)


def table(*, backend, runs_by_size):
    """The printed table of one database: rows of targets, columns per size."""
    sizes = list(runs_by_size)
    last = sizes[-1]
    labels = list(runs_by_size[last]["results"])
    head = f"{'target':<26}" + "".join(f"{s + ' q/ms/KB':>27}" for s in sizes)
    head += f"  {'target ms':<20}{'@' + last:<8}{'queries':>9}"
    lines = [f"== {backend} ==", head]
    failures = []
    for label in labels:
        line = f"{label:<26}"
        for size in sizes:
            r = runs_by_size[size]["results"][label]
            ms = f"{r['ms']:.0f}"
            if "first_byte_ms" in r:
                ms = f"{r['first_byte_ms']:.0f}|{ms}"
            line += f"{r['queries']:>6}{ms:>14}{r['kb']:>7.0f}"
        result = runs_by_size[last]["results"][label]
        mark = verdict(result=result)
        if mark == "FAIL":
            failures.append(label)
        constant = "—"
        if {"medium", "large"} <= set(sizes):
            medium = runs_by_size["medium"]["results"][label]["queries"]
            large = runs_by_size["large"]["results"][label]["queries"]
            constant = (
                "same" if large - medium <= CONSTANT_SLACK else f"+{large - medium}"
            )
        line += f"  {target_text(result['kind']):<20}{mark:<8}{constant:>9}"
        lines.append(line)
    lines.append("(exports: ms to first byte|total; queries: large vs medium)")
    lines.append("")
    lines.append(f"{'imports and sends':<34}" + "".join(f"{s:>14}" for s in sizes))
    for label in runs_by_size[last].get("sends", {}):
        line = f"{label.split(' (')[0]:<34}"
        for size in sizes:
            found = {
                k.split(" (")[0]: v for k, v in runs_by_size[size]["sends"].items()
            }[label.split(" (")[0]]
            line += f"{found['value']:>11.0f}{found['unit']:>3}"
        result = runs_by_size[last]["sends"][label]
        mark = scale_sends.verdict(result)
        if mark == "FAIL":
            failures.append(label)
        target = (
            f"<{scale_sends.REQUEST_MS} ms"
            if result["kind"] == "request"
            else f">={scale_sends.RATE_PER_S}/s"
        )
        lines.append(f"{line}  {target:<12}{mark}  ({label})")
    for size in sizes:
        data = runs_by_size[size]
        lines.append(
            f"{size}: migrate {data['migrate_s']} s, build {data['build_s']} s "
            f"({', '.join(f'{k} {v} s' for k, v in data['build_steps_s'].items())})"
        )
    return "\n".join(lines), failures


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--runs", type=int, default=5, help="timed renders each")
    parser.add_argument("--json", default=str(JSON_OUT), help="default %(default)s")
    parser.add_argument("--worker", choices=list(SIZES), help=argparse.SUPPRESS)
    return parser.parse_args()


def main():
    args = parse_args()
    if args.worker:
        return worker(size=args.worker, runs=args.runs)
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    if unknown := set(sizes) - set(SIZES):
        raise SystemExit(f"unknown sizes: {', '.join(sorted(unknown))}")
    sizes.sort(key=list(SIZES).index)
    postgres_url = os.environ.get("DATABASE_URL", "")
    backends = ["sqlite"]
    if postgres_url.startswith(("postgres://", "postgresql://")):
        backends.append("postgresql")
    everything, failed = {}, False
    with tempfile.TemporaryDirectory(prefix="roundtable-scale-") as tmp:
        for backend in backends:
            runs_by_size = {}
            for size in sizes:
                print(f"{backend} {size}: building and measuring…", flush=True)
                runs_by_size[size] = run_size(
                    backend=backend,
                    size=size,
                    runs=args.runs,
                    workdir=Path(tmp),
                    postgres_url=postgres_url,
                )
            text, failures = table(backend=backend, runs_by_size=runs_by_size)
            print(text, flush=True)
            slow = [s for s, d in runs_by_size.items() if d["build_s"] > BUILD_LIMIT_S]
            if failures or slow:
                failed = True
            everything[backend] = runs_by_size
    Path(args.json).write_text(json.dumps(everything, indent=1) + "\n")
    print(f"Wrote {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
