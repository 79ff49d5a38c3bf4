"""The programme's calendar.ics, remembered until the programme changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from programme.models import Session
from tests.factories import SessionFactory


def feed_url(event):
    return f"/events/{event.slug}/programme/calendar.ics"


def rooms(response):
    return [
        str(v["location"]).split(",")[0]
        for v in Calendar.from_ical(response.content).walk("VEVENT")
    ]


def test_the_second_request_reads_no_session(client, event_page, programme_page):
    SessionFactory(event=event_page, room="Ballroom")
    first = client.get(feed_url(event_page))
    with CaptureQueriesContext(connection) as queries:
        second = client.get(feed_url(event_page))
    assert second.content == first.content
    assert not any("programme_session" in q["sql"] for q in queries.captured_queries)


def test_a_published_change_is_in_the_next_calendar(client, event_page, programme_page):
    session = SessionFactory(event=event_page, room="Ballroom")
    assert rooms(client.get(feed_url(event_page))) == ["Ballroom"]
    session.room = "Garden Room"
    session.save_revision().publish()
    assert rooms(client.get(feed_url(event_page))) == ["Garden Room"]


def test_participants_and_the_public_get_their_own_calendar(
    client, event_page, programme_page, participant
):
    SessionFactory(
        event=event_page,
        description="Participants hear the details.",
        visibility=Session.Visibility.PARTICIPANTS,
    )
    public = client.get(feed_url(event_page)).content.decode()
    client.force_login(participant)
    private = client.get(feed_url(event_page)).content.decode()
    client.logout()
    again = client.get(feed_url(event_page)).content.decode()
    assert "Participants hear the details." in private.replace("\r\n ", "")
    assert "Participants hear the details." not in public.replace("\r\n ", "")
    assert again == public
