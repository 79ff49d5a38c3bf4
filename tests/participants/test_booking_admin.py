"""A booking's admin screen: cancelling through the service, no way to overbook.

The edit form is refused (see test_admin_rules); the booking's own screen
offers "Cancel booking", which frees the seat for the first waiting, emails
them and names them to the organiser. Nothing confirms past the capacity.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from participants import breakouts
from participants.models import BreakoutBooking
from tests.factories import UserFactory, breakout, confirmed_registration

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["organiser", "superuser"])
def admin_client(request, client, organiser):
    user = organiser
    if request.param == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def full(event_page):
    """A breakout of two seats, both taken, and two people waiting."""
    session = breakout(event=event_page, capacity=2, title="Labour migration")
    bookings = [
        breakouts.book_breakout(
            registration=confirmed_registration(event=event_page), session=session
        )
        for _ in range(4)
    ]
    return session, bookings


def cancel_url(booking, next_url):
    url = reverse(
        "wagtail_bulk_action",
        args=["participants", "breakoutbooking", "cancel_booking"],
    )
    return f"{url}?{urlencode({'id': booking.pk, 'next': next_url})}"


def test_a_waitlisted_bookings_screen_offers_cancelling_and_no_confirming(
    admin_client, full
):
    _, bookings = full
    waiting = bookings[2]
    inspect = reverse("participants_booking:inspect", args=[waiting.pk])

    html = admin_client.get(inspect).content.decode()

    assert escape(cancel_url(waiting, inspect)) in html
    assert "Cancel booking" in html
    assert reverse("participants_booking:edit", args=[waiting.pk]) not in html
    assert "Confirm" not in html


def test_posting_the_old_edit_form_does_not_overbook(admin_client, full):
    _, bookings = full
    waiting = bookings[2]

    admin_client.post(
        reverse("participants_booking:edit", args=[waiting.pk]),
        {"status": "confirmed", "position": ""},
    )

    assert list(
        BreakoutBooking.objects.order_by("pk").values_list("status", "position")
    ) == [
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_cancelling_from_the_bookings_screen_promotes_emails_and_names_them(
    admin_client, full, django_capture_on_commit_callbacks
):
    _, bookings = full
    seat, waiting = bookings[0], bookings[2]
    inspect = reverse("participants_booking:inspect", args=[seat.pk])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(cancel_url(seat, inspect))

    assert (response.status_code, response["Location"]) == (302, inspect)
    assert list(
        BreakoutBooking.objects.order_by("pk").values_list("status", "position")
    ) == [
        ("cancelled", None),
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),  # moved up behind the one promoted
    ]
    assert [m.to for m in mail.outbox] == [[waiting.registration.user.email]]
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        f"{waiting.registration.user} moved up from the waitlist to a seat in "
        "“Labour migration” and has been emailed.",
        "1 booking cancelled (a freed seat goes to the waitlist).",
    ]
