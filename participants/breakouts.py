"""Breakout bookings: seats, waitlists and promotion when a seat frees up.

Bookings lock the registration's row, then the session's row, always in that
order; on SQLite the IMMEDIATE transaction serialises writers anyway.
"""

from functools import partial

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from participants import ended
from participants.errors import BookingError
from participants.models import BreakoutBooking, Registration
from participants.tasks import send_promotion_email
from programme.models import Session
from roundtable import pagecache


def active_bookings():
    return Q(
        status__in=[BreakoutBooking.Status.CONFIRMED, BreakoutBooking.Status.WAITLISTED]
    )


def _lock_session(session):
    return Session.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def book_breakout(*, registration, session):
    """Book `session` for `registration`: a seat if one is free, else the waitlist.

    Refuses non-breakouts, cancelled or unpublished sessions, registrations that
    are not confirmed, and a second breakout in an overlapping time slot.
    Returns the booking. Refused once the event has ended.
    """
    ended.refuse_booking_if_ended(registration.event, ended.BOOK)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    session = _lock_session(session)
    if registration.status != Registration.Status.CONFIRMED:
        raise BookingError("Only confirmed participants can book breakouts.")
    if session.event_id != registration.event_id:
        raise BookingError("This session belongs to another event.")
    if not session.is_breakout:
        raise BookingError("Only breakout sessions are booked.")
    if not session.live or session.is_cancelled:
        raise BookingError("This breakout is not open for booking.")
    booking = BreakoutBooking.objects.filter(
        session=session, registration=registration
    ).first()
    if booking is not None and booking.status != BreakoutBooking.Status.CANCELLED:
        raise BookingError(
            f"You are already {booking.get_status_display().lower()} for this breakout."
        )
    clash = (
        BreakoutBooking.objects.filter(
            active_bookings(),
            registration=registration,
            session__start__lt=session.end,
            session__end__gt=session.start,
        )
        .exclude(session=session)
        .select_related("session")
        .first()
    )
    if clash is not None:
        raise BookingError(
            f"You already have “{clash.session.title}” at this time; cancel it "
            "first to choose another breakout."
        )
    if booking is None:
        booking = BreakoutBooking(session=session, registration=registration)
    if _has_room(session):
        booking.status, booking.position = BreakoutBooking.Status.CONFIRMED, None
    else:
        booking.status = BreakoutBooking.Status.WAITLISTED
        booking.position = _next_position(session)
    booking.save()
    return booking


def _confirmed_count(session):
    return BreakoutBooking.objects.filter(
        session=session, status=BreakoutBooking.Status.CONFIRMED
    ).count()


def _has_room(session):
    return session.capacity is None or _confirmed_count(session) < session.capacity


def _next_position(session):
    highest = BreakoutBooking.objects.filter(
        session=session, status=BreakoutBooking.Status.WAITLISTED
    ).aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + 1


def _promote(session):
    """Confirm waitlisted bookings, first come first served, while seats are free.

    The caller holds the session's lock. Each promoted person is emailed after
    the commit. Returns the promoted bookings: none once the event has ended.
    """
    if session.event.has_ended:
        return []
    promoted = []
    waitlist = BreakoutBooking.objects.filter(
        session=session, status=BreakoutBooking.Status.WAITLISTED
    ).order_by("position", "pk")
    free = (
        None
        if session.capacity is None
        else max(session.capacity - _confirmed_count(session), 0)
    )
    for booking in waitlist if free is None else waitlist[:free]:
        booking.status, booking.position = BreakoutBooking.Status.CONFIRMED, None
        booking.save(update_fields=["status", "position", "updated_at"])
        _queue_promotion_email(booking)
        promoted.append(booking)
    return promoted


def _queue_promotion_email(booking):
    transaction.on_commit(partial(send_promotion_email.enqueue, booking.pk))


@transaction.atomic
def cancel_booking(*, booking):
    """Give up a seat or a waitlist place; a freed seat goes to the first waiting.

    Refused once the event has ended.
    """
    ended.refuse_booking_if_ended(booking.session.event, ended.CANCEL_BOOKING)
    session = _lock_session(booking.session)
    booking = BreakoutBooking.objects.get(pk=booking.pk)
    if booking.status == BreakoutBooking.Status.CANCELLED:
        raise BookingError("This booking is already cancelled.")
    was_confirmed = booking.status == BreakoutBooking.Status.CONFIRMED
    booking.status, booking.position = BreakoutBooking.Status.CANCELLED, None
    booking.save(update_fields=["status", "position", "updated_at"])
    if was_confirmed and not session.is_cancelled:
        _promote(session)
    return booking


@transaction.atomic
def release_bookings(*, registration):
    """Cancel all of a registration's active bookings, promoting from waitlists.

    After the event has ended the seats are given up and nobody is promoted.
    """
    if registration.event.has_ended:
        BreakoutBooking.objects.filter(
            active_bookings(), registration=registration
        ).update(
            status=BreakoutBooking.Status.CANCELLED,
            position=None,
            updated_at=timezone.now(),
        )
        return
    for booking in BreakoutBooking.objects.filter(
        active_bookings(), registration=registration
    ):
        cancel_booking(booking=booking)


@transaction.atomic
def set_capacity(*, session, capacity, user=None):
    """An organiser changes a breakout's capacity; a raise promotes from the waitlist.

    Seats already given are never taken back: lowering below the confirmed count
    only stops new confirmations. The change goes through Wagtail's revisions, as
    `user`: published at once, or, when a draft is waiting, saved into a new
    revision of that draft with the live row's capacity updated beside it (the
    draft stays unpublished). Stored revisions are never rewritten. Returns the
    promoted bookings.
    """
    if capacity is not None and capacity < 0:
        raise BookingError("The capacity cannot be negative.")
    session = _lock_session(session)
    waiting = set(
        BreakoutBooking.objects.filter(
            session=session, status=BreakoutBooking.Status.WAITLISTED
        ).values_list("pk", flat=True)
    )
    if session.has_unpublished_changes and session.latest_revision is not None:
        draft = session.latest_revision.as_object()
        draft.capacity = capacity
        draft.save_revision(user=user, clean=False)
        Session.objects.filter(pk=session.pk).update(capacity=capacity)
        session.capacity = capacity
    else:
        session.capacity = capacity
        session.save_revision(user=user, clean=False).publish(user=user)
    # The public programme and session pages show the places.
    pagecache.purge(reason="breakout capacity changed")
    _promote(session)
    return list(
        BreakoutBooking.objects.filter(
            pk__in=waiting, status=BreakoutBooking.Status.CONFIRMED
        ).order_by("pk")
    )


@transaction.atomic
def promote_waitlist(*, session):
    """Fill free seats from the waitlist (after an organiser publishes a change)."""
    session = _lock_session(session)
    if session.is_cancelled or not session.is_breakout:
        return []
    return _promote(session)


def overview(*, registrations):
    """For /my/: each registration's breakout slots and agenda, in one query.

    `registrations` are one person's. Returns {registration pk: {"slots":
    [(start, [session, ...])], "agenda": [session, ...]}}. Breakouts carry
    `confirmed_count`, `waitlist_count`, `is_full` and `my_booking` (the
    person's active booking or None); the agenda is every published session
    that is not a breakout, plus the breakouts the person has a seat in.
    """
    by_event = {registration.event_id: registration for registration in registrations}
    if not by_event:
        return {}
    own = BreakoutBooking.objects.filter(
        active_bookings(),
        session=OuterRef("pk"),
        registration__in=[registration.pk for registration in registrations],
    )
    sessions = (
        Session.objects.filter(event_id__in=list(by_event), live=True)
        .annotate(
            confirmed_count=Count(
                "bookings", filter=Q(bookings__status=BreakoutBooking.Status.CONFIRMED)
            ),
            waitlist_count=Count(
                "bookings",
                filter=Q(bookings__status=BreakoutBooking.Status.WAITLISTED),
            ),
            my_booking_id=Subquery(own.values("pk")[:1]),
            my_booking_status=Subquery(own.values("status")[:1]),
            my_booking_position=Subquery(own.values("position")[:1]),
        )
        .order_by("start", "room", "title")
    )
    result = {r.pk: {"slots": {}, "agenda": []} for r in by_event.values()}
    for session in sessions:
        registration = by_event[session.event_id]
        entry = result[registration.pk]
        if not session.is_breakout:
            entry["agenda"].append(session)
            continue
        session.my_booking = None
        if session.my_booking_id is not None:
            session.my_booking = BreakoutBooking(
                pk=session.my_booking_id,
                session=session,
                registration=registration,
                status=session.my_booking_status,
                position=session.my_booking_position,
            )
        session.is_full = (
            session.capacity is not None and session.confirmed_count >= session.capacity
        )
        entry["slots"].setdefault(session.start, []).append(session)
        if session.my_booking_status == BreakoutBooking.Status.CONFIRMED:
            entry["agenda"].append(session)
    for entry in result.values():
        entry["slots"] = list(entry["slots"].items())
    return result


def breakout_slots(*, registration):
    """The event's published breakouts grouped by start; see `overview`."""
    return overview(registrations=[registration])[registration.pk]["slots"]
