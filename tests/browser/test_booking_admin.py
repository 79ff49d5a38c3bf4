"""An organiser in the bookings admin: cancel through the service, never overbook.

At a desk and on a phone: a waitlisted booking's screen offers no edit and no
confirming; cancelling a seat hands it to the first waiting, named in the
message.
"""

import pytest
from django.core import mail
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import breakouts
from programme.models import Session
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.factories import UserFactory, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}
BREAKOUT = "Breakout B: check list for victims of forced labour"


def sign_in(page, user):
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_organiser_cancels_a_seat_and_the_first_waiting_moves_up(
    browser, live_server, demo_site, viewport
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    session = Session.objects.get(event=event, title=BREAKOUT)
    # The demo's own samples are on its sample event: a seat is taken here.
    seat = breakouts.book_breakout(
        registration=confirmed_registration(
            event=event, user__first_name="Priya", user__last_name="Nair"
        ),
        session=session,
    )
    taken = session.bookings.filter(status="confirmed").count()
    breakouts.set_capacity(session=session, capacity=taken)
    waiting = breakouts.book_breakout(
        registration=confirmed_registration(
            event=event, user__first_name="Amira", user__last_name="Haddad"
        ),
        session=session,
    )
    assert waiting.status == "waitlisted"
    organiser = UserFactory(groups=[ensure_organisers_group()])
    mail.outbox.clear()

    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=viewport
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/admin/participants/bookings/inspect/{waiting.pk}/")
    sign_in(page, organiser)

    # The waitlisted booking: cancelling is offered, editing and confirming not.
    main = page.locator("main")
    expect(main).to_contain_text("Waitlisted")
    expect(page.get_by_role("link", name="Cancel booking")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(main).not_to_contain_text("Confirm")
    # Its old edit form is refused: Wagtail sends the organiser home.
    page.goto(f"/admin/participants/bookings/edit/{waiting.pk}/")
    expect(page.locator(".messages")).to_contain_text(
        "Sorry, you do not have permission to access this area."
    )
    expect(page.locator("form input[name=status]")).to_have_count(0)

    # A confirmed booking's screen: cancel it; Amira takes the seat.
    page.goto(f"/admin/participants/bookings/inspect/{seat.pk}/")
    page.get_by_role("link", name="Cancel booking").click()
    page.get_by_role("button", name="Cancel booking").click()
    messages = page.locator(".messages")
    expect(messages).to_contain_text(
        f"Amira Haddad moved up from the waitlist to a seat in “{BREAKOUT}” and "
        "has been emailed."
    )
    expect(messages).to_contain_text("1 booking cancelled")
    assert session.bookings.filter(status="confirmed").count() == taken
    waiting.refresh_from_db()
    assert (waiting.status, waiting.position) == ("confirmed", None)
    assert [m.to for m in mail.outbox] == [[waiting.registration.user.email]]
    context.close()
