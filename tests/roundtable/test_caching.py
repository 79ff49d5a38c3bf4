"""The menu and the site settings come from the cache and follow every change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from roundtable.caching import MENU_KEY, SITE_SETTINGS_KEY
from roundtable.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def menu_titles(client):
    return [item["title"] for item in client.get("/").context["items"]]


def add_menu_page(home_page, slug):
    page = StandardPage(title=slug.title(), slug=slug, show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.usefixtures("no_page_cache")
def test_menu_and_settings_are_read_once_then_served_from_the_cache(client, home_page):
    add_menu_page(home_page, "about")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/").status_code == 200
        return len(context.captured_queries)

    queries()
    cached = queries()
    cache.delete_many([MENU_KEY, SITE_SETTINGS_KEY])
    # The menu's pages and their view restrictions, and the settings row.
    assert queries() == cached + 3


def test_menu_shows_a_newly_published_page_at_once(client, home_page):
    add_menu_page(home_page, "about")
    assert menu_titles(client) == ["About"]
    add_menu_page(home_page, "privacy")
    assert menu_titles(client) == ["About", "Privacy"]


def test_menu_drops_unpublished_deleted_and_restricted_pages(client, home_page):
    about = add_menu_page(home_page, "about")
    privacy = add_menu_page(home_page, "privacy")
    events = add_menu_page(home_page, "events")
    assert menu_titles(client) == ["About", "Privacy", "Events"]

    about.unpublish()
    assert menu_titles(client) == ["Privacy", "Events"]

    privacy.delete()
    assert menu_titles(client) == ["Events"]

    PageViewRestriction.objects.create(
        page=events, restriction_type=PageViewRestriction.LOGIN
    )
    assert menu_titles(client) == []


def test_menu_follows_a_renamed_slug(client, home_page):
    about = add_menu_page(home_page, "about")
    client.get("/")
    about.slug = "about-us"
    about.save_revision().publish()
    [item] = client.get("/").context["items"]
    assert item["url"] == "/about-us/"


def test_site_settings_change_shows_at_once(client, home_page):
    site_settings = SiteSettings.load()
    site_settings.publisher_name = "Centre for Testing"
    site_settings.save()
    assert "Centre for Testing" in client.get("/").content.decode()
    site_settings.publisher_name = "Institute for Testing"
    site_settings.save()
    assert "Institute for Testing" in client.get("/").content.decode()
