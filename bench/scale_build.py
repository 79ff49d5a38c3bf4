"""Build one event at a given size for bench/scale.py, in the configured database.

Pages go through Wagtail's API (`add_child`, a revision published) by the test
factories; sessions through `programme.services.create_session`; invitations
through `participants.invitations.invite_many` (one bulk insert). The rest is
bulk-created, where the service works one row at a time; each bulk step says
which service's rows it makes and makes exactly those rows:

- accepted invitations: `invitations.accept` sets status and `responded_at`;
- accounts: `accounts.create_account` makes the user and a verified primary
  `EmailAddress` (the password here is unusable: nobody signs in by password);
- registrations: `registrations.register` for an event without approval makes a
  confirmed registration with a pass code and joins the participant group;
- bookings: `breakouts.book_breakout` with a free seat makes a confirmed booking
  without a waitlist position (each registration books two breakouts in
  different slots, never more than the capacity);
- check-ins: `checkin` records one row per registration and day.
"""

import datetime
import itertools
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

# (sessions, invitations, registrations, reports) per size, from issue 18.
SIZES = {
    "small": {"sessions": 20, "invitations": 50, "registrations": 40, "reports": 10},
    "medium": {
        "sessions": 200,
        "invitations": 2000,
        "registrations": 500,
        "reports": 100,
    },
    "large": {
        "sessions": 1000,
        "invitations": 20000,
        "registrations": 5000,
        "reports": 1000,
    },
}
DAYS = 5
SLOTS_PER_DAY = 10  # 08:00 to 18:00, 50-minute sessions on the hour
BREAKOUT_EVERY = 4  # every fourth session is a breakout
BREAKOUT_CAPACITY = 50
BATCH = 500


def build(*, counts):
    """Build the site and one event of `counts` (a value of SIZES); return what
    the measurements need: the pages, a participant and the organiser."""
    from django.db import transaction

    from tests.factories import (
        EventIndexPageFactory,
        EventPageFactory,
        HomePageFactory,
        ParticipantAreaPageFactory,
        ProgrammePageFactory,
        ReportIndexPageFactory,
        SpeakerIndexPageFactory,
    )

    timings = {}
    with transaction.atomic():
        home = HomePageFactory()
        events = EventIndexPageFactory(parent=home)
        start = datetime.date.today() + datetime.timedelta(days=60)
        event = EventPageFactory(
            parent=events,
            title="Scale roundtable",
            slug="scale-roundtable",
            start_date=start,
            end_date=start + datetime.timedelta(days=DAYS - 1),
            requires_approval=False,
        )
        ProgrammePageFactory(parent=event)
        SpeakerIndexPageFactory(parent=event)
        area = ParticipantAreaPageFactory(parent=event)
        reports = ReportIndexPageFactory(parent=home)
    with _timed(timings, "sessions"):
        sessions = build_sessions(event=event, count=counts["sessions"])
    with _timed(timings, "invitations"):
        invitations = build_invitations(event=event, count=counts["invitations"])
    with _timed(timings, "registrations"):
        registrations = build_registrations(
            event=event, invitations=invitations[: counts["registrations"]]
        )
    link = accepted_link(invitation=invitations[counts["registrations"]])
    with _timed(timings, "bookings and check-ins"):
        build_bookings(sessions=sessions, registrations=registrations)
        build_check_ins(event=event, registrations=registrations)
    with _timed(timings, "reports"):
        report = build_reports(parent=reports, event=event, count=counts["reports"])
    return {
        "event": event,
        "events": events,
        "area": area,
        "session": sessions[len(sessions) // 2],
        "report": report,
        "participant": registrations[0].user,
        "accepted_link": link,
        "organiser": _organiser(),
        "timings": timings,
    }


class _timed:
    """Seconds spent in the block, stored under `label`."""

    def __init__(self, timings, label):
        self.timings, self.label = timings, label

    def __enter__(self):
        import time

        self.started = time.monotonic()

    def __exit__(self, *exc):
        import time

        self.timings[self.label] = round(time.monotonic() - self.started, 1)


def build_sessions(*, event, count):
    """`count` published sessions through `create_session`: 5 days of 10 slots,
    as many rooms in parallel as needed; each has a chair (one per room) and a
    speaker (one per room and day), so that nobody is in two places at once."""
    from programme import services
    from programme.models import Person, Session

    rooms = -(-count // (DAYS * SLOTS_PER_DAY))
    chairs = Person.objects.bulk_create(
        Person(name=f"Chair {room}", position="Chair") for room in range(rooms)
    )
    speakers = Person.objects.bulk_create(
        Person(name=f"Speaker {room}-{day}", position="Fellow")
        for room in range(rooms)
        for day in range(DAYS)
    )
    role = services.SessionRole.Role
    sessions = []
    for number in range(count):
        slot, room = divmod(number, rooms)
        day, hour = divmod(slot, SLOTS_PER_DAY)
        date = event.start_date + datetime.timedelta(days=day)
        begins = datetime.datetime.combine(
            date, datetime.time(8 + hour), tzinfo=event.tzinfo
        )
        breakout = number % BREAKOUT_EVERY == 0
        sessions.append(
            services.create_session(
                event=event,
                title=f"Session {number}: protection in practice",
                slug=f"session-{number}",
                kind=Session.Kind.BREAKOUT if breakout else Session.Kind.PANEL,
                capacity=BREAKOUT_CAPACITY if breakout else None,
                start=begins,
                end=begins + datetime.timedelta(minutes=50),
                room=f"Room {room}",
                description="How agencies protect people after identification.",
                roles=[
                    (chairs[room], role.CHAIR),
                    (speakers[room * DAYS + day], role.SPEAKER),
                ],
            )
        )
    return sessions


def build_invitations(*, event, count):
    """`count` pending invitations in one `invite_many` (no email sent)."""
    return invite_many_people(event=event, count=count, prefix="person")


def invite_many_people(*, event, count, prefix):
    from participants import invitations

    return invitations.invite_many(
        event=event,
        people=[
            {
                "email": f"{prefix}{number}@example.org",
                "name": f"Person {number}",
                "organisation": f"Agency {number % 97}",
            }
            for number in range(count)
        ],
        send=False,
    )


def build_registrations(*, event, invitations):
    """Accept `invitations`, make their accounts and confirmed registrations (in
    bulk; the rows `accept`, `create_account` and `register` make)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from participants.models import Invitation, Registration

    User = get_user_model()
    now = timezone.now()
    days = [
        (event.start_date + datetime.timedelta(days=day)).isoformat()
        for day in range(DAYS)
    ]
    password = make_password(None)
    with transaction.atomic():
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            status=Invitation.Status.ACCEPTED, responded_at=now, updated_at=now
        )
        users = User.objects.bulk_create(
            (
                User(
                    email=invitation.email,
                    first_name="Person",
                    last_name=invitation.name.split()[-1],
                    password=password,
                )
                for invitation in invitations
            ),
            batch_size=BATCH,
        )
        EmailAddress.objects.bulk_create(
            (
                EmailAddress(user=user, email=user.email, primary=True, verified=True)
                for user in users
            ),
            batch_size=BATCH,
        )
        registrations = Registration.objects.bulk_create(
            (
                Registration(
                    event=event,
                    user=user,
                    invitation=invitation,
                    status=Registration.Status.CONFIRMED,
                    days=days,
                    position="Fellow",
                    listed_consent=number % 2 == 0,
                    privacy_agreed_at=now,
                )
                for number, (user, invitation) in enumerate(
                    zip(users, invitations, strict=True)
                )
            ),
            batch_size=BATCH,
        )
        Membership = User.groups.through
        Membership.objects.bulk_create(
            (
                Membership(user_id=user.pk, group_id=event.participant_group_id)
                for user in users
            ),
            batch_size=BATCH,
        )
    for registration, user in zip(registrations, users, strict=True):
        registration.user = user
    return registrations


def accepted_link(*, invitation):
    """The raw token of `invitation`, issued and accepted through the services
    (`tokens.issue_token`, `invitations.accept`): its link now leads on to
    making an account."""
    from participants import invitations, tokens

    raw = tokens.issue_token(invitation=invitation)
    invitations.accept(token=raw)
    return raw


def build_bookings(*, sessions, registrations):
    """Two confirmed bookings per registration, in breakouts half a programme
    apart (so never in the same slot), at most BREAKOUT_CAPACITY a breakout."""
    from participants.models import BreakoutBooking

    breakouts = [session for session in sessions if session.is_breakout]
    half = len(breakouts) // 2
    seats = BREAKOUT_CAPACITY * max(half, 1)
    rows = []
    for number, registration in enumerate(registrations[:seats]):
        first = number % max(half, 1)
        chosen = [breakouts[first]]
        if half:
            chosen.append(breakouts[first + half])
        rows += [
            BreakoutBooking(
                session=session,
                registration=registration,
                status=BreakoutBooking.Status.CONFIRMED,
            )
            for session in chosen
        ]
    BreakoutBooking.objects.bulk_create(rows, batch_size=BATCH)


def build_check_ins(*, event, registrations):
    """Half of the participants checked in on the first day."""
    from participants.models import CheckIn

    CheckIn.objects.bulk_create(
        (
            CheckIn(registration=registration, day=event.start_date)
            for registration in itertools.islice(registrations, 0, None, 2)
        ),
        batch_size=BATCH,
    )


def build_reports(*, parent, event, count):
    """`count` published reports under the publications index (add_child and a
    published revision each, by ReportPageFactory); returns the last one.

    The first is the event's report; the others are of no event here, as the
    reports of a site's other events would be (an event has a report or two,
    and its page lists them all)."""
    from tests.factories import ReportPageFactory

    report = None
    for number in range(count):
        report = ReportPageFactory(
            parent=parent,
            title=f"Report {number} on the protection of victims",
            slug=f"report-{number}",
            related_event=event if number == 0 else None,
        )
    return report


def build_other_events(*, parent, count, invitations, registrations):
    """`count` more events under `parent`, each with `invitations` invitations
    (one `invite_many`) and `registrations` of them registered as above: the
    other events a site holds over the years, so that one event's rows are a
    small share of each table (for the query plans test)."""
    from tests.factories import EventPageFactory

    start = datetime.date.today() + datetime.timedelta(days=90)
    for number in range(count):
        event = EventPageFactory(
            parent=parent,
            title=f"Other roundtable {number}",
            slug=f"other-roundtable-{number}",
            start_date=start,
            end_date=start + datetime.timedelta(days=DAYS - 1),
        )
        invited = invite_many_people(
            event=event, count=invitations, prefix=f"other{number}-"
        )
        build_registrations(event=event, invitations=invited[:registrations])


def _organiser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        email="organiser@example.org", password=None
    )
