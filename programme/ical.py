"""Calendar feeds (RFC 5545) for the programme, as pure functions.

They take an event, its sessions and absolute URLs and return the bytes of a
VCALENDAR: one VEVENT per session, times with TZID and a VTIMEZONE, stable UIDs,
SEQUENCE, CRLF line ends and lines folded at 75 octets (icalendar does both).
"""

import functools
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone

PRODID = "-//Roundtable//Programme//EN"
INVITATION_PRODID = "-//Roundtable//Invitations//EN"


def session_url(programme_url, session):
    """A session's page: the programme's absolute address and its session route."""
    from programme.models.pages import ProgrammePage

    return programme_url + ProgrammePage.session_path(session.slug)


def session_description(session, *, show_details):
    """The VEVENT text: the outline for everyone, the details when allowed."""
    lines = [session.kind_label]
    if session.theme_id:
        lines.append(f"Theme: {session.theme.title}")
    lines.append(session.attribution_label)
    if session.is_cancelled:
        lines.append("This session is cancelled.")
    if show_details:
        for role in session.roles.all():
            person = role.person
            who = person.full_name
            if person.organisation_id:
                who = f"{who} ({person.organisation.display_name})"
            lines.append(f"{role.role_label}: {who}")
        if session.description:
            lines.extend(["", session.description])
    else:
        lines.append("Details are shared with the event's participants.")
    return "\n".join(lines)


def session_event(session, *, event, programme_url, show_details, now):
    """One VEVENT for `session`."""
    tzinfo = event.tzinfo
    vevent = Event()
    vevent.add("uid", str(session.uid))
    vevent.add("dtstamp", (session.last_published_at or now).astimezone(UTC))
    vevent.add("dtstart", session.start.astimezone(tzinfo))
    vevent.add("dtend", session.end.astimezone(tzinfo))
    vevent.add("summary", session.title)
    description = session_description(session, show_details=show_details)
    if event.illustrative_note:
        description = f"Illustrative: {event.illustrative_note}\n\n{description}"
    vevent.add("description", description)
    location = ", ".join(part for part in (session.room, event.venue_name) if part)
    if location:
        vevent.add("location", location)
    vevent.add("url", session_url(programme_url, session))
    vevent.add("sequence", session.sequence)
    vevent.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    vevent.add("class", "PUBLIC" if not session.is_private else "CONFIDENTIAL")
    return vevent


def event_span(event, sessions):
    """Whole years safely before and after everything in the calendar."""
    starts = [event.start_date] + [s.start.date() for s in sessions]
    ends = [event.end_date] + [s.end.date() for s in sessions]
    return date(min(starts).year - 1, 1, 1), date(max(ends).year + 2, 1, 1)


@functools.lru_cache(maxsize=64)
def vtimezone(tzid, first_date, last_date):
    """The VTIMEZONE of `tzid` over a span; never mutated once built."""
    return Timezone.from_tzid(tzid, first_date=first_date, last_date=last_date)


def programme_calendar(
    *, event, sessions, programme_url, show_private_details, now=None
):
    """The whole programme of `event` as iCalendar bytes.

    `show_private_details` decides whether participants-only sessions carry their
    roles and description; public sessions always do.
    """
    now = now or datetime.now(UTC)
    sessions = list(sessions)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", event.time_zone)
    for session in sessions:
        calendar.add_component(
            session_event(
                session,
                event=event,
                programme_url=programme_url,
                show_details=show_private_details or not session.is_private,
                now=now,
            )
        )
    # Building a VTIMEZONE costs more than the rest of the feed put together, and
    # icalendar asks callers to cache it: the event's zone comes from the cache,
    # and add_missing_timezones() only has any other zone left to add.
    first, last = event_span(event, sessions)
    calendar.subcomponents.insert(0, vtimezone(event.time_zone, first, last))
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def session_calendar(*, event, session, programme_url, show_private_details, now=None):
    """One session as iCalendar bytes."""
    return programme_calendar(
        event=event,
        sessions=[session],
        programme_url=programme_url,
        show_private_details=show_private_details,
        now=now,
    )


def personal_calendar(*, agenda, now=None):
    """A person's own agenda across events as iCalendar bytes.

    `agenda` is [(event, programme_url, sessions)] for the events where the person
    is a confirmed participant, so every session carries its full details. UIDs and
    SEQUENCE are the programme feed's, so calendars recognise the same events.
    """
    now = now or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "My roundtable agenda")
    for event, programme_url, sessions in agenda:
        sessions = list(sessions)
        for session in sessions:
            calendar.add_component(
                session_event(
                    session,
                    event=event,
                    programme_url=programme_url,
                    show_details=True,
                    now=now,
                )
            )
        if sessions:
            first, last = event_span(event, sessions)
            timezone_component = vtimezone(event.time_zone, first, last)
            if timezone_component not in calendar.subcomponents:
                calendar.subcomponents.insert(0, timezone_component)
    return calendar.to_ical()


def event_calendar(event, *, url, host, now=None):
    """An iCalendar document (bytes) with one all-day VEVENT covering the event.

    `url` is the event's public address; `host` makes the UID stable and unique.
    Sent with a confirmed registration.
    """
    calendar = Calendar()
    calendar.add("prodid", INVITATION_PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    vevent = Event()
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", now or datetime.now(tz=UTC))
    vevent.add("dtstart", event.start_date)
    vevent.add("dtend", event.end_date + timedelta(days=1))
    vevent.add("summary", event.title)
    if event.illustrative_note:
        vevent.add("description", f"Illustrative: {event.illustrative_note}")
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


def calendar_update(
    *, event, sessions, programme_url, organiser, attendee, method, now=None
):
    """An iTIP message (RFC 5546) telling one attendee of changed sessions.

    `method` is "REQUEST" for sessions that moved or changed room, "CANCEL"
    for cancelled ones. Each VEVENT keeps the session's UID and carries its
    raised SEQUENCE, so a calendar program updates (or removes) the entry it
    has rather than adding another. `organiser` and `attendee` are email
    addresses; iTIP names both on every event.
    """
    now = now or datetime.now(UTC)
    sessions = list(sessions)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for session in sessions:
        vevent = session_event(
            session,
            event=event,
            programme_url=programme_url,
            show_details=True,
            now=now,
        )
        vevent.add("organizer", f"mailto:{organiser}", parameters={"CN": event.title})
        vevent.add(
            "attendee",
            f"mailto:{attendee}",
            parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"},
        )
        calendar.add_component(vevent)
    first, last = event_span(event, sessions)
    calendar.subcomponents.insert(0, vtimezone(event.time_zone, first, last))
    return calendar.to_ical()
