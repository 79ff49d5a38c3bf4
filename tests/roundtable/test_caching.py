"""The site, the menu and the site settings come from the cache and follow every
change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from roundtable.caching import MENU_KEY, SITE_SETTINGS_KEY, SITES_KEY
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
    # The menu's pages (their view restrictions read in the same query) and
    # the settings row.
    assert queries() == cached + 2


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


def site_answers(rf, addresses):
    from roundtable.caching import site_for_request

    answers = {}
    for host in addresses:
        ours = site_for_request(rf.get("/", HTTP_HOST=host))
        wagtails = Site.find_for_request(rf.get("/", HTTP_HOST=host))
        assert ours == wagtails, host
        answers[host] = ours and ours.hostname
    return answers


def test_the_cached_site_is_wagtails_for_every_address(rf, home_page):
    """Host and port matches, the default site, and no site at all."""
    other_root = StandardPage(title="Other", slug="other")
    home_page.add_child(instance=other_root)
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    Site.objects.create(hostname="other.example", port=8080, root_page=other_root)
    Site.objects.create(hostname="ports.example", port=8443, root_page=other_root)
    addresses = [
        "localhost",
        "other.example",
        "other.example:8080",
        "other.example:9000",
        "ports.example:8443",
        "ports.example",
        "unknown.example",
    ]
    first = site_answers(rf, addresses)
    assert site_answers(rf, addresses) == first  # now from the cache
    assert first["other.example:8080"] == "other.example"
    assert first["unknown.example"] == "localhost"  # the default site

    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    cache.delete(SITES_KEY)  # a bulk update sends no signal; a purge would
    assert site_answers(rf, addresses)["unknown.example"] is None


def test_a_saved_site_is_seen_at_once(client, rf, home_page):
    from roundtable.caching import site_for_request

    assert site_for_request(rf.get("/", HTTP_HOST="localhost")).site_name == ""
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Roundtables"
    site.save()
    assert site_for_request(rf.get("/", HTTP_HOST="localhost")).site_name == (
        "Roundtables"
    )
    site.delete()
    assert site_for_request(rf.get("/", HTTP_HOST="localhost")) is None


@pytest.mark.usefixtures("no_page_cache")
def test_pages_read_the_site_once_then_from_the_cache(client, home_page):
    def site_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/").status_code == 200
        return [q for q in context.captured_queries if "wagtailcore_site" in q["sql"]]

    site_queries()
    assert site_queries() == []
    cache.delete(SITES_KEY)
    assert len(site_queries()) == 1


def test_the_memo_of_addresses_does_not_grow_without_bound(rf, home_page):
    from roundtable.caching import MAX_SITE_ADDRESSES, site_for_request

    for port in range(8000, 8000 + 3 * MAX_SITE_ADDRESSES):
        site_for_request(rf.get("/", HTTP_HOST=f"localhost:{port}"))
    assert 0 < len(cache.get(SITES_KEY)) <= MAX_SITE_ADDRESSES


def test_a_host_outside_allowed_hosts_is_refused_before_any_site_lookup(
    client, home_page, settings
):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    cache.delete(SITES_KEY)
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert "evil.example:80" not in (cache.get(SITES_KEY) or {})
