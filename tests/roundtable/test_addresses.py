"""Every place that shows a session's, an area's or a report's address agrees
with Wagtail: `reverse_subpage` and `get_url` build them, BASE_URL makes them
absolute for calendars, emails and feeds."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from icalendar import Calendar

from participants import feeds
from programme.models import SessionRole
from publications.models import PolicyPointer
from tests.factories import (
    ParticipantAreaPageFactory,
    PersonFactory,
    ProgrammePageFactory,
    ReportPageFactory,
    SessionFactory,
    SpeakerIndexPageFactory,
    confirmed_registration,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

BASE = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"


def calendar_urls(response):
    assert response.status_code == 200
    return {str(e["URL"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_a_session_has_one_address_everywhere(client, event_page, report_index):
    programme = ProgrammePageFactory(parent=event_page)
    speakers = SpeakerIndexPageFactory(parent=event_page)
    session = SessionFactory(event=event_page, slug="opening", title="Opening")
    SessionRole.objects.create(
        session=session, person=PersonFactory(), role=SessionRole.Role.SPEAKER
    )
    report = ReportPageFactory(
        parent=report_index,
        related_event=event_page,
        policy_pointers=[PolicyPointer(title="P", text="T.", sessions=[session])],
    )
    registration = confirmed_registration(event=event_page)
    url = programme.get_url() + programme.reverse_subpage(
        "session", kwargs={"session_slug": "opening"}
    )
    full_url = BASE + url
    assert url == "/events/" + event_page.slug + "/programme/sessions/opening/"
    assert programme.session_url(session) == url
    assert programme.full_session_url(session) == full_url

    link = f'<a href="{url}">Opening</a>'
    assert link in client.get(programme.url).content.decode()
    assert link in client.get(speakers.url).content.decode()
    assert link in client.get(report.url).content.decode()
    assert client.get(url).status_code == 200
    assert calendar_urls(client.get(programme.url + "calendar.ics")) == {full_url}
    assert calendar_urls(client.get(url + "calendar.ics")) == {full_url}
    token = feeds.calendar_feed(user=registration.user).token
    personal = client.get(reverse("personal_calendar", args=[token]))
    assert calendar_urls(personal) == {full_url}


def test_an_area_has_one_address_everywhere(client, event_page):
    area = ParticipantAreaPageFactory(parent=event_page)
    registration = confirmed_registration(event=event_page)
    client.force_login(registration.user)
    link = f'href="{area.get_url()}"'

    assert link in client.get(event_page.url).content.decode()
    my_page = client.get(reverse("my_registrations"))
    assert my_page.context["participation"][0]["area_url"] == area.get_url()
    assert link in my_page.content.decode()
    assert client.get(area.get_url()).status_code == 200


def test_a_report_has_one_address_everywhere(client, report_index):
    report = ReportPageFactory(parent=report_index)
    full_url = BASE + report.get_url()

    response = client.get(report.get_url())
    assert response.context["full_url"] == full_url
    assert full_url in response.context["citation"]
    assert f'<link rel="canonical" href="{full_url}">' in response.content.decode()
    feed = ET.fromstring(client.get(report_index.url + "feed/").content)  # noqa: S314
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text == full_url
    assert entry.find(f"{ATOM}link").get("href") == full_url
    assert f'href="{report.get_url()}"' in client.get(report_index.url).content.decode()
