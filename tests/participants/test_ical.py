import datetime
from types import SimpleNamespace

from icalendar import Calendar

from programme.ical import event_calendar

STAMP = datetime.datetime(2014, 5, 1, 8, 0, tzinfo=datetime.UTC)


def make_event(**kwargs):
    defaults = {
        "pk": 7,
        "title": "Roundtable on protection",
        "start_date": datetime.date(2014, 6, 26),
        "end_date": datetime.date(2014, 6, 27),
        "venue_name": "Copthorne King’s Hotel",
        "venue_address": "403 Havelock Road\nSingapore 169632",
    }
    return SimpleNamespace(**{**defaults, **kwargs})


def test_event_calendar_has_one_all_day_event_over_the_event_dates():
    ics = event_calendar(
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
    ics = event_calendar(
        make_event(venue_name="", venue_address=""),
        url="http://example.org/",
        host="example.org",
        now=STAMP,
    )
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert "LOCATION" not in vevent
