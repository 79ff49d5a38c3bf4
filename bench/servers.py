"""The bench's processes: a settings environment per server, gunicorn started and
stopped as a process group, Django scripts and commands, wrk and its numbers,
and the workers' peak memory."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


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
        # gunicorn.conf.py is read from the project; no access log while measuring,
        # and no worker recycling, which would hide the workers' peak memory.
        GUNICORN_ACCESS_LOG="",
        GUNICORN_MAX_REQUESTS="0",
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


def django_script(env, code, *args):
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
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


def run_wrk(url, duration, connections, cookie=""):
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        [
            "wrk",
            "--latency",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            *headers,
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
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": int(errors.group(1)) if errors else 0,
    }
