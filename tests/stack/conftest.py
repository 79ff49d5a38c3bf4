"""The production stack, started as `make serve` starts it, on real services.

The fixtures give the stack test its own PostgreSQL database, its own Redis
database (flushed before and after), an SMTP sink the test reads, and `bin/serve`
itself on a free port. Each cleans up after itself, whatever the test did. If
PostgreSQL or Redis cannot be reached the tests skip and say which (fail under
ROUNDTABLE_REQUIRE_SERVICES=1, as in CI): see tests/services.py.

Start-up (migrate, collectstatic, load_demo, then gunicorn) has no fixed time
limit, which a loaded machine overran: the test waits while bin/serve is alive
and making progress (its log grows or its processes use CPU), fails at once with
the log if it exits, after STACK_STALL_TIMEOUT seconds (default 180) without
progress, or after STACK_START_TIMEOUT seconds (default 600) in all.
"""

import contextlib
import email
import email.policy
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from psycopg import sql

from tests.services import PG_ADMIN_URL, connect_postgres, connect_redis, redis_url

ROOT = Path(__file__).resolve().parents[2]
# A Redis database number nothing else on the machine uses; flushed before and after.
REDIS_URL = os.environ.get("STACK_REDIS_URL", redis_url(11))
# Start-up: see the module's docstring. Generous, as only a stuck start reaches them.
START_TIMEOUT = float(os.environ.get("STACK_START_TIMEOUT", "600"))
STALL_TIMEOUT = float(os.environ.get("STACK_STALL_TIMEOUT", "180"))
ANSWER_TIMEOUT = 60  # seconds of answers other than 200 once gunicorn answers


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    """A new, empty PostgreSQL database for this run; dropped afterwards."""
    name = f"roundtable_stack_{os.getpid()}"
    admin = connect_postgres(PG_ADMIN_URL, autocommit=True)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(name)
    )
    with admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(drop)


@pytest.fixture(scope="module")
def redis_db():
    """The stack's Redis database, empty at the start and flushed at the end."""
    client = connect_redis(REDIS_URL)
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


class MailSink:
    """An SMTP server on loopback that keeps every message it is given."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, *, to, subject, timeout=180):
        """The first message to `to` whose subject starts with `subject`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for message in self.messages:
                    if message["To"] == to and message["Subject"].startswith(subject):
                        return message
            time.sleep(0.2)
        with self._lock:
            seen = [(m["To"], m["Subject"]) for m in self.messages]
        pytest.fail(f"No email “{subject}…” to {to} within {timeout} s; got {seen}")


@pytest.fixture(scope="module")
def smtp_sink():
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


@dataclass
class Stack:
    url: str
    env: dict
    log: Path
    process: subprocess.Popen

    def manage(self, *args):
        """Run a management command with the stack's settings and environment."""
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def log_text(self):
        return self.log.read_text(errors="replace")


def group_cpu_seconds(pgid):
    """CPU time used so far by the live processes of process group `pgid` (Linux's
    /proc; None elsewhere, and then only the log shows progress)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # After the command's closing parenthesis: state, ppid, pgrp, ... with
            # utime, stime, cutime, cstime as fields 14-17 of the whole line.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[2]) == pgid:
            ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_until_serving(stack):
    """Wait for the home page, as long as bin/serve is alive and making progress:
    its log growing or its processes (migrate, collectstatic, load_demo, gunicorn)
    using CPU. A loaded machine makes every step slower, not stuck."""
    started = last_progress = time.monotonic()
    log_size, cpu = -1, group_cpu_seconds(stack.process.pid)
    answer, first_answer = "no answer yet", None

    def give_up(why):
        pytest.fail(
            f"bin/serve {why} (last answer: {answer}):\n" + stack.log_text()[-4000:],
            pytrace=False,
        )

    while True:
        if stack.process.poll() is not None:
            give_up(f"stopped with exit code {stack.process.returncode}")
        try:
            response = requests.get(stack.url + "/", timeout=10)
        except (requests.ConnectionError, requests.Timeout) as error:
            answer = type(error).__name__
        else:
            if response.status_code == 200:
                return
            answer = f"HTTP {response.status_code}"
            # gunicorn answers only after migrate, collectstatic and load_demo: the
            # start-up is over, and the worker's polling would pass for progress.
            first_answer = first_answer or time.monotonic()
            if time.monotonic() - first_answer > ANSWER_TIMEOUT:
                give_up(f"kept answering the home page with {answer}")
        now = time.monotonic()
        new_log_size = stack.log.stat().st_size
        new_cpu = group_cpu_seconds(stack.process.pid)
        if new_log_size != log_size or (new_cpu or 0) > (cpu or 0):
            last_progress = now
        log_size, cpu = new_log_size, new_cpu
        if now - last_progress > STALL_TIMEOUT:
            give_up(
                f"made no progress (no output, no CPU) for {STALL_TIMEOUT:.0f} s "
                "(STACK_STALL_TIMEOUT)"
            )
        if now - started > START_TIMEOUT:
            give_up(
                f"did not answer within {START_TIMEOUT:.0f} s (STACK_START_TIMEOUT)"
            )
        time.sleep(0.5)


def stop(process):
    """Stop bin/serve and everything it started: its own process group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    # gunicorn's workers and the task worker share the group; none may outlive it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def stack(postgres_url, redis_db, smtp_sink, tmp_path_factory):
    """bin/serve (what `make serve` runs) on a free port, on the services above."""
    tmp_path = tmp_path_factory.mktemp("stack")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        # Whatever the surrounding run set for itself stays out.
        if not key.startswith(("DJANGO_", "PYTEST_", "GUNICORN_", "SECURE_"))
        and key
        not in {
            "BIND",
            "BASE_URL",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
        }
    }
    env.update(
        DATABASE_URL=postgres_url,
        REDIS_URL=REDIS_URL,
        EMAIL_URL=smtp_sink[1],
        DEFAULT_FROM_EMAIL="Roundtable <roundtable@stack.example.org>",
        SECRET_KEY=secrets.token_urlsafe(50),
        PORT=str(port),
        WEB_CONCURRENCY="2",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
            [str(ROOT / "bin" / "serve")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    # What bin/serve derives from PORT, for management commands run beside it.
    command_env = dict(
        env,
        DJANGO_SETTINGS_MODULE="roundtable.settings.production",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BASE_URL=url,
        SECURE_SSL_REDIRECT="False",
    )
    running = Stack(url=url, env=command_env, log=log, process=process)
    try:
        wait_until_serving(running)
        yield running
    finally:
        stop(process)
