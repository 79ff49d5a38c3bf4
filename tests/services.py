"""PostgreSQL and Redis for the few tests that need them.

A fresh machine has neither, and `make test` must pass there: a test that needs a
service it cannot reach is skipped, and the skip says which service, where, and
how to make it count. CI sets ROUNDTABLE_REQUIRE_SERVICES=1, and then an
unreachable service fails the test instead, so CI cannot go green by skipping.

Where the services are:

- PostgreSQL: STACK_PG_URL (a maintenance database the tests may create and drop
  databases from), else postgres://postgres@PGHOST:PGPORT/postgres, defaulting to
  127.0.0.1:5432.
- Redis: TEST_REDIS_URL (server only, no database number), default
  redis://127.0.0.1:6379. Each use takes its own database number on it (see
  `redis_url`), flushed before and after.
"""

import os

import pytest

REQUIRE_SERVICES = "ROUNDTABLE_REQUIRE_SERVICES"

PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = os.environ.get("PGPORT", "5432")
PG_ADMIN_URL = os.environ.get(
    "STACK_PG_URL", f"postgres://postgres@{PG_HOST}:{PG_PORT}/postgres"
)
REDIS_SERVER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
CONNECT_TIMEOUT = 5  # seconds; a service that is up answers at once


def services_required():
    """True when a missing service must fail the test (CI), not skip it."""
    return os.environ.get(REQUIRE_SERVICES, "").strip().lower() not in {
        "",
        "0",
        "false",
        "no",
    }


def unreachable(service, where, error, hint=""):
    """Skip the test, or fail it under ROUNDTABLE_REQUIRE_SERVICES, naming why."""
    reason = f"{service} at {where} not reachable ({error})"
    if hint:
        reason += f"; {hint}"
    if services_required():
        pytest.fail(
            f"{reason}. {REQUIRE_SERVICES} is set, so this is a failure.",
            pytrace=False,
        )
    pytest.skip(f"{reason}; set {REQUIRE_SERVICES}=1 to make this a failure")


def _where(url):
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def connect_postgres(url=PG_ADMIN_URL, **options):
    """A psycopg connection to `url`, or the test is skipped (or failed) saying why."""
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, **options)
    except psycopg.OperationalError as error:
        message = (str(error).strip() or repr(error)).splitlines()[0]
    # Outside the except block, so that a failure shows the reason, not a traceback.
    unreachable(
        "PostgreSQL",
        _where(url),
        message,
        "set STACK_PG_URL or PGHOST/PGPORT to point elsewhere",
    )


def redis_url(db):
    """Redis database `db` on the test Redis server. Each user of Redis in the tests
    takes a number of its own: the stack test 11, the page-cache test 14 (bench/
    uses 12)."""
    return f"{REDIS_SERVER}/{db}"


def connect_redis(url):
    """A pinged redis client for `url`, or the test is skipped (or failed)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT)
    try:
        client.ping()
        return client
    except redis.RedisError as error:
        message = str(error) or repr(error)
    client.close()
    unreachable(
        "Redis",
        _where(url),
        message,
        "set TEST_REDIS_URL (or STACK_REDIS_URL for the stack test) to point elsewhere",
    )
