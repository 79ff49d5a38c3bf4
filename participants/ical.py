"""Calendar data for an event, as pure functions."""

import datetime

from icalendar import Calendar, Event


def event_calendar(event, *, url, host, now=None):
    """An iCalendar document (bytes) with one all-day VEVENT covering the event.

    `url` is the event's public address; `host` makes the UID stable and unique.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Roundtable//Invitations//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    vevent = Event()
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", now or datetime.datetime.now(tz=datetime.UTC))
    vevent.add("dtstart", event.start_date)
    vevent.add("dtend", event.end_date + datetime.timedelta(days=1))
    vevent.add("summary", event.title)
    location = ", ".join(
        part
        for part in [event.venue_name, " ".join(event.venue_address.split())]
        if part
    )
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("sequence", 0)
    calendar.add_component(vevent)
    return calendar.to_ical()
