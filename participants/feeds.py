"""The person's agenda and their personal calendar feed address."""

import re
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participants.models import BreakoutBooking, CalendarFeed, Registration
from programme.models import Session
from programme.services import public_sessions


def new_feed_token():
    """256 bits from `secrets`, URL-safe."""
    return secrets.token_urlsafe(32)


def find_own_feed(*, user):
    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def calendar_feed(*, user):
    """The person's calendar feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": new_feed_token()}
    )
    return feed


@transaction.atomic
def rotate_feed(*, user):
    """A new address for the person's feed; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=new_feed_token())
    feed.token = new_feed_token()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    return feed


FEED_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def find_feed(*, token):
    """The calendar feed whose token this is, or None; nothing else is looked up."""
    if not FEED_TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


def agenda_basis(*, user):
    """What a person's agenda depends on besides the published programme.

    (their confirmed registrations with events, the sorted ids of the
    breakouts they hold a seat in): two queries.
    """
    registrations = list(
        Registration.objects.filter(
            user=user, status=Registration.Status.CONFIRMED
        ).select_related("event")
    )
    own = sorted(
        set(
            BreakoutBooking.objects.filter(
                registration__user=user, status=BreakoutBooking.Status.CONFIRMED
            )
            .order_by()
            .values_list("session_id", flat=True)
        )
    )
    return registrations, own


def agenda(*, user, basis=None):
    """[(event, sessions)] for each event where the person is confirmed.

    Sessions are the published ones that are not breakouts, plus the breakouts
    the person holds a confirmed seat in. `basis` is `agenda_basis(user=...)`
    if the caller has read it already.
    """
    registrations, own = basis or agenda_basis(user=user)
    result = []
    for registration in registrations:
        event = registration.event
        # Chosen by the database: an event of a thousand sessions is mostly
        # breakouts, of which a person holds a few.
        sessions = list(
            public_sessions(event=event).filter(
                ~Q(kind=Session.Kind.BREAKOUT) | Q(pk__in=own)
            )
        )
        for session in sessions:
            session.event = event
        result.append((event, sessions))
    return result
