"""Tests: fast hashing, in-memory email, tasks run at once."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")

DEBUG = False
SECRET_KEY = "test-only-not-secret-4b1d8e2c7a9f3e5d1c6b0a8f2e4d7c9b3a5e1f0d8c6"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "roundtable-tests",
    }
}
# The page cache on, as in production, whatever the environment says.
PAGE_CACHE_TIMEOUT = 600
# One media folder per pytest-xdist worker (gw0, gw1, ...), as each has its own
# test database; pytest-django adds the same suffix to the database's name.
MEDIA_ROOT = str(
    BASE_DIR / ".pytest_cache" / "-".join(filter(None, ["media", _xdist_worker]))
)
ACCOUNT_RATE_LIMITS = False

# SQLite tests use a file rather than shared-cache memory, whose table locks fail at
# once instead of waiting: concurrency tests then queue on locks as production does.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / ".pytest_cache").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / ".pytest_cache" / "test-db.sqlite3")
    }
