"""Things every page needs, kept in the shared cache and forgotten when they change.

The Wagtail site of the request, the main menu and the site settings are read
for every page and change rarely. They live in the default cache (Redis in
production, so every worker sees the same thing). The page cache's purge
(`roundtable.pagecache.purge`), which runs whenever anything a public page shows
changes, forgets them too; the time limit is only a safety net.
"""

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site

from roundtable.visibility import public_pages

MENU_KEY = "roundtable:main-menu"
SITE_SETTINGS_KEY = "roundtable:site-settings"
SITES_KEY = "roundtable:sites"
TIMEOUT = 60 * 60
# Host names are checked against ALLOWED_HOSTS before the lookup, but ports are
# not: the memo starts afresh rather than grow past this many addresses.
MAX_SITE_ADDRESSES = 32


class SiteMiddleware:
    """Wagtail's site for a page request, looked up once per host and port.

    `Site.find_for_request` builds a ranked query (a CASE over hostname, port
    and the default flag) on every request; compiling it cost more than a
    quarter of an uncached public page (see the README's *Speed*). For the
    requests Wagtail's serve view answers, the site is Wagtail's own answer
    for the address, kept here under the host and port and handed to Wagtail
    where it keeps it for the request (`request._wagtail_site`, as
    `Site.find_for_request` documents), and likewise for the site search, a
    public page drawn with the same menu. A saved or deleted site purges the
    page cache, which forgets it (`forget`). Other views look the site up as
    Wagtail does, if they need it.

    Runs after `CommonMiddleware`, so the host is one of ALLOWED_HOSTS.
    """

    def __init__(self, get_response):
        # Imported here: wagtail.views loads models, and this module is
        # imported while apps load.
        from wagtail.views import serve

        from roundtable.views import search

        self.get_response = get_response
        self.public_views = {serve, search}

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func in self.public_views:
            request._wagtail_site = site_for_request(request)


def site_for_request(request):
    """`Site.find_for_request(request)`, memoised in the cache per host and port."""
    address = f"{split_domain_port(request._get_raw_host())[0]}:{request.get_port()}"
    sites = cache.get(SITES_KEY) or {}
    if address in sites:
        return sites[address]
    site = Site.find_for_request(request)
    if len(sites) >= MAX_SITE_ADDRESSES:
        sites = {}
    sites[address] = site
    cache.set(SITES_KEY, sites, TIMEOUT)
    return site


def main_menu_items(site):
    """The site root's live, public, in-menu children: [{title, url, path, pk}]."""
    menus = cache.get(MENU_KEY) or {}
    if site.pk not in menus:
        root = site.root_page
        menus[site.pk] = [
            {
                "pk": page.pk,
                "title": page.title,
                "url": page.get_url(),
                "path": page.path,
            }
            for page in public_pages(root.get_children()).in_menu()
        ]
        cache.set(MENU_KEY, menus, TIMEOUT)
    return menus[site.pk]


def forget():
    """Drop the sites, the menu and the site settings; the next page reads them."""
    cache.delete_many([SITES_KEY, MENU_KEY, SITE_SETTINGS_KEY])
