"""Private and embargoed reports stay out of every public place."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from roundtable.models import PolicyPointer
from tests.factories import ReportPageFactory
from tests.roundtable.conftest import embargoed_report, end_embargo

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return {url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")}


def test_sitemap_lists_public_pages_only(client, report_index, private_page):
    report = ReportPageFactory(parent=report_index, slug="public-report")
    assert sitemap_locations(client) == {
        "http://localhost/",
        "http://localhost/publications/",
        f"http://localhost{report.url}",
    }


def everywhere(client, event, query="zebracorn"):
    """What anonymous visitors see of reports on every public surface."""
    feed = ET.fromstring(  # noqa: S314 - our own output
        client.get("/publications/feed/").content
    )
    return {
        "index": client.get("/publications/").content.decode(),
        "home": client.get("/").content.decode(),
        "event": client.get(event.url).content.decode(),
        "feed": [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")],
        "search": list(client.get("/search/", {"q": query}).context["results"]),
        "sitemap": sitemap_locations(client),
    }


@pytest.mark.parametrize("as_user", [False, True])
def test_embargoed_report_is_invisible_everywhere(
    client, report_index, event_page, user, as_user
):
    if as_user:
        client.force_login(user)
    report = embargoed_report(
        report_index,
        related_event=event_page,
        policy_pointers=[PolicyPointer(title="Zebracorn pointer", text="T")],
    )
    assert report.live is False

    assert client.get("/publications/embargoed/").status_code == 404
    seen = everywhere(client, event_page)
    assert "zebracorn" not in seen["index"].lower()
    assert "zebracorn" not in seen["home"].lower()
    assert "zebracorn" not in seen["event"].lower()
    assert seen["feed"] == []
    assert seen["search"] == []
    assert "http://localhost/publications/embargoed/" not in seen["sitemap"]


def test_embargoed_report_appears_once_its_time_has_come(
    client, report_index, event_page
):
    report = embargoed_report(report_index, related_event=event_page)
    end_embargo(report)

    assert client.get("/publications/embargoed/").status_code == 200
    seen = everywhere(client, event_page)
    assert "Embargoed zebracorn findings" in seen["index"]
    assert "Embargoed zebracorn findings" in seen["event"]
    assert seen["feed"] == ["Embargoed zebracorn findings"]
    assert [page.pk for page in seen["search"]] == [report.pk]


@pytest.mark.parametrize("as_user", [False, True])
def test_restricted_report_is_invisible_everywhere(
    client, report_index, event_page, user, as_user
):
    if as_user:
        client.force_login(user)
    report = ReportPageFactory(
        parent=report_index,
        title="Zebracorn draft for participants",
        slug="participants-draft",
        related_event=event_page,
    )
    PageViewRestriction.objects.create(
        page=report, restriction_type=PageViewRestriction.LOGIN
    )
    seen = everywhere(client, event_page)
    assert "zebracorn" not in seen["index"].lower()
    assert "zebracorn" not in seen["home"].lower()
    assert "zebracorn" not in seen["event"].lower()
    assert seen["feed"] == []
    assert seen["search"] == []
    assert f"http://localhost{report.url}" not in seen["sitemap"]


def test_report_hides_a_restricted_event(client, report_index, event_page):
    report = ReportPageFactory(parent=report_index, related_event=event_page)
    PageViewRestriction.objects.create(
        page=event_page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(report.url)
    assert response.context["event"] is None
    assert event_page.title not in response.content.decode()


def test_report_hides_an_event_below_a_restricted_page(
    client, report_index, event_page
):
    report = ReportPageFactory(parent=report_index, related_event=event_page)
    PageViewRestriction.objects.create(
        page=event_page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(report.url)
    assert response.context["event"] is None
    assert event_page.title not in response.content.decode()
