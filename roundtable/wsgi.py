import gc
import os

from django.core.cache import caches
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings.production")

application = get_wsgi_application()

# Each worker loads now what Django would otherwise load on its first request:
# every URLconf and the views it imports (with the reverse lookup table), and
# the cache's client. That first request took 280 ms instead of 10, and the
# requests queued behind it waited as long (bench/booking.py's race).
get_resolver().reverse_dict  # noqa: B018 - read for its side effect
caches["default"]  # noqa: B018 - made for its side effect

# What is loaded by now lives as long as the worker: the garbage collector
# need not look at it again. Without this, a full collection walked its 210,000
# objects every few dozen requests, a 100 ms pause for the request in hand.
gc.collect()
gc.freeze()
