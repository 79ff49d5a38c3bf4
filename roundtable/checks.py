"""System checks of our own, run by `manage.py check` (`--deploy` for production)."""

from django.conf import settings
from django.core import checks

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Production needs a cache every worker shares: a process-local one keeps
    rate limits, cached sessions and page-cache purges inside one worker."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        checks.Warning(
            "The default cache is local to each process, so sign-in rate limits, "
            "cached sessions and page-cache purges are not shared between workers.",
            hint="Set REDIS_URL to a Redis server every worker and host can reach.",
            id="roundtable.W001",
        )
    ]
