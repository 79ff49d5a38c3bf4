"""With capacity N, 3N people booking at the same moment: N seats, 2N waiting."""

import threading

import pytest
from django.db import close_old_connections, connection

from participants import breakouts
from participants.models import BreakoutBooking
from tests.factories import breakout, confirmed_registration

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 5


def run_together(targets):
    """Run each callable in its own thread, released at once; return the results."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(n):
        try:
            barrier.wait()
            results[n] = targets[n]()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[n] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(targets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_3n_simultaneous_bookings_make_n_confirmed_and_2n_waitlisted(live_event_page):
    session = breakout(event=live_event_page, capacity=CAPACITY)
    registrations = [
        confirmed_registration(event=live_event_page) for _ in range(3 * CAPACITY)
    ]

    results = run_together(
        [
            (lambda r=r: breakouts.book_breakout(registration=r, session=session))
            for r in registrations
        ]
    )

    assert [type(result).__name__ for result in results] == ["BreakoutBooking"] * (
        3 * CAPACITY
    )
    rows = BreakoutBooking.objects.filter(session=session)
    assert rows.filter(status="confirmed").count() == CAPACITY
    waitlist = list(
        rows.filter(status="waitlisted")
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert waitlist == list(range(1, 2 * CAPACITY + 1))


def test_one_person_booking_two_parallel_breakouts_at_once_gets_one(live_event_page):
    first = breakout(event=live_event_page, hour=14)
    second = breakout(event=live_event_page, hour=14)
    registration = confirmed_registration(event=live_event_page)

    results = run_together(
        [
            lambda: breakouts.book_breakout(registration=registration, session=first),
            lambda: breakouts.book_breakout(registration=registration, session=second),
        ]
    )

    assert sorted(type(result).__name__ for result in results) == [
        "BookingError",
        "BreakoutBooking",
    ]
    assert BreakoutBooking.objects.filter(registration=registration).count() == 1


def test_simultaneous_cancellations_promote_each_waiting_person_once(live_event_page):
    session = breakout(event=live_event_page, capacity=2)
    registrations = [confirmed_registration(event=live_event_page) for _ in range(4)]
    seats = [
        breakouts.book_breakout(registration=r, session=session) for r in registrations
    ][:2]

    results = run_together(
        [(lambda b=b: breakouts.cancel_booking(booking=b)) for b in seats]
    )

    assert [type(result).__name__ for result in results] == ["BreakoutBooking"] * 2
    rows = BreakoutBooking.objects.filter(session=session)
    assert rows.filter(status="confirmed").count() == 2
    assert rows.filter(status="waitlisted").count() == 0


def test_swaps_in_both_directions_at_once_leave_everyone_one_seat(live_event_page):
    ethics = breakout(event=live_event_page, capacity=1, hour=14)
    migration = breakout(event=live_event_page, capacity=1, hour=14)
    me, dana = (confirmed_registration(event=live_event_page) for _ in range(2))
    breakouts.book_breakout(registration=me, session=ethics)
    breakouts.book_breakout(registration=dana, session=migration)
    # Each waits for the other's breakout, keeping their own seat.
    breakouts.book_breakout(registration=me, session=migration)
    breakouts.book_breakout(registration=dana, session=ethics)

    results = run_together(
        [
            lambda: breakouts.set_capacity(session=ethics, capacity=2),
            lambda: breakouts.set_capacity(session=migration, capacity=2),
        ]
    )

    assert [type(result).__name__ for result in results] == ["list", "list"]
    assert not BreakoutBooking.objects.filter(status="waitlisted").exists()
    for registration in (me, dana):
        assert (
            BreakoutBooking.objects.filter(
                registration=registration, status="confirmed"
            ).count()
            == 1
        )
