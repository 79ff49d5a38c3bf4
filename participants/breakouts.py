"""Breakout bookings: seats, waitlists and promotion when a seat frees up.

A person holding a seat may queue for one other breakout of the same slot: when
a place comes up there, the promotion swaps them over in one transaction (the
old seat goes to its own waitlist, which may swap again).

Booking locks the registration's row, then the session's row. Whatever can
promote (cancelling, a capacity change) locks all the event's sessions in pk
order, since a swap moves people between breakouts, and never a registration:
no two writers wait on each other in a cycle. On SQLite the IMMEDIATE
transaction serialises writers anyway.
"""

from functools import partial

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
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


def _lock_event_sessions(session):
    """Lock every session of `session`'s event, in pk order; return `session`'s."""
    locked = Session.objects.select_for_update().filter(event_id=session.event_id)
    return {row.pk: row for row in locked.order_by("pk")}[session.pk]


@transaction.atomic
def book_breakout(*, registration, session):
    """Book `session` for `registration`: a seat if one is free, else the waitlist.

    Refuses non-breakouts, cancelled or unpublished sessions, registrations that
    are not confirmed, and a second breakout in an overlapping time slot, with
    one exception: someone with a seat in the slot may queue for one full
    breakout of it while keeping that seat (at most one waitlist place per slot;
    a free seat must be booked by giving up the old one first). Returns the
    booking, its `kept_seat` the seat kept meanwhile, or None. Refused once the
    event has ended.
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
    clashes = list(
        _in_the_slot(session, registration=registration).select_related("session")
    )
    seats = [c for c in clashes if c.status == BreakoutBooking.Status.CONFIRMED]
    waiting = [c for c in clashes if c.status == BreakoutBooking.Status.WAITLISTED]
    has_room = _has_room(session)
    if seats and waiting:
        raise BookingError(
            f"You are already on the waitlist for “{waiting[0].session.title}” at "
            f"this time, keeping your seat in “{seats[0].session.title}”: one "
            "waitlist at a time. Leave that waitlist first to queue for another."
        )
    if waiting or (seats and has_room):
        clash = (waiting or seats)[0]
        raise BookingError(
            f"You already have “{clash.session.title}” at this time; cancel it "
            "first to choose another breakout."
        )
    if booking is None:
        booking = BreakoutBooking(session=session, registration=registration)
    if has_room:
        booking.status, booking.position = BreakoutBooking.Status.CONFIRMED, None
    else:
        booking.status = BreakoutBooking.Status.WAITLISTED
        booking.position = _next_position(session)
    booking.save()
    booking.kept_seat = seats[0] if seats else None
    return booking


def _in_the_slot(session, *, registration):
    """The registration's active bookings of other sessions overlapping `session`."""
    return BreakoutBooking.objects.filter(
        active_bookings(),
        registration=registration,
        session__start__lt=session.end,
        session__end__gt=session.start,
    ).exclude(session=session)


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

    A promoted person with a seat in another breakout of the slot gives it up
    in the same transaction, and that seat goes to its own waitlist. The caller
    holds the locks of the event's sessions. Each promoted person is emailed
    after the commit. Returns the promoted bookings, swaps' included: none once
    the event has ended.
    """
    if session.event.has_ended:
        return []
    promoted = []
    waitlist = BreakoutBooking.objects.filter(
        session=session, status=BreakoutBooking.Status.WAITLISTED
    ).order_by("position", "pk")
    # Counted again each time round: a swap further on can free a seat here.
    while _has_room(session) and (booking := waitlist.first()) is not None:
        place = booking.position
        booking.status, booking.position = BreakoutBooking.Status.CONFIRMED, None
        booking.save(update_fields=["status", "position", "updated_at"])
        _move_up_behind(session.pk, place)
        promoted.append(booking)
        given_up = None
        for seat in _in_the_slot(session, registration=booking.registration_id).filter(
            status=BreakoutBooking.Status.CONFIRMED
        ):
            given_up = seat
            promoted.extend(_give_up(seat))
        _queue_promotion_email(booking, given_up)
    return promoted


def _move_up_behind(session_id, place):
    """Everyone waiting behind a place that was left moves up one, so that a
    position is always the person's place in the queue ("number 2" means one
    person ahead). The caller holds the session's lock."""
    if place is None:
        return
    BreakoutBooking.objects.filter(
        session_id=session_id,
        status=BreakoutBooking.Status.WAITLISTED,
        position__gt=place,
    ).update(position=F("position") - 1, updated_at=timezone.now())


def _queue_promotion_email(booking, given_up=None):
    transaction.on_commit(
        partial(
            send_promotion_email.enqueue,
            booking.pk,
            given_up.pk if given_up is not None else None,
        )
    )


def _give_up(booking):
    """Cancel an active booking; a freed seat goes to the first waiting.

    The caller holds the locks of the event's sessions. Returns the promoted.
    """
    was_confirmed = booking.status == BreakoutBooking.Status.CONFIRMED
    place = booking.position
    booking.status, booking.position = BreakoutBooking.Status.CANCELLED, None
    booking.save(update_fields=["status", "position", "updated_at"])
    if not was_confirmed:
        _move_up_behind(booking.session_id, place)
    session = Session.objects.get(pk=booking.session_id)
    if was_confirmed and not session.is_cancelled:
        return _promote(session)
    return []


@transaction.atomic
def cancel_booking(*, booking):
    """Give up a seat or a waitlist place; a freed seat goes to the first waiting.

    Leaving a waitlist while holding a seat in the slot keeps that seat.
    Returns the booking, its `promoted` the bookings confirmed in its place
    (and by any swap that followed). Refused once the event has ended.
    """
    ended.refuse_booking_if_ended(booking.session.event, ended.CANCEL_BOOKING)
    _lock_event_sessions(booking.session)
    booking = BreakoutBooking.objects.get(pk=booking.pk)
    if booking.status == BreakoutBooking.Status.CANCELLED:
        raise BookingError("This booking is already cancelled.")
    booking.promoted = _give_up(booking)
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
    session = _lock_event_sessions(session)
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
    session = _lock_event_sessions(session)
    if session.is_cancelled or not session.is_breakout:
        return []
    return _promote(session)


def overview(*, registrations):
    """For /my/: each registration's breakout slots and agenda, in one query.

    `registrations` are one person's. Returns {registration pk: {"slots":
    [(start, [session, ...])], "agenda": [session, ...]}}. Breakouts carry
    `confirmed_count`, `waitlist_count`, `is_full`, `my_booking` (the
    person's active booking or None) and `seat_kept` (the person's seat in
    another breakout overlapping it, kept while they queue here, or None); the
    agenda is every published session that is not a breakout, plus the
    breakouts the person has a seat in.
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
        seats = [s for s in entry["agenda"] if s.is_breakout]
        for sessions in entry["slots"].values():
            for session in sessions:
                session.seat_kept = next(
                    (
                        seat
                        for seat in seats
                        if seat.pk != session.pk
                        and seat.start < session.end
                        and seat.end > session.start
                    ),
                    None,
                )
        entry["slots"] = list(entry["slots"].items())
    return result


def breakout_slots(*, registration):
    """The event's published breakouts grouped by start; see `overview`."""
    return overview(registrations=[registration])[registration.pk]["slots"]
