"""Local development: the embedded defaults (SQLite, local memory, console email)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY",
    default="dev-only-not-secret-7f3c1e9a2b8d4c6e0a5f1b3d9e7c2a4f6b8d0e1c3a5",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
