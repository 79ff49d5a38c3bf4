"""Breakout booking: seats, waitlists, promotion and refusals."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError

from participants import breakouts, errors
from participants.models import BreakoutBooking
from programme.models import Session
from tests.factories import SessionFactory, breakout, confirmed_registration

CONFIRMED = BreakoutBooking.Status.CONFIRMED
WAITLISTED = BreakoutBooking.Status.WAITLISTED
CANCELLED = BreakoutBooking.Status.CANCELLED


def people(event, count):
    return [confirmed_registration(event=event) for _ in range(count)]


def statuses(session):
    return list(
        BreakoutBooking.objects.filter(session=session)
        .order_by("pk")
        .values_list("status", "position")
    )


def test_booking_confirms_until_full_then_waitlists_in_order(event_page):
    session = breakout(event=event_page, capacity=2)

    for registration in people(event_page, 4):
        breakouts.book_breakout(registration=registration, session=session)

    assert statuses(session) == [
        (CONFIRMED, None),
        (CONFIRMED, None),
        (WAITLISTED, 1),
        (WAITLISTED, 2),
    ]


def test_booking_without_capacity_always_confirms(event_page):
    session = breakout(event=event_page, capacity=None)

    for registration in people(event_page, 3):
        breakouts.book_breakout(registration=registration, session=session)

    assert [status for status, _ in statuses(session)] == [CONFIRMED] * 3


def test_booking_twice_is_refused(event_page, registration):
    session = breakout(event=event_page)
    breakouts.book_breakout(registration=registration, session=session)

    with pytest.raises(errors.BookingError, match="already confirmed"):
        breakouts.book_breakout(registration=registration, session=session)
    assert BreakoutBooking.objects.count() == 1


def test_booking_a_parallel_breakout_is_refused(event_page, registration):
    first = breakout(event=event_page, title="Labour migration", hour=14)
    parallel = breakout(
        event=event_page, hour=14, start=first.start + datetime.timedelta(minutes=30)
    )
    breakouts.book_breakout(registration=registration, session=first)

    with pytest.raises(
        errors.BookingError, match="You already have “Labour migration” at this time"
    ):
        breakouts.book_breakout(registration=registration, session=parallel)
    assert BreakoutBooking.objects.filter(session=parallel).count() == 0


def test_booking_a_later_breakout_is_allowed(event_page, registration):
    first = breakout(event=event_page, hour=11)
    later = breakout(event=event_page, hour=14)
    breakouts.book_breakout(registration=registration, session=first)

    booking = breakouts.book_breakout(registration=registration, session=later)

    assert booking.status == CONFIRMED


def test_waitlist_place_also_blocks_a_parallel_breakout(event_page, registration):
    full = breakout(event=event_page, capacity=0, hour=14)
    parallel = breakout(event=event_page, hour=14)
    assert (
        breakouts.book_breakout(registration=registration, session=full).status
        == WAITLISTED
    )

    with pytest.raises(errors.BookingError):
        breakouts.book_breakout(registration=registration, session=parallel)


def test_after_cancelling_a_parallel_breakout_can_be_booked(event_page, registration):
    first = breakout(event=event_page, hour=14)
    parallel = breakout(event=event_page, hour=14)
    booking = breakouts.book_breakout(registration=registration, session=first)
    breakouts.cancel_booking(booking=booking)

    assert (
        breakouts.book_breakout(registration=registration, session=parallel).status
        == CONFIRMED
    )


def test_rebooking_after_cancelling_reuses_the_row(event_page, registration):
    session = breakout(event=event_page)
    booking = breakouts.book_breakout(registration=registration, session=session)
    breakouts.cancel_booking(booking=booking)

    again = breakouts.book_breakout(registration=registration, session=session)

    assert again.pk == booking.pk
    assert again.status == CONFIRMED


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": Session.Kind.PLENARY}, "Only breakout sessions are booked."),
        ({"status": Session.Status.CANCELLED}, "not open for booking"),
        ({"publish": False}, "not open for booking"),
    ],
)
def test_booking_refuses_sessions_that_are_not_open_breakouts(
    event_page, registration, fields, message
):
    kind = fields.pop("kind", Session.Kind.BREAKOUT)
    capacity = 5 if kind == Session.Kind.BREAKOUT else None
    session = SessionFactory(event=event_page, kind=kind, capacity=capacity, **fields)

    with pytest.raises(errors.BookingError, match=message):
        breakouts.book_breakout(registration=registration, session=session)
    assert BreakoutBooking.objects.count() == 0


@pytest.mark.parametrize("status", ["pending_approval", "cancelled", "rejected"])
def test_booking_refuses_registrations_that_are_not_confirmed(event_page, status):
    registration = confirmed_registration(event=event_page, status=status)
    session = breakout(event=event_page)

    with pytest.raises(errors.BookingError, match="Only confirmed participants"):
        breakouts.book_breakout(registration=registration, session=session)


def test_booking_refuses_another_events_breakout(event_page, other_event, registration):
    session = breakout(event=other_event)

    with pytest.raises(errors.BookingError, match="another event"):
        breakouts.book_breakout(registration=registration, session=session)


def test_database_refuses_a_second_row_for_the_same_session_and_registration(
    event_page, registration
):
    session = breakout(event=event_page)
    BreakoutBooking.objects.create(
        session=session, registration=registration, status=CONFIRMED
    )

    with pytest.raises(IntegrityError):
        BreakoutBooking.objects.create(
            session=session, registration=registration, status=WAITLISTED
        )


def test_cancelling_a_seat_promotes_the_first_waitlisted_and_emails_them(
    event_page, django_capture_on_commit_callbacks
):
    session = breakout(event=event_page, capacity=1, title="Labour migration")
    first, second, third = people(event_page, 3)
    seat = breakouts.book_breakout(registration=first, session=session)
    waiting = breakouts.book_breakout(registration=second, session=session)
    breakouts.book_breakout(registration=third, session=session)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        breakouts.cancel_booking(booking=seat)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.position) == (CONFIRMED, None)
    # The one still waiting moves up: number 1 in the queue now.
    assert statuses(session) == [(CANCELLED, None), (CONFIRMED, None), (WAITLISTED, 1)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [second.user.email]
    assert mail.outbox[0].subject == "You have a seat: Labour migration"
    assert "the seat is now yours" in mail.outbox[0].body


def test_leaving_the_waitlist_promotes_nobody(
    event_page, django_capture_on_commit_callbacks
):
    session = breakout(event=event_page, capacity=1)
    first, second, third = people(event_page, 3)
    breakouts.book_breakout(registration=first, session=session)
    waiting = breakouts.book_breakout(registration=second, session=session)
    breakouts.book_breakout(registration=third, session=session)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        breakouts.cancel_booking(booking=waiting)

    # Nobody promoted; the one behind moves up to number 1.
    assert statuses(session) == [(CONFIRMED, None), (CANCELLED, None), (WAITLISTED, 1)]
    assert mail.outbox == []


def test_cancelling_twice_is_refused(event_page, registration):
    booking = breakouts.book_breakout(
        registration=registration, session=breakout(event=event_page)
    )
    breakouts.cancel_booking(booking=booking)

    with pytest.raises(errors.BookingError, match="already cancelled"):
        breakouts.cancel_booking(booking=booking)


def test_raising_capacity_promotes_as_many_as_fit(
    event_page, django_capture_on_commit_callbacks
):
    session = breakout(event=event_page, capacity=1)
    for registration in people(event_page, 5):
        breakouts.book_breakout(registration=registration, session=session)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = breakouts.set_capacity(session=session, capacity=3)

    assert len(promoted) == 2
    assert statuses(session) == [
        (CONFIRMED, None),
        (CONFIRMED, None),
        (CONFIRMED, None),
        (WAITLISTED, 1),
        (WAITLISTED, 2),
    ]
    assert len(mail.outbox) == 2
    session.refresh_from_db()
    assert session.capacity == 3
    assert session.latest_revision.content["capacity"] == 3


def test_lowering_capacity_takes_no_seat_back(event_page):
    session = breakout(event=event_page, capacity=3)
    for registration in people(event_page, 3):
        breakouts.book_breakout(registration=registration, session=session)

    assert breakouts.set_capacity(session=session, capacity=1) == []

    assert [status for status, _ in statuses(session)] == [CONFIRMED] * 3


def test_removing_the_limit_promotes_everyone(event_page):
    session = breakout(event=event_page, capacity=1)
    for registration in people(event_page, 3):
        breakouts.book_breakout(registration=registration, session=session)

    breakouts.set_capacity(session=session, capacity=None)

    assert [status for status, _ in statuses(session)] == [CONFIRMED] * 3


def test_publishing_a_larger_capacity_promotes_from_the_waitlist(event_page):
    session = breakout(event=event_page, capacity=1)
    for registration in people(event_page, 3):
        breakouts.book_breakout(registration=registration, session=session)

    session.capacity = 2
    session.save_revision().publish()

    assert [status for status, _ in statuses(session)] == [
        CONFIRMED,
        CONFIRMED,
        WAITLISTED,
    ]


def test_breakout_slots_group_parallel_sessions_with_counts_and_own_booking(
    event_page, registration
):
    first = breakout(event=event_page, hour=14, capacity=1, title="A")
    second = breakout(event=event_page, hour=14, capacity=5, title="B")
    later = breakout(event=event_page, hour=16, title="C")
    other = confirmed_registration(event=event_page)
    breakouts.book_breakout(registration=other, session=first)
    mine = breakouts.book_breakout(registration=registration, session=second)

    slots = breakouts.breakout_slots(registration=registration)

    assert [[s.pk for s in sessions] for _, sessions in slots] == [
        [first.pk, second.pk],
        [later.pk],
    ]
    a, b = slots[0][1]
    assert (a.confirmed_count, a.is_full, a.my_booking) == (1, True, None)
    assert (b.confirmed_count, b.is_full, b.my_booking.pk) == (1, False, mine.pk)


@pytest.mark.parametrize("service", ["cancel", "reject"])
def test_cancelled_or_rejected_registration_frees_its_seat(event_page, service):
    from participants import registrations
    from roundtable.models import EventPage

    # A registration can be cancelled until the event starts.
    next_year = datetime.date.today().year + 1
    EventPage.objects.filter(pk=event_page.pk).update(
        start_date=datetime.date(next_year, 6, 1),
        end_date=datetime.date(next_year, 6, 2),
    )
    event_page.refresh_from_db()
    session = breakout(event=event_page, capacity=1)
    leaving, waiting = people(event_page, 2)
    breakouts.book_breakout(registration=leaving, session=session)
    breakouts.book_breakout(registration=waiting, session=session)

    getattr(registrations, service)(registration=leaving)

    assert statuses(session) == [(CANCELLED, None), (CONFIRMED, None)]


# Waiting for another breakout of the slot while keeping one's seat.


@pytest.fixture
def seated_and_queued(event_page, registration):
    """`registration` has a seat in Ethics and queues for the full Migration.

    Ethics has one seat and Dana waiting for it; Migration's one seat is
    Carl's. Returns (ethics, migration, seat, queued, carl, dana).
    """
    ethics = breakout(event=event_page, capacity=1, title="Ethics", hour=14)
    migration = breakout(event=event_page, capacity=1, title="Migration", hour=14)
    carl, dana = people(event_page, 2)
    seat = breakouts.book_breakout(registration=registration, session=ethics)
    breakouts.book_breakout(registration=dana, session=ethics)
    carls = breakouts.book_breakout(registration=carl, session=migration)
    queued = breakouts.book_breakout(registration=registration, session=migration)
    return ethics, migration, seat, queued, carls, dana


def test_a_seated_person_queues_for_a_full_breakout_of_the_slot(seated_and_queued):
    ethics, migration, seat, queued, _, _ = seated_and_queued

    assert (queued.status, queued.position) == (WAITLISTED, 1)
    assert queued.kept_seat.pk == seat.pk
    seat.refresh_from_db()
    assert seat.status == CONFIRMED


def test_a_seated_person_may_not_take_a_free_seat_of_the_slot(event_page, registration):
    breakouts.book_breakout(
        registration=registration,
        session=breakout(event=event_page, title="Ethics", hour=14),
    )
    free = breakout(event=event_page, capacity=5, hour=14)

    with pytest.raises(errors.BookingError, match="You already have “Ethics”"):
        breakouts.book_breakout(registration=registration, session=free)


def test_a_seated_person_waits_for_one_breakout_of_the_slot_at_a_time(
    event_page, registration, seated_and_queued
):
    third = breakout(event=event_page, capacity=0, title="Trade", hour=14)

    with pytest.raises(
        errors.BookingError,
        match="already on the waitlist for “Migration” at this time, keeping your "
        "seat in “Ethics”: one waitlist at a time",
    ):
        breakouts.book_breakout(registration=registration, session=third)
    assert BreakoutBooking.objects.filter(session=third).count() == 0


def test_promotion_swaps_seats_and_the_old_seat_goes_to_its_waitlist(
    registration, seated_and_queued, django_capture_on_commit_callbacks
):
    ethics, migration, seat, queued, carls, dana = seated_and_queued
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = breakouts.cancel_booking(booking=carls)

    # Carl's seat is the queued person's; their Ethics seat is Dana's.
    assert statuses(migration) == [(CANCELLED, None), (CONFIRMED, None)]
    assert statuses(ethics) == [(CANCELLED, None), (CONFIRMED, None)]
    assert [(b.registration_id, b.session_id) for b in cancelled.promoted] == [
        (registration.pk, migration.pk),
        (dana.pk, ethics.pk),
    ]
    emails = {m.to[0]: m for m in mail.outbox}
    assert sorted(emails) == sorted([registration.user.email, dana.user.email])
    swapped = emails[registration.user.email]
    assert swapped.subject == "You have a seat: Migration"
    assert "you have given up your seat in “Ethics” (" in swapped.body
    assert "Singapore time, UTC+08:00" in swapped.body
    assert "given up your seat in <strong>Ethics</strong>" in (
        swapped.alternatives[0].content
    )
    assert "given up" not in emails[dana.user.email].body


def test_raising_the_capacity_swaps_too(event_page, registration, seated_and_queued):
    ethics, migration, _, _, _, dana = seated_and_queued

    promoted = breakouts.set_capacity(session=migration, capacity=2)

    assert [b.registration_id for b in promoted] == [registration.pk]
    assert statuses(ethics) == [(CANCELLED, None), (CONFIRMED, None)]


def test_swaps_chain_without_promoting_anyone_twice(
    event_page, registration, seated_and_queued
):
    ethics, migration, seat, queued, carls, dana = seated_and_queued
    # Dana, waiting for Ethics, instead holds Migration's seat: cancel Carl's
    # first, so that Dana can queue for Ethics while seated in Migration.
    BreakoutBooking.objects.filter(registration=dana).delete()
    breakouts.cancel_booking(booking=queued)
    breakouts.set_capacity(session=migration, capacity=2)
    breakouts.book_breakout(registration=dana, session=migration)
    breakouts.set_capacity(session=migration, capacity=1)
    breakouts.cancel_booking(booking=carls)
    breakouts.book_breakout(registration=dana, session=ethics)  # waiting, seated
    breakouts.book_breakout(registration=registration, session=migration)
    # Ethics: me seated, Dana waiting; Migration: Dana seated, me waiting.

    promoted = breakouts.set_capacity(session=ethics, capacity=2)

    # Dana moves to Ethics, freeing Migration for me, freeing my Ethics seat.
    assert sorted(b.registration_id for b in promoted) == [dana.pk]
    assert BreakoutBooking.objects.filter(status=WAITLISTED).count() == 0
    assert set(
        BreakoutBooking.objects.filter(status=CONFIRMED).values_list(
            "registration_id", "session_id"
        )
    ) == {(dana.pk, ethics.pk), (registration.pk, migration.pk)}


def test_leaving_the_waitlist_keeps_the_seat(seated_and_queued):
    ethics, migration, seat, queued, _, _ = seated_and_queued

    breakouts.cancel_booking(booking=queued)
    seat.refresh_from_db()

    assert seat.status == CONFIRMED
    assert statuses(migration) == [(CONFIRMED, None), (CANCELLED, None)]
    assert statuses(ethics) == [(CONFIRMED, None), (WAITLISTED, 1)]


def test_slots_name_the_seat_kept_while_waiting(registration, seated_and_queued):
    ethics, migration, _, _, _, _ = seated_and_queued

    [(_, sessions)] = breakouts.breakout_slots(registration=registration)

    by_title = {session.title: session for session in sessions}
    assert by_title["Migration"].seat_kept.pk == ethics.pk
    assert by_title["Migration"].my_booking.status == WAITLISTED
    assert by_title["Ethics"].seat_kept is None


def test_a_waitlist_position_is_the_place_in_the_queue(event_page):
    session = breakout(event=event_page, capacity=1)
    seated, first, second, third = (
        breakouts.book_breakout(
            registration=confirmed_registration(event=event_page), session=session
        )
        for _ in range(4)
    )
    assert [b.position for b in (first, second, third)] == [1, 2, 3]
    # The first waiting leaves: the others move up.
    breakouts.cancel_booking(booking=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.position, third.position) == (1, 2)
    # The seat frees: the first waiting takes it, the last is now number 1.
    breakouts.cancel_booking(booking=seated)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.position) == ("confirmed", None)
    assert (third.status, third.position) == ("waitlisted", 1)
    # Someone joining now is number 2, not number 4.
    late = breakouts.book_breakout(
        registration=confirmed_registration(event=event_page), session=session
    )
    assert (late.status, late.position) == ("waitlisted", 2)
