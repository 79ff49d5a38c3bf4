"""Things every page shows, kept in the shared cache and forgotten when they change.

The main menu and the site settings appear on every page and change rarely. They
live in the default cache (Redis in production, so every worker sees the same
thing). The page cache's purge (`roundtable.pagecache.purge`), which runs whenever
anything a public page shows changes, forgets them too; the time limit is only a
safety net.
"""

from django.core.cache import cache

from roundtable.visibility import public_pages

MENU_KEY = "roundtable:main-menu"
SITE_SETTINGS_KEY = "roundtable:site-settings"
TIMEOUT = 60 * 60


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
    """Drop the menu and the site settings; the next page reads them afresh."""
    cache.delete_many([MENU_KEY, SITE_SETTINGS_KEY])
