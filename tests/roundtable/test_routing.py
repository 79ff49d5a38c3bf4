"""Pages are served by Wagtail's view; HomePage.route and ReportIndexPage.route
read fewer rows but route exactly as Wagtail's own `Page.route` does."""

from unittest import mock

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from publications.models import ReportIndexPage
from roundtable.models import HomePage, StandardPage
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
    """The root as its own class, the path with its restrictions, the page.

    The site comes from the cache (`roundtable.caching.SiteMiddleware`) and
    Wagtail's two restriction reads are answered by the path's query."""
    page = standard_page(home_page, "plain")
    client.get(page.url)  # warm the site, Wagtail's site root paths and the menu
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


def route_result(page, path_components):
    try:
        result = page.route(RequestFactory().get("/"), path_components)
    except Http404:
        return "404"
    view = result.args[0].__name__ if result.args else None
    return (result.page.pk, type(result.page).__name__, view)


def wagtails_result(root, path_components):
    """Wagtail's own routing from the root: `Page.route` level by level, with
    the framework's `RoutablePageMixin.route` for the publications index."""
    with mock.patch.object(ReportIndexPage, "route", RoutablePageMixin.route):
        try:
            result = Page.route(root, RequestFactory().get("/"), path_components)
        except Http404:
            return "404"
    view = result.args[0].__name__ if result.args else None
    return (result.page.pk, type(result.page).__name__, view)


def test_home_and_index_routes_match_wagtails_on_every_path(home_page):
    """Same page, same class, same sub-route and same 404s as Wagtail's routing."""
    a = standard_page(home_page, "a")
    b = standard_page(a, "b")
    standard_page(b, "c")
    standard_page(a, "draft", publish=False)
    standard_page(standard_page(home_page, "hidden", publish=False), "child")
    standard_page(home_page, "b")  # the same slug at another level
    index = ReportIndexPageFactory(parent=home_page)
    ReportPageFactory(parent=index, slug="a-report")
    ReportPageFactory(parent=index, slug="unpublished-report", live=False)
    standard_page(index, "feed")
    a.create_alias(parent=home_page, update_slug="alias-of-a")

    root = HomePage.objects.get(pk=home_page.pk)
    paths = [
        ["a"],
        ["a", "b"],
        ["a", "b", "c"],
        ["a", "b", "c", "d"],
        ["b"],
        ["b", "c"],
        ["a", "c"],
        ["a", "draft"],
        ["hidden"],
        ["hidden", "child"],
        ["publications"],
        ["publications", "feed"],
        ["publications", "a-report"],
        ["publications", "a-report", "more"],
        ["publications", "unpublished-report"],
        ["publications", "nowhere"],
        ["alias-of-a"],
        ["alias-of-a", "b"],
        ["nowhere"],
        [],
    ]
    outcomes = {tuple(path): route_result(root, path) for path in paths}
    assert outcomes == {tuple(path): wagtails_result(root, path) for path in paths}
    # The walk is real: pages, sub-routes and 404s all occur.
    assert outcomes[("publications", "feed")][2] == "feed"
    assert outcomes[("alias-of-a",)][1] == "StandardPage"
    assert outcomes[("publications", "a-report")][1] == "ReportPage"
    assert outcomes[("a", "draft")] == "404"


def routed_page(root, path_components):
    return root.route(RequestFactory().get("/"), path_components).page


def test_routed_pages_answer_view_restrictions_as_wagtail_does(home_page):
    """Routing reads the path's restrictions; each page found answers
    `get_view_restrictions()` exactly as Wagtail's query over its ancestors."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    open_section = standard_page(home_page, "open")
    open_child = standard_page(open_section, "child")
    members = standard_page(home_page, "members")
    minutes = standard_page(standard_page(members, "minutes"), "2014")
    secret = standard_page(open_section, "secret")
    group_page = standard_page(home_page, "group")
    standard_page(group_page, "inside")
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.LOGIN
    )
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    groups = PageViewRestriction.objects.create(
        page=group_page, restriction_type=PageViewRestriction.GROUPS
    )
    groups.groups.add(Group.objects.create(name="Readers"))
    members.create_alias(parent=home_page, update_slug="members-alias")
    open_section.create_alias(
        parent=home_page, update_slug="open-alias", recursive=True
    )
    # Restricted after its alias was made: only the source holds the
    # restriction, and Wagtail reads the source's for the alias.
    late = standard_page(home_page, "late")
    late.create_alias(parent=home_page, update_slug="late-alias")
    PageViewRestriction.objects.create(
        page=late, restriction_type=PageViewRestriction.LOGIN
    )
    index = ReportIndexPageFactory(parent=home_page)
    ReportPageFactory(parent=index, slug="open-report")
    hidden_report = ReportPageFactory(parent=index, slug="hidden-report")
    PageViewRestriction.objects.create(
        page=hidden_report, restriction_type=PageViewRestriction.LOGIN
    )
    assert minutes.url == "/members/minutes/2014/"
    assert open_child.url == "/open/child/"

    root = HomePage.objects.get(pk=home_page.pk)
    paths = [
        [],
        ["open"],
        ["open", "child"],
        ["open", "secret"],
        ["members"],
        ["members", "minutes", "2014"],
        ["group", "inside"],
        ["members-alias"],
        ["open-alias"],
        ["open-alias", "child"],
        ["late-alias"],
        ["publications"],
        ["publications", "open-report"],
        ["publications", "hidden-report"],
    ]
    seen = {}
    for path in paths:
        page = routed_page(HomePage.objects.get(pk=root.pk), path)
        fresh = Page.objects.get(pk=page.pk)
        wagtails = sorted(r.pk for r in Page.get_view_restrictions(fresh))
        assert sorted(r.pk for r in page.get_view_restrictions()) == wagtails, path
        seen[tuple(path)] = wagtails
    # The tree has open and restricted pages by every route, so both answers occur.
    assert seen[("open", "child")] == []
    assert seen[("publications", "open-report")] == []
    assert seen[("members", "minutes", "2014")] != []
    assert seen[("publications", "hidden-report")] != []
    assert seen[("members-alias",)] != []
    assert seen[("late-alias",)] != []


def test_a_restriction_added_to_the_root_reaches_every_routed_page(home_page):
    from wagtail.models import PageViewRestriction

    page = standard_page(standard_page(home_page, "a"), "b")
    index = ReportIndexPageFactory(parent=home_page)
    ReportPageFactory(parent=index, slug="a-report")
    root = HomePage.objects.get(pk=home_page.pk)
    assert not routed_page(root, ["a", "b"]).get_view_restrictions().exists()
    restriction = PageViewRestriction.objects.create(
        page=Page.get_first_root_node(), restriction_type=PageViewRestriction.LOGIN
    )
    for path in ([], ["a", "b"], ["publications", "a-report"]):
        found = routed_page(HomePage.objects.get(pk=root.pk), path)
        assert list(found.get_view_restrictions()) == [restriction], path
    assert page.url == "/a/b/"
