import datetime
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from programme import ical
from programme.models import Session
from tests.factories import OrganisationFactory, PersonFactory, SessionFactory
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db

URL = "http://testserver/events/e/programme/"
NOW = datetime.datetime(2014, 6, 1, 12, 0, tzinfo=datetime.UTC)


def build(event, sessions, *, private=False):
    return ical.programme_calendar(
        event=event,
        sessions=sessions,
        programme_url=URL,
        show_private_details=private,
        now=NOW,
    )


def only_event(content):
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_calendar_has_the_rfc_5545_frame_and_a_vtimezone(event_page):
    session = SessionFactory(event=event_page)
    content = build(event_page, [session])
    calendar = Calendar.from_ical(content)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Roundtable//Programme//EN"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Singapore"]
    assert content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert content.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert max(len(line) for line in content.split(b"\r\n")) <= 75


def test_vevent_carries_every_property(event_page):
    session = SessionFactory(
        event=event_page,
        title="Regional frameworks",
        slug="regional-frameworks",
        room="Ballroom",
        start=at(event_page, 1, 9, 30),
        end=at(event_page, 1, 11),
    )
    vevent = only_event(build(event_page, [session]))

    assert str(vevent["UID"]) == str(session.uid)
    assert vevent["SUMMARY"] == "Regional frameworks"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Singapore"
    assert vevent["DTSTART"].dt == at(event_page, 1, 9, 30)
    assert vevent["DTEND"].dt == at(event_page, 1, 11)
    assert vevent["DTSTAMP"].dt == session.last_published_at.replace(microsecond=0)
    assert vevent["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert vevent["LOCATION"] == "Ballroom, Copthorne King’s Hotel"
    assert vevent["URL"] == f"{URL}sessions/regional-frameworks/"
    assert vevent["SEQUENCE"] == 0
    assert vevent["STATUS"] == "CONFIRMED"


def test_cancelled_session_has_status_cancelled(event_page):
    session = SessionFactory(event=event_page, status=Session.Status.CANCELLED)
    assert only_event(build(event_page, [session]))["STATUS"] == "CANCELLED"


def test_text_is_escaped_and_long_lines_are_folded(event_page):
    title = "Protection; needs, responses and practices " * 3
    session = SessionFactory(event=event_page, title=title.strip())
    content = build(event_page, [session])

    assert b"Protection\\; needs\\, responses" in content
    assert b"\r\n " in content
    assert only_event(content)["SUMMARY"] == title.strip()


def test_time_change_raises_sequence_and_description_change_does_not(event_page):
    session = SessionFactory(event=event_page, start=at(event_page, 1, 9))

    session.description = "More words."
    session.save_revision().publish()
    session.refresh_from_db()
    assert only_event(build(event_page, [session]))["SEQUENCE"] == 0

    session.start, session.end = at(event_page, 1, 14), at(event_page, 1, 15)
    session.save_revision().publish()
    session.refresh_from_db()
    assert only_event(build(event_page, [session]))["SEQUENCE"] == 1


def test_private_session_hides_roles_and_description_unless_allowed(event_page):
    person = PersonFactory(
        name="Sample Speaker",
        organisation=OrganisationFactory(name="Sample Institute", short_name=""),
    )
    session = SessionFactory(
        event=event_page,
        visibility=Session.Visibility.PARTICIPANTS,
        description="Frank discussion.",
        roles=[(person, "speaker")],
    )

    public = str(only_event(build(event_page, [session]))["DESCRIPTION"])
    private = str(only_event(build(event_page, [session], private=True))["DESCRIPTION"])

    assert public == (
        "Panel\nChatham House Rule\nDetails are shared with the event's participants."
    )
    assert private == (
        "Panel\nChatham House Rule\nSpeaker: Sample Speaker (Sample Institute)"
        "\n\nFrank discussion."
    )


def test_public_session_shows_roles_to_everyone(event_page):
    person = PersonFactory(name="Sample Chair", organisation=None)
    session = SessionFactory(event=event_page, roles=[(person, "chair")])
    description = str(only_event(build(event_page, [session]))["DESCRIPTION"])
    assert description == "Panel\nChatham House Rule\nChair: Sample Chair"


# The event calendar sent with a confirmed registration -------------------------

STAMP = datetime.datetime(2014, 5, 1, 8, 0, tzinfo=datetime.UTC)


def make_event(**kwargs):
    defaults = {
        "pk": 7,
        "title": "Roundtable on protection",
        "start_date": datetime.date(2014, 6, 26),
        "end_date": datetime.date(2014, 6, 27),
        "venue_name": "Copthorne King’s Hotel",
        "venue_address": "403 Havelock Road\nSingapore 169632",
        "illustrative_note": "",
    }
    return SimpleNamespace(**{**defaults, **kwargs})


def test_event_calendar_has_one_all_day_event_over_the_event_dates():
    ics = ical.event_calendar(
        make_event(), url="http://example.org/events/x/", host="example.org", now=STAMP
    )
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert vevent["UID"] == "event-7@example.org"
    assert vevent.decoded("DTSTART") == datetime.date(2014, 6, 26)
    assert vevent.decoded("DTEND") == datetime.date(2014, 6, 28)
    assert vevent.decoded("DTSTAMP") == STAMP
    assert str(vevent["SUMMARY"]) == "Roundtable on protection"
    assert str(vevent["LOCATION"]) == (
        "Copthorne King’s Hotel, 403 Havelock Road Singapore 169632"
    )
    assert str(vevent["URL"]) == "http://example.org/events/x/"
    assert vevent["SEQUENCE"] == 0


def test_event_calendar_without_venue_has_no_location():
    ics = ical.event_calendar(
        make_event(venue_name="", venue_address=""),
        url="http://example.org/",
        host="example.org",
        now=STAMP,
    )
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert "LOCATION" not in vevent
