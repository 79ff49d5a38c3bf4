"""Things every page shows, kept in the shared cache and forgotten when they change.

The main menu and the site settings appear on every page and change rarely. They
live in the default cache (Redis in production, so every worker sees the same
thing) and are deleted by the signals below the moment an editor changes them; the
time limit is only a safety net.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

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
            for page in root.get_children().live().public().in_menu()
        ]
        cache.set(MENU_KEY, menus, TIMEOUT)
    return menus[site.pk]


def forget_menus(**kwargs):
    cache.delete(MENU_KEY)


def forget_menus_for_pages(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.delete(MENU_KEY)


def connect_signals():
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(forget_menus, dispatch_uid=f"roundtable-menu-{signal!r}")
    post_delete.connect(forget_menus_for_pages, dispatch_uid="roundtable-menu-delete")
    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_menus,
                sender=model,
                dispatch_uid=f"roundtable-menu-{model.__name__}-{signal!r}",
            )
