"""Whole public pages for anonymous visitors, kept in the shared cache.

`PageCacheMiddleware` is the outermost middleware. A visitor without a session
or messages cookie who asks for a public page with GET or HEAD is answered from
the shared cache (Redis in production) when the page is there: no session, no
database, one cache round trip. Otherwise the request runs through the rest of
the stack, and a plain public answer (200, no cookie, not private, small, HTML
or a feed) is stored with every header the inner middleware added.

Every stored page is tagged with the cache's *generation*, a number kept in the
cache itself. `purge()` bumps it, so every stored page is stale at once, on every
worker and host. It is called explicitly by every service that changes what a
public page shows, and by the Wagtail signals in `connect_signals` (publish,
unpublish, move and delete of pages and sessions; saves of the models edited
without revisions); drafts do not purge. A change made of steps purges once
(`coalesced`, and one commit bump per transaction). A request reads the
generation when it starts and stores its answer under that one: a page rendered
before a publish and stored after it is already out of date.

`PAGE_CACHE_TIMEOUT` (seconds) bounds how long a page is kept; 0 turns the
cache off.
"""

import functools
import hashlib
import logging
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from operator import itemgetter
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

from roundtable import caching

GENERATION_KEY = "pagecache:generation"
ENTRY_KEY_PREFIX = "pagecache:page:"
# Answers bigger than this are served fresh: the cache is for pages, not files.
MAX_SIZE = 1024 * 1024
# Addresses longer than this are not worth a place in the cache.
MAX_URL_LENGTH = 2048
# Personal or private by nature, whatever their headers say.
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/my/",
    "/invitations/",
    "/calendar/",
    "/documents/",
    "/_util/",
)
STORED_TYPES = (
    "text/html",
    "text/calendar",
    "application/atom+xml",
    "application/rss+xml",
    "application/xml",
    "text/xml",
)
NOT_SHARED = frozenset({"private", "no-store", "no-cache"})
MESSAGES_COOKIE_NAME = CookieStorage.cookie_name

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.timeout = settings.PAGE_CACHE_TIMEOUT
        if not self.timeout:
            raise MiddlewareNotUsed("PAGE_CACHE_TIMEOUT is 0")
        self.get_response = get_response
        self.skipped_prefixes = (settings.STATIC_URL, settings.MEDIA_URL)
        self.never_cached = NEVER_CACHED_PREFIXES
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE_NAME)

    def __call__(self, request):
        path = request.path
        if path.startswith(self.skipped_prefixes):
            # Static files carry whitenoise's own caching headers.
            return self.get_response(request)
        key = self._key(request, path)
        if key is None:
            return _vary_on_cookie(self.get_response(request), anonymous=False)

        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return _replay(entry, head=request.method == "HEAD")

        if generation is None:
            generation = current_generation()
        response = _vary_on_cookie(self.get_response(request), anonymous=True)
        if request.method == "GET" and _storable(response):
            entry = (
                generation,
                response.status_code,
                tuple(response.items()),
                response.content,
            )
            cache.set(key, entry, self.timeout)
        response["X-Cache"] = "miss"
        return response

    def _key(self, request, path):
        """The entry's cache key, or None when this request must not use the cache."""
        if request.method not in ("GET", "HEAD") or path.startswith(self.never_cached):
            return None
        if request.META.get("HTTP_COOKIE"):
            cookies = request.COOKIES
            if any(name in cookies for name in self.personal_cookies):
                return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        query = request.META.get("QUERY_STRING", "")
        if query:
            # Same parameters in another order: same page. Repeated names keep
            # their order (the sort is stable), as views read them in order.
            query = urlencode(
                sorted(parse_qsl(query, keep_blank_values=True), key=itemgetter(0))
            )
        url = f"{request.scheme}://{host}{path}?{query}"
        if len(url) > MAX_URL_LENGTH:
            return None
        digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
        return ENTRY_KEY_PREFIX + digest


def _replay(entry, *, head):
    _generation, status, headers, content = entry
    response = HttpResponse(b"" if head else content, status=status, headers=headers)
    response["X-Cache"] = "hit"
    return response


def _vary_on_cookie(response, *, anonymous):
    """Tell browsers and proxies that the page differs by visitor, and keep it short.

    The shared copy lives in our cache, where a publish purges it; an outside
    cache could not be purged, so it may keep a page only if it asks again
    (`max-age=0`), and never one that sets a cookie or was asked for signed in.
    """
    patch_vary_headers(response, ("Cookie",))
    if "Cache-Control" not in response:
        if anonymous and not response.cookies:
            patch_cache_control(response, max_age=0)
        else:
            patch_cache_control(response, private=True, max_age=0)
    return response


def _storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(STORED_TYPES):
        return False
    directives = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & NOT_SHARED:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"cookie", ""}:
        # Our key knows nothing of other request headers.
        return False
    return len(response.content) <= MAX_SIZE


def current_generation():
    """The generation, started at a random number if the cache has none.

    A random start means a generation lost with the cache (a restart, an
    eviction) never comes back to a number that old entries still carry.
    """
    cache.add(GENERATION_KEY, _fresh_generation(), None)
    return cache.get(GENERATION_KEY)


def purge(*, reason=""):
    """Make every stored page stale, now and again when the transaction commits.

    The one way to say "what public pages show has changed": every service that
    changes public data calls it, and so do the Wagtail signal handlers below
    (`connect_signals`). `reason` is for the log only.

    The second bump closes the gap in which a request could render the old
    content after the first bump but before the change is committed. The menu
    kept for every page (`roundtable.caching`) goes too.

    Each bump throws away every stored page, so a change made of several steps
    purges once: inside `coalesced()` the purges wait for the end of the block,
    and a transaction that will bump at its commit already is not given a
    second commit bump.
    """
    held = _held.get()
    if held is not None:
        held.append(reason)
        return
    logger.debug("Page cache purged: %s", reason or "unspecified")
    _bump()
    if connection.in_atomic_block and not _bump_due_at_commit():
        transaction.on_commit(_CommitBump())


_held = ContextVar("pagecache_held", default=None)


@contextmanager
def coalesced():
    """The purges inside the block are one, made as the block ends.

    For one change made of steps that each purge (a session's publish and its
    change log): a bump as the block ends and one at the commit, instead of
    two for each step. Nested blocks wait for the outermost.
    """
    if _held.get() is not None:
        yield
        return
    reasons = []
    token = _held.set(reasons)
    try:
        yield
    finally:
        _held.reset(token)
        if reasons:
            purge(reason="; ".join(filter(None, reasons)))


class _CommitBump:
    """The bump queued for a commit; it knows once it has run."""

    done = False

    def __call__(self):
        self.done = True
        _bump()


def _bump_due_at_commit():
    """Whether a bump is queued for this transaction's commit whatever happens now.

    A bump queued inside savepoints that are all still open (it is dropped only
    if one of them rolls back, and what happens now with it) bumps after
    whatever is purged now. One queued in a savepoint since released may have
    been for another unit of work; it does not count. Nor does one that has
    run (tests run the callbacks of a commit that never comes).
    """
    open_savepoints = set(connection.savepoint_ids) - {None}
    return any(
        isinstance(callback, _CommitBump)
        and not callback.done
        and set(savepoints) - {None} <= open_savepoints
        for savepoints, callback, *_robust in connection.run_on_commit
    )


def remember(name, compute, timeout=caching.TIMEOUT):
    """`compute()`, kept in the shared cache until the next `purge()`.

    For what public pages work out from public data on every request and that
    changes only when a purge says so (which programme pages are public, for
    the site search). The value is filed under the current generation, so a
    purge leaves it behind on every worker, as it does the stored pages.
    `compute()` must not return None.
    """
    key = f"pagecache:remembered:{name}:{current_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _bump():
    caching.forget()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _fresh_generation(), None)


def _fresh_generation():
    return secrets.randbits(48)


# What public pages show, by how it changes. Each app names its own models in its
# AppConfig.ready() (`watch_saves`, `watch_publishing`), so this core module
# imports none of the apps above it.
_WATCHED_SAVES = set()
_WATCHED_PUBLISHING = set()


def watch_saves(*models):
    """Models edited without revisions whose every save and delete public pages
    show at once (people, organisations, categories)."""
    _WATCHED_SAVES.update(models)
    _saved_live.cache_clear()


def watch_publishing(*models):
    """Revisioned snippets public pages show: only publish, unpublish and delete
    purge; a draft changes nothing public."""
    _WATCHED_PUBLISHING.update(models)
    _revisioned_public.cache_clear()


# Wagtail's own models whose saves public pages show at once: settings, sites,
# redirects, view restrictions, collections, documents and images.
@functools.cache
def _saved_live(model):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Site,
    )

    return issubclass(
        model,
        (
            *_WATCHED_SAVES,
            BaseGenericSetting,
            BaseSiteSetting,
            Site,
            Redirect,
            PageViewRestriction,
            CollectionViewRestriction,
            Collection,
            AbstractDocument,
            AbstractImage,
        ),
    )


# Pages and the revisioned snippets apps name: their saves are drafts until
# published, so only their publish, unpublish and delete purge.
@functools.cache
def _revisioned_public(model):
    from wagtail.models import Page

    return issubclass(model, (Page, *_WATCHED_PUBLISHING))


def _on_save(sender, **kwargs):
    if _saved_live(sender):
        purge(reason=f"{sender._meta.label} saved")


def _on_delete(sender, **kwargs):
    if _saved_live(sender) or _revisioned_public(sender):
        purge(reason=f"{sender._meta.label} deleted")


def _on_relation_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and _saved_live(type(instance)):
        purge(reason=f"{type(instance)._meta.label} relations changed")


def _on_publication(sender, **kwargs):
    purge(reason=f"{sender._meta.label} published or unpublished")


def _on_move(sender, **kwargs):
    purge(reason=f"{sender._meta.label} moved")


def connect_signals():
    """Purge when something public changes in Wagtail's admin, and only then.

    Pages and sessions (revisioned): `page_published`, `page_unpublished`,
    `published`, `unpublished` (which also cover scheduled publishing), page
    moves and deletes. Saving a draft of them, by hand or by autosave, changes
    nothing public and does not purge. Models without revisions (`_saved_live`)
    purge on every save and delete. Services that write in bulk call `purge()`
    themselves.
    """
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    page_published.connect(_on_publication, dispatch_uid="pagecache-page-published")
    page_unpublished.connect(_on_publication, dispatch_uid="pagecache-page-unpublished")
    published.connect(_on_publication, dispatch_uid="pagecache-published")
    unpublished.connect(_on_publication, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_on_move, dispatch_uid="pagecache-move")
    post_save.connect(_on_save, dispatch_uid="pagecache-save")
    post_delete.connect(_on_delete, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_relation_change, dispatch_uid="pagecache-m2m")
