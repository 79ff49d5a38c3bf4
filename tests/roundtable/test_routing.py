"""Pages are routed from the site's root in one query, with Wagtail's outcome."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.models import StandardPage
from tests.factories import ReportIndexPageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db


def standard_page(parent, slug, *, publish=True):
    page = StandardPage(title=slug.title(), slug=slug, introduction=f"About {slug}.")
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
def test_deep_page_costs_as_many_queries_as_a_shallow_one(client, home_page):
    shallow = standard_page(home_page, "one")
    deep = standard_page(
        standard_page(standard_page(standard_page(home_page, "a"), "b"), "c"), "d"
    )
    assert deep.url == "/a/b/c/d/"
    assert queries_for(client, deep.url) == queries_for(client, shallow.url)


def test_missing_pages_are_404(client, home_page):
    standard_page(home_page, "a")
    assert client.get("/nowhere/").status_code == 404
    assert client.get("/a/nowhere/").status_code == 404
    assert client.get("/a/nowhere/deeper/").status_code == 404


def test_unpublished_page_is_404_but_its_live_child_is_served(client, home_page):
    draft = standard_page(home_page, "draft", publish=False)
    child = standard_page(draft, "child")
    assert client.get("/draft/").status_code == 404
    response = client.get("/draft/child/")
    assert response.status_code == 200
    assert response.context["page"] == child


def test_routable_page_sub_routes_are_served(client, home_page):
    index = ReportIndexPageFactory(parent=home_page)
    ReportPageFactory(parent=index, slug="a-report")
    assert client.get("/publications/feed/")["Content-Type"].startswith(
        "application/atom+xml"
    )
    assert client.get("/publications/a-report/").context["page"].slug == "a-report"


def test_routable_page_route_wins_over_a_child_of_the_same_name(client, home_page):
    """Wagtail asks a routable page's own routes before its children."""
    index = ReportIndexPageFactory(parent=home_page)
    standard_page(index, "feed")
    response = client.get("/publications/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")


@pytest.mark.usefixtures("no_page_cache")
def test_a_public_page_costs_the_site_its_path_and_itself(
    client, home_page, django_assert_num_queries
):
    """Site lookup, the pages along the path, the page with its restrictions."""
    page = standard_page(home_page, "plain")
    client.get(page.url)  # warm Wagtail's site root paths and the menu
    with django_assert_num_queries(3):
        assert client.get(page.url).status_code == 200


def test_restrictions_read_with_the_page_still_keep_visitors_out(client, home_page):
    from wagtail.models import PageViewRestriction

    section = standard_page(home_page, "members")
    minutes = standard_page(section, "minutes")
    PageViewRestriction.objects.create(
        page=home_page, restriction_type=PageViewRestriction.LOGIN
    )

    for url in ("/", section.url, minutes.url):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_wagtails_own_views_under_util_are_not_taken_for_pages(client, home_page):
    from wagtail.models import PageViewRestriction

    page = standard_page(home_page, "secret")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="opensesame"
    )
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "opensesame", "return_url": page.url},
    )
    assert response.status_code == 302
    assert client.get(page.url).status_code == 200
