#!/usr/bin/env python
"""Measure the main pages under load, against a static file as the ceiling.

Loads the demo into a throwaway database, collects static files, starts gunicorn
(2 sync workers) with production settings on 127.0.0.1, and drives it with wrk,
interleaving every target round after round so that the machine's drift touches
them all alike. SQL queries per render are counted in-process on the same database.
Prints one table. Stops only the processes it started.

    make bench                       # SQLite in a temporary directory
    make bench BENCH_ARGS="--database-url postgres://postgres@127.0.0.1/bench"
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

# (label, path). The static file is the ceiling the pages are compared with.
TARGETS = [
    ("static file (ceiling)", "/static/css/site.css"),
    ("home", "/"),
    ("events index", "/events/"),
    ("event page", "/events/trafficking-in-persons-roundtable-2014/"),
    ("about", "/about/"),
    ("programme", "/events/trafficking-in-persons-roundtable-2014/programme/"),
    (
        "programme calendar.ics",
        "/events/trafficking-in-persons-roundtable-2014/programme/calendar.ics",
    ),
    (
        "session page",
        "/events/trafficking-in-persons-roundtable-2014/programme/sessions/"
        "breakout-children/",
    ),
    ("speakers", "/events/trafficking-in-persons-roundtable-2014/speakers/"),
    ("publications index", "/publications/"),
    (
        "report page",
        "/publications/humanitarian-dimension-protection-trafficking-in-persons/",
    ),
    ("publications feed", "/publications/feed/"),
]
STATIC_LABEL = TARGETS[0][0]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="default: SQLite in a temp dir")
    parser.add_argument("--duration", type=int, default=4, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_environment(workdir, database_url, port):
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="roundtable.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        BASE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        SECURE_HSTS_SECONDS="0",
        # gunicorn.conf.py is read from the project; no access log while measuring.
        GUNICORN_ACCESS_LOG="",
    )
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def count_queries(env):
    """SQL queries per render of each page, warm, with Django's test client."""
    code = f"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
counts = {{}}
for label, path in {TARGETS!r}:
    if path.startswith("/static/"):
        continue
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    counts[label] = len(ctx.captured_queries)
print(json.dumps(counts))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "roundtable.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT_DIR,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not answer within 30 s")


def stop(process):
    """Stop gunicorn and its workers: the process group this script created."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def worker_peak_memory_mb(master_pid):
    """Peak resident memory (VmHWM) of each gunicorn worker, in MB."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            match = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            if match:
                peaks.append(int(match.group(1)) / 1024)
    return peaks


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, duration, connections):
    output = subprocess.run(
        [
            "wrk",
            "--latency",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="roundtable-bench-"))
    port = free_port()
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = bench_environment(workdir, database_url, port)
    process = None
    try:
        print(f"Preparing a throwaway database: {database_url}", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput")
        queries = count_queries(env)

        process = start_gunicorn(env, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        for _, path in TARGETS:  # warm every worker's caches
            for _ in range(args.workers * 2):
                urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310

        runs = {label: [] for label, _ in TARGETS}
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number}/{args.rounds}", flush=True)
            for label, path in TARGETS:
                runs[label].append(
                    run_wrk(base + path, args.duration, args.connections)
                )
        memory = worker_peak_memory_mb(process.pid)
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)

    print_table(runs, queries, args)
    if memory:
        peaks = ", ".join(f"{mb:.0f} MB" for mb in memory)
        print(f"\nPeak memory of gunicorn workers: {peaks}")


def print_table(runs, queries, args):
    ceiling = statistics.median(run["rps"] for run in runs[STATIC_LABEL])
    print(
        f"\ngunicorn {args.workers} sync workers, wrk -c{args.connections}, "
        f"{args.rounds} interleaved rounds of {args.duration}s; medians over rounds\n"
    )
    header = ("page", "req/s", "p50 ms", "p99 ms", "SQL/render", "vs static", "non-2xx")
    rows = []
    for label, _ in TARGETS:
        results = runs[label]
        rps = statistics.median(r["rps"] for r in results)
        rows.append(
            (
                label,
                f"{rps:.0f}",
                f"{statistics.median(r['p50'] for r in results):.1f}",
                f"{statistics.median(r['p99'] for r in results):.1f}",
                str(queries.get(label, "–")),
                f"{rps / ceiling:.2f}",
                str(sum(r["errors"] for r in results)),
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
