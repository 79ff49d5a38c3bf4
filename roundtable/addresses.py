"""Absolute addresses on the public site, for emails, feeds and calendars.

Wagtail builds every page's address (`Page.get_url`, `reverse_subpage`); these
put one on BASE_URL, the site's public address, which mail and feeds must use
whatever host a request came in on (Wagtail's `get_full_url` uses the Site's
hostname instead).
"""

from django.conf import settings


def absolute_url(url):
    """An absolute URL on the public site, from a page's (maybe relative) URL."""
    if "://" in url:
        url = "/" + url.split("://", 1)[1].split("/", 1)[-1]
    return f"{settings.BASE_URL}{url}"


def webcal_url(url):
    """The webcal:// address of an absolute http(s) URL, for subscribing."""
    return "webcal://" + url.split("://", 1)[1]
