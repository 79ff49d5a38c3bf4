"""The organisers' timetable: an event's sessions as a day-by-room grid.

One table per day of the event, in the event's time zone: rooms across,
times down. The rows are the distinct starts and ends of that day's sessions,
so a session spans the rows between its start and end (a rowspan) and a slot
no session takes is an empty cell offering "Add a session here" with its
room and times. Only sessions that count (`services.counted`) are shown, and
clashes are marked with the rule the editor applies (`services.sessions_clash`,
`services.rooms_clash`), computed from two queries whatever the event's size.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from django.urls import reverse
from django.utils.http import urlencode

from programme import services
from programme.models import Session, SessionRole
from roundtable.formatting import format_day, local_time
from roundtable.models import EventPage

NO_ROOM = "No room"
ADD_URL_NAME = "wagtailsnippets_programme_session:add"
EDIT_URL_NAME = "wagtailsnippets_programme_session:edit"
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass
class Clash:
    other: Session
    room: str = ""
    person: str = ""


@dataclass
class Cell:
    """Sessions in a room from one row down `rowspan` rows (several: a clash)."""

    first_row: int
    end_row: int
    entries: list = field(default_factory=list)

    @property
    def rowspan(self):
        return self.end_row - self.first_row


@dataclass
class Entry:
    session: Session
    time_range: str
    edit_url: str
    clashes: list


@dataclass
class Slot:
    """An empty room at a time: where a new session could go."""

    column: str
    time_range: str
    add_url: str


@dataclass
class Row:
    time_range: str
    items: list  # ("session", Cell) or ("empty", Slot); covered cells are left out


@dataclass
class Day:
    date: object
    heading: str
    rows: list
    add_url: str  # for a day with no sessions yet


def choose_event(events, chosen=None):
    """The event asked for by its id, else the next not yet ended, else the latest.

    `events` is a list, newest first.
    """
    for event in events:
        if str(event.pk) == str(chosen):
            return event
    upcoming = [event for event in events if not event.has_ended]
    if upcoming:
        return min(upcoming, key=lambda event: (event.start_date, event.pk))
    return events[0] if events else None


# Up to this many sessions the timetable shows every day on one page; a
# larger programme is shown a day at a time (a thousand sessions made a 1 MB
# page that took most of a second to render).
ALL_DAYS_LIMIT = 150


def event_sessions(event, day=None):
    """The event's sessions that count (those starting on `day`, if given), with
    their roles' people: two queries."""
    counted = services.counted(Session.objects.filter(event=event))
    if day is not None:
        midnight = datetime(day.year, day.month, day.day, tzinfo=event.tzinfo)
        counted = counted.filter(
            start__gte=midnight, start__lt=midnight + timedelta(days=1)
        )
    sessions = list(counted.order_by("start", "end", "pk"))
    roles = SessionRole.objects.filter(
        session_id__in=[session.pk for session in sessions]
    ).select_related("person")
    return sessions, list(roles)


def find_clashes(sessions, roles):
    """{session pk: [Clash]} for every pair the editor's clash checks would refuse."""
    clashes = {session.pk: [] for session in sessions}
    ordered = sorted(sessions, key=lambda session: (session.start, session.pk))
    for index, session in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.start >= session.end:
                break  # sorted by start: no later session overlaps this one
            if services.rooms_clash(session, other):
                clashes[session.pk].append(Clash(other, room=session.room))
                clashes[other.pk].append(Clash(session, room=other.room))
    by_pk = {session.pk: session for session in sessions}
    people, busy = {}, {}
    for role in roles:
        people[role.person_id] = role.person
        taken = busy.setdefault(role.person_id, [])
        if role.session_id not in taken:
            taken.append(role.session_id)
    for person_id, taken in busy.items():
        name = str(people[person_id])
        for index, first in enumerate(taken):
            for second in taken[index + 1 :]:
                one, two = by_pk[first], by_pk[second]
                if services.sessions_clash(one, two):
                    clashes[one.pk].append(Clash(two, person=name))
                    clashes[two.pk].append(Clash(one, person=name))
    return clashes


def columns_for(sessions):
    """The event's rooms, alphabetically, then "No room" if a session has none.

    Rooms are one room whatever their capitals (`services.same_room`); each is
    named as its earliest session spells it.
    """
    rooms = {}
    for session in sessions:
        if session.room:
            rooms.setdefault(session.room.casefold(), session.room)
    columns = sorted(rooms.values(), key=str.casefold)
    if any(not session.room for session in sessions):
        columns.append(NO_ROOM)
    return columns


def time_range(start, end, tzinfo):
    return f"{local_time(start, tzinfo):%H:%M}–{local_time(end, tzinfo):%H:%M}"


def add_url(event, room, start, end):
    """The session add form with this event, room and slot filled in (local times)."""
    query = {
        "event": event.pk,
        "room": "" if room == NO_ROOM else room,
        "start": f"{local_time(start, event.tzinfo):{LOCAL_FORMAT}}",
        "end": f"{local_time(end, event.tzinfo):{LOCAL_FORMAT}}",
    }
    return f"{reverse(ADD_URL_NAME)}?{urlencode(query)}"


def build_days(event, sessions, clashes, only=None):
    """Each day of the event (or the day `only`) with its rows of cells for
    `columns_for(sessions)`.

    `clashes` is `find_clashes`'s answer for the sessions.
    """
    tzinfo = event.tzinfo
    columns = columns_for(sessions)
    days = []
    day = event.start_date
    while day <= event.end_date:
        if only is None or day == only:
            todays = [s for s in sessions if local_time(s.start, tzinfo).date() == day]
            days.append(_build_day(event, day, todays, columns, clashes))
        day += timedelta(days=1)
    return columns, days


def _build_day(event, day, sessions, columns, clashes):
    tzinfo = event.tzinfo
    boundaries = sorted({s.start for s in sessions} | {s.end for s in sessions})
    row_of = {moment: index for index, moment in enumerate(boundaries)}
    cells = {column: [None] * max(len(boundaries) - 1, 0) for column in columns}
    starting = {}
    for session in sessions:
        column = _column_of(session, columns)
        first, end = row_of[session.start], row_of[session.end]
        cell = cells[column][first]
        if cell is None:
            cell = Cell(first, end)
            starting[(column, first)] = cell
        else:  # the room is double-booked: the cell takes both
            cell.end_row = max(cell.end_row, end)
        for row in range(cell.first_row, cell.end_row):
            cells[column][row] = cell
        cell.entries.append(
            Entry(
                session=session,
                time_range=time_range(session.start, session.end, tzinfo),
                edit_url=reverse(EDIT_URL_NAME, args=[session.pk]),
                clashes=clashes.get(session.pk, []),
            )
        )
    rows = []
    for index, (start, end) in enumerate(pairwise(boundaries)):
        label = time_range(start, end, tzinfo)
        items = []
        for column in columns:
            cell = cells[column][index]
            if cell is None:
                slot = Slot(column, label, add_url(event, column, start, end))
                items.append(("empty", slot))
            elif (column, index) in starting:
                items.append(("session", cell))
        rows.append(Row(label, items))
    nine = datetime(day.year, day.month, day.day, 9, tzinfo=tzinfo)
    return Day(
        date=day,
        heading=format_day(day),
        rows=rows,
        add_url=add_url(event, NO_ROOM, nine, nine + timedelta(hours=1)),
    )


def _column_of(session, columns):
    if not session.room:
        return NO_ROOM
    key = session.room.casefold()
    return next(column for column in columns if column.casefold() == key)


def prefilled_session(query):
    """A new, unsaved session from the timetable's add link, or None.

    `query` holds the event's id, the room and the start and end as the
    event's local time (`add_url`). Anything unreadable is left empty.
    """
    event = EventPage.objects.filter(pk=_integer(query.get("event"))).first()
    if event is None:
        return None
    session = Session(event=event, room=query.get("room", "")[:100])
    for name in ("start", "end"):
        try:
            value = datetime.strptime(query.get(name, ""), LOCAL_FORMAT)
        except ValueError:
            continue
        setattr(session, name, value.replace(tzinfo=event.tzinfo))
    return session


def _integer(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
