"""Private and embargoed reports stay out of every public place."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from publications.models import PolicyPointer
from tests.factories import (
    ReportPageFactory,
    UserFactory,
    confirmed_registration,
    report_pdf,
)
from tests.publications.conftest import embargoed_report, end_embargo

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
        "http://testserver/",
        "http://testserver/publications/",
        f"http://testserver{report.url}",
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


def download(client, document):
    """The status and the file's bytes (empty unless served)."""
    response = client.get(document.url)
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return response.status_code, content


@pytest.mark.parametrize("who", ["anonymous", "user", "participant"])
def test_embargoed_report_pdf_is_not_served(client, report_index, event_page, who):
    if who == "user":
        client.force_login(UserFactory())
    if who == "participant":
        client.force_login(confirmed_registration(event=event_page).user)
    pdf = report_pdf()
    embargoed_report(report_index, related_event=event_page, pdf=pdf)

    status, content = download(client, pdf)
    assert status == 404
    assert b"zebracorn" not in content


def test_embargoed_report_pdf_is_served_once_its_time_has_come(
    client, report_index, event_page
):
    pdf = report_pdf()
    report = embargoed_report(report_index, related_event=event_page, pdf=pdf)
    end_embargo(report)

    assert download(client, pdf) == (200, b"%PDF-1.4 zebracorn findings")


def test_organiser_downloads_embargoed_report_pdf(client, report_index, organiser):
    client.force_login(organiser)
    pdf = report_pdf()
    embargoed_report(report_index, pdf=pdf)

    response = client.get(pdf.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 zebracorn findings"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_embargoed_report_pdf_is_served_when_a_live_public_page_uses_it(
    client, report_index
):
    pdf = report_pdf()
    embargoed_report(report_index, pdf=pdf)
    ReportPageFactory(parent=report_index, slug="earlier-report", pdf=pdf)

    assert download(client, pdf) == (200, b"%PDF-1.4 zebracorn findings")


def test_embargoed_report_pdf_stays_hidden_when_only_a_restricted_page_uses_it(
    client, report_index, user
):
    pdf = report_pdf()
    embargoed_report(report_index, pdf=pdf)
    restricted = ReportPageFactory(parent=report_index, slug="restricted", pdf=pdf)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(user)

    assert download(client, pdf)[0] == 404


def test_unused_document_is_still_served(client, home_page):
    pdf = report_pdf()

    assert download(client, pdf) == (200, b"%PDF-1.4 zebracorn findings")


def test_new_pdf_of_a_scheduled_revision_is_not_served(client, report_index):
    old, new = report_pdf("Old edition"), report_pdf("New edition")
    report = ReportPageFactory(parent=report_index, slug="live-report", pdf=old)
    report.pdf = new
    report.go_live_at = timezone.now() + datetime.timedelta(days=1)
    report.save_revision().publish()

    assert download(client, old)[0] == 200
    assert download(client, new)[0] == 404
