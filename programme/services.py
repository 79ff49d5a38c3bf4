"""The programme's business rules: clash checks, publication and its change log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from programme.models import (
    ProgrammePage,
    Session,
    SessionChange,
    SessionRole,
    SpeakerIndexPage,
)
from roundtable import pagecache
from roundtable.formatting import format_slot

# Changes to these make calendars update (SEQUENCE) and go in the public change log.
TRACKED_FIELDS = ("title", "start", "end", "room", "status")
# Functions of (session, changes) called when a published session moves, changes
# room or is cancelled, inside the publishing transaction: participants tells
# the people whose agenda holds it (`participants.change_notices`).
SESSION_CHANGED_HOOK = "roundtable_session_changed"
NOTIFIED_FIELDS = (
    SessionChange.Field.TIME,
    SessionChange.Field.ROOM,
    SessionChange.Field.STATUS,
)


def validate_session(*, session):
    """Raise ValidationError, by field, for a session that cannot take place."""
    errors = {}
    start, end = session.start, session.end
    event = session.event if session.event_id else None
    if start and end and end <= start:
        errors["end"] = "The session must end after it starts."
    if event is not None and start and start < event.starts_at:
        errors["start"] = (
            f"The session starts before the event ({event.date_range}, "
            f"{event.time_zone_label})."
        )
    if event is not None and end and end > event.ends_at and "end" not in errors:
        errors["end"] = (
            f"The session ends after the event ({event.date_range}, "
            f"{event.time_zone_label})."
        )
    if session.capacity is not None and session.kind != Session.Kind.BREAKOUT:
        errors["capacity"] = "Only breakout sessions have a capacity."
    if session.theme_id and event is not None and session.theme.page_id != event.pk:
        errors["theme"] = "Choose one of this event's themes."
    if not errors and event is not None and session.room:
        clash = room_clash(session=session)
        if clash is not None:
            errors["room"] = (
                f"{session.room} is taken at that time by ‘{clash.title}’ on "
                f"{format_slot(clash.start, clash.end, event.tzinfo)}."
            )
    if errors:
        raise ValidationError(errors)


def counted(sessions):
    """`sessions` less the drafts that nobody saved on purpose.

    Wagtail's autosave saves a new session's form as a draft row before the
    organiser has pressed anything; until someone saves or publishes it
    (`explicitly_saved`), it blocks no room, clashes with no one and is
    offered nowhere. Live sessions and drafts saved on purpose count.
    """
    return sessions.filter(Q(live=True) | Q(explicitly_saved=True))


def sessions_clash(session, other):
    """Whether `other` takes time from `session`: the rule of every clash check.

    Two different sessions of one event, neither cancelled, whose slots
    overlap (one ending as the other starts is no clash). Both must count
    (`counted`); that is the caller's query. The editor's checks below and
    the timetable's grid (`programme.timetable`) apply this one rule.
    """
    return (
        (session.pk is None or other.pk != session.pk)
        and other.event_id == session.event_id
        and not session.is_cancelled
        and not other.is_cancelled
        and other.start < session.end
        and session.start < other.end
    )


def same_room(session, other):
    """Whether two sessions name the same room, whatever its capitals."""
    return bool(session.room) and session.room.casefold() == other.room.casefold()


def rooms_clash(session, other):
    """Whether `other` is in `session`'s room at an overlapping time."""
    return same_room(session, other) and sessions_clash(session, other)


def _clashing(session):
    """The event's other sessions that count and clash with `session`, by start.

    Fetches the event's counted sessions (a few hundred at most) and keeps
    those `sessions_clash` keeps, so that the rule is written once.
    """
    if not (session.event_id and session.start and session.end):
        return []
    candidates = counted(Session.objects.filter(event_id=session.event_id))
    return [
        other
        for other in candidates.order_by("start", "pk")
        if sessions_clash(session, other)
    ]


def room_clash(*, session):
    """The first other session in the same room at an overlapping time, or None."""
    if session.is_cancelled or not session.room:
        return None
    return next(
        (other for other in _clashing(session) if same_room(session, other)), None
    )


def person_clashes(*, session, people):
    """{person: clashing session} for people already busy during `session`."""
    if session.is_cancelled or not (session.start and session.end and people):
        return {}
    clashing = {other.pk: other for other in _clashing(session)}
    if not clashing:
        return {}
    roles = (
        SessionRole.objects.filter(person__in=people, session_id__in=list(clashing))
        .select_related("person")
        .order_by("session__start", "session_id")
    )
    clashes = {}
    for role in roles:
        clashes.setdefault(role.person, clashing[role.session_id])
    return clashes


def person_clash_message(*, person, clash, tzinfo):
    return (
        f"{person} already has a role in ‘{clash.title}’ on "
        f"{format_slot(clash.start, clash.end, tzinfo)}."
    )


@transaction.atomic
def create_session(*, event, roles=(), user=None, publish=True, **fields):
    """Create a session with its roles, as the snippet editor does, and publish it.

    `roles` is a sequence of (person, role) pairs. Raises ValidationError with the
    same messages an organiser sees.
    """
    session = Session(event=event, **fields)
    session.full_clean()
    people = [person for person, _ in roles]
    clashes = person_clashes(session=session, people=people)
    if clashes:
        raise ValidationError(
            [
                person_clash_message(person=p, clash=c, tzinfo=event.tzinfo)
                for p, c in clashes.items()
            ]
        )
    session.roles = [
        SessionRole(person=person, role=role, sort_order=index)
        for index, (person, role) in enumerate(roles)
    ]
    session.live = False  # a draft until it is published
    session.save()
    revision = session.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        session.refresh_from_db()
        pagecache.purge(reason="session created and published")
    return session


def live_state(*, session_id):
    """The tracked fields of a session as the public sees it now, or None."""
    if session_id is None:
        return None
    return (
        Session.objects.filter(pk=session_id, live=True)
        .values(*TRACKED_FIELDS, "sequence")
        .first()
    )


@transaction.atomic
def record_publication(*, session_id, previous):
    """After a publish: log public-facing changes and raise the calendar SEQUENCE.

    `previous` is `live_state()` from before the publish. A first publication has
    nothing to compare with and records nothing. SEQUENCE never goes down, even
    when an older draft is published.
    """
    session = (
        Session.objects.select_for_update()
        .select_related("event")
        .filter(pk=session_id, live=True)
        .first()
    )
    if session is None or previous is None:
        return []
    tzinfo = session.event.tzinfo
    changes = []
    if session.title != previous["title"]:
        changes.append((SessionChange.Field.TITLE, previous["title"], session.title))
    if (session.start, session.end) != (previous["start"], previous["end"]):
        changes.append(
            (
                SessionChange.Field.TIME,
                format_slot(previous["start"], previous["end"], tzinfo),
                format_slot(session.start, session.end, tzinfo),
            )
        )
    if session.room != previous["room"]:
        changes.append((SessionChange.Field.ROOM, previous["room"], session.room))
    if session.status != previous["status"]:
        labels = dict(Session.Status.choices)
        changes.append(
            (
                SessionChange.Field.STATUS,
                str(labels.get(previous["status"], previous["status"])),
                str(labels.get(session.status, session.status)),
            )
        )
    now = timezone.now()
    records = SessionChange.objects.bulk_create(
        SessionChange(session=session, changed_at=now, field=f, old=o, new=n)
        for f, o, n in changes
    )
    bump = int(any(field != SessionChange.Field.TITLE for field, _, _ in changes))
    sequence = previous["sequence"] + bump
    if session.sequence != sequence:
        Session.objects.filter(pk=session.pk).update(sequence=sequence)
    # The change log and SEQUENCE are public (programme page, calendar feeds).
    pagecache.purge(reason="session publication recorded")
    noticed = [record for record in records if record.field in NOTIFIED_FIELDS]
    if noticed:
        session.sequence = sequence
        for function in hooks.get_hooks(SESSION_CHANGED_HOOK):
            function(session=session, changes=noticed)
    return records


def public_sessions(*, event):
    """An event's published sessions with everything the pages and feeds show."""
    return (
        Session.objects.filter(event=event, live=True)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related(
                    "person__organisation"
                ).order_by("sort_order", "pk"),
            )
        )
        .order_by("start", "room", "title")
    )


@transaction.atomic
def add_event_pages(*, event, user=None):
    """Give a new event its programme and speakers pages, as drafts.

    What an organiser would add by hand under every event; each is skipped if
    the event already has it. Drafts, so nothing is public before the
    organiser publishes it. Returns the pages made.
    """
    return [
        add_event_child(event=event, page=page, user=user)
        for page in (
            ProgrammePage(title=_("Programme")),
            SpeakerIndexPage(title=_("Speakers")),
        )
        if type(page).can_create_at(event)
    ]


def add_event_child(*, event, page, user=None):
    """Add `page` (an `EventChildPage`) under `event` as a draft with a revision."""
    page.live = False
    event.add_child(instance=page)
    page.save_revision(user=user)
    return page
