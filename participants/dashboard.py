"""What an event's desk shows: who is coming, breakouts' fill, needs per day.

Read-only counts for the organisers' event desk (`participants.admin.desk`).
Each function reads in a fixed number of queries, whatever the event's size:
the desk's cost does not grow with its invitations or registrations.
"""

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower

from participants.models import BreakoutBooking, CheckIn, Invitation, Registration
from participants.registrations import event_days
from programme.models import Session
from programme.services import counted
from roundtable import clock

Status = Invitation.Status


@dataclasses.dataclass(frozen=True)
class Funnel:
    """How far the event's invitees have got, as counts.

    The stages narrow from left to right: every registration comes from an
    accepted invitation, and every invitee with an account who registered
    accepted first. `awaiting_answer` are pending invitations still valid;
    `expired` counts those marked expired and those past their date that the
    nightly job has not marked yet.
    """

    invited: int
    accepted: int
    with_account: int
    registered: int
    awaiting_approval: int
    confirmed: int
    awaiting_answer: int
    declined: int
    revoked: int
    expired: int
    cancelled: int
    rejected: int

    @property
    def stages(self):
        """[(key, label, count)] in the funnel's order, for the chart."""
        return [
            ("invited", "Invited", self.invited),
            ("accepted", "Accepted", self.accepted),
            ("account", "Created an account", self.with_account),
            ("registered", "Registered", self.registered),
            ("awaiting_approval", "Awaiting approval", self.awaiting_approval),
            ("confirmed", "Confirmed", self.confirmed),
        ]

    @property
    def exits(self):
        """[(key, label, count)] of the answers that leave the funnel."""
        return [
            ("awaiting_answer", "Not answered yet", self.awaiting_answer),
            ("declined", "Declined", self.declined),
            ("revoked", "Revoked", self.revoked),
            ("expired", "Expired", self.expired),
            ("cancelled", "Registration cancelled", self.cancelled),
            ("rejected", "Registration rejected", self.rejected),
        ]


def funnel(*, event, now=None):
    """The event's `Funnel`, in two queries."""
    invitations = _invitation_counts(event, now or clock.now())
    registrations = Registration.objects.filter(event=event).aggregate(
        **{
            status: Count("pk", filter=Q(status=status))
            for status in Registration.Status.values
        }
    )
    confirmed = registrations[Registration.Status.CONFIRMED]
    awaiting = registrations[Registration.Status.PENDING_APPROVAL]
    return Funnel(
        **invitations,
        registered=confirmed + awaiting,
        awaiting_approval=awaiting,
        confirmed=confirmed,
        cancelled=registrations[Registration.Status.CANCELLED],
        rejected=registrations[Registration.Status.REJECTED],
    )


def _invitation_counts(event, now):
    accounts = get_user_model().objects.annotate(address=Lower("email"))
    # Both sides lowered, as in `invitations.with_progress`: so SQLite finds each
    # account through user_email_lower_idx (a bare column on one side made it
    # scan every account for each invitation: 9 s at 20,000 invitations).
    account = accounts.filter(address=Lower(OuterRef("email")))
    pending = Q(status=Status.PENDING)
    return (
        Invitation.objects.filter(event=event)
        .annotate(has_account=Exists(account))
        .aggregate(
            invited=Count("pk"),
            accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
            with_account=Count(
                "pk", filter=Q(status=Status.ACCEPTED, has_account=True)
            ),
            awaiting_answer=Count("pk", filter=pending & Q(expires_at__gt=now)),
            declined=Count("pk", filter=Q(status=Status.DECLINED)),
            revoked=Count("pk", filter=Q(status=Status.REVOKED)),
            expired=Count(
                "pk",
                filter=Q(status=Status.EXPIRED) | pending & Q(expires_at__lte=now),
            ),
        )
    )


@dataclasses.dataclass(frozen=True)
class DayCheckIns:
    day: datetime.date
    expected: int
    checked_in: int


def check_ins_by_day(*, event):
    """[DayCheckIns] for each day of the event, in two queries.

    `expected` are the confirmed registrations attending that day; those
    checked in are counted whatever their registration's status is now.
    """
    arrived = dict(
        CheckIn.objects.filter(registration__event=event)
        .values_list("day")
        .annotate(total=Count("pk"))
        .order_by()
    )
    expected = dict.fromkeys(event_days(event), 0)
    for days in _confirmed(event).values_list("days", flat=True):
        for day in _dates(days):
            if day in expected:
                expected[day] += 1
    return [
        DayCheckIns(day=day, expected=total, checked_in=arrived.get(day, 0))
        for day, total in expected.items()
    ]


def breakout_fill(*, event):
    """The event's breakouts with `confirmed_count` and `waitlist_count`: one query.

    Drafts are included (organisers fill seats before publishing a change);
    cancelled breakouts and autosaves nobody saved are not.
    """
    booked = BreakoutBooking.Status
    return list(
        counted(Session.objects.filter(event=event, kind=Session.Kind.BREAKOUT))
        .exclude(status=Session.Status.CANCELLED)
        .annotate(
            confirmed_count=Count(
                "bookings", filter=Q(bookings__status=booked.CONFIRMED)
            ),
            waitlist_count=Count(
                "bookings", filter=Q(bookings__status=booked.WAITLISTED)
            ),
        )
        .order_by("start", "room", "title")
    )


@dataclasses.dataclass(frozen=True)
class Need:
    """One need as people wrote it, and who wrote it (by name)."""

    text: str
    names: tuple


@dataclasses.dataclass(frozen=True)
class DayNeeds:
    day: datetime.date
    attending: int
    dietary: tuple
    access: tuple


def needs_by_day(*, event):
    """[DayNeeds]: for each day, the confirmed people attending and their needs.

    Needs are free text; the same words, ignoring case and spacing, are
    counted together (shown as first written, with a capital), the most
    frequent first. One query.
    """
    days = {
        day: {"attending": 0, "dietary": {}, "access": {}} for day in event_days(event)
    }
    for person in needs_rows(event=event):
        for day in person["days"]:
            if day not in days:
                continue
            summary = days[day]
            summary["attending"] += 1
            for kind in ("dietary", "access"):
                if person[kind]:
                    _add(summary[kind], person[kind], person["name"])
    return [
        DayNeeds(
            day=day,
            attending=summary["attending"],
            dietary=_ranked(summary["dietary"]),
            access=_ranked(summary["access"]),
        )
        for day, summary in days.items()
    ]


def needs_rows(*, event):
    """Each confirmed person: name, organisation, days (dates) and needs; one query.

    Ordered by name; what the catering export writes, a row per person and day.
    """
    rows = (
        _confirmed(event)
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list(
            "user__first_name",
            "user__last_name",
            "invitation__name",
            "invitation__organisation",
            "days",
            "dietary",
            "access_needs",
        )
    )
    return [
        {
            "name": f"{first} {last}".strip() or invited_as,
            "organisation": organisation,
            "days": _dates(days),
            "dietary": " ".join(dietary.split()),
            "access": " ".join(access.split()),
        }
        for first, last, invited_as, organisation, days, dietary, access in rows
    ]


def _confirmed(event):
    return Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    )


def _dates(values):
    dates = []
    for value in values or ():
        try:
            dates.append(datetime.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return dates


def _add(groups, text, name):
    key = text.casefold()
    if key not in groups:
        groups[key] = (text[:1].upper() + text[1:], [])
    groups[key][1].append(name)


def _ranked(groups):
    needs = [Need(text=text, names=tuple(names)) for text, names in groups.values()]
    return tuple(
        sorted(needs, key=lambda need: (-len(need.names), need.text.casefold()))
    )


def event_counts(*, events):
    """{event pk: {invited, accepted, declined, awaiting_approval, confirmed}}.

    For the admin's home page, several events at once: two queries.
    """
    counts = {
        event.pk: dict.fromkeys(
            ["invited", "accepted", "declined", "awaiting_approval", "confirmed"], 0
        )
        for event in events
    }
    invitations = (
        Invitation.objects.filter(event__in=events)
        .values("event_id")
        .annotate(
            invited=Count("pk"),
            accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
            declined=Count("pk", filter=Q(status=Status.DECLINED)),
        )
        .order_by()
    )
    registrations = (
        Registration.objects.filter(event__in=events)
        .values("event_id")
        .annotate(
            awaiting_approval=Count(
                "pk", filter=Q(status=Registration.Status.PENDING_APPROVAL)
            ),
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        )
        .order_by()
    )
    for row in [*invitations, *registrations]:
        counts[row.pop("event_id")].update(row)
    return counts
