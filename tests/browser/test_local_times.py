"""Times as people read them: the event's own clock, labelled, never UTC."""

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
BREAKOUT = "Breakout B: check list for victims of forced labour"
# 10:45 in Singapore is 02:45 UTC, which nobody may be shown.
WHEN = "Friday 27 June 2014, 10:45–12:15 (Singapore time, UTC+08:00)"


def sign_in(page, user):
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_promoted_participant_and_organiser_read_singapore_times(
    browser, page, live_server, demo_site
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    session = Session.objects.get(event=event, title=BREAKOUT)
    # Full: the demo's bookings take every seat, so the next person waits.
    taken = session.bookings.filter(status="confirmed").count()
    breakouts.set_capacity(session=session, capacity=taken)
    waiting = confirmed_registration(
        event=event, user__first_name="Amira", user__last_name="Haddad"
    )
    booking = breakouts.book_breakout(registration=waiting, session=session)
    assert (booking.status, booking.position) == ("waitlisted", 1)
    organiser = UserFactory(groups=[ensure_organisers_group()])

    # The participant, on a phone, waits for a seat; the times are Singapore's.
    phone = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE
    )
    participant = phone.new_page()
    participant.goto("/my/")
    sign_in(participant, waiting.user)
    slot = participant.locator(".breakout-slot").filter(has_text=BREAKOUT)
    expect(slot.get_by_role("heading", level=4)).to_have_text(
        "Friday 27 June 2014, 10:45"
    )
    expect(slot).to_contain_text("On the waitlist (number 1)")
    breakouts_section = participant.locator("#breakouts")
    expect(breakouts_section).to_contain_text(
        "All times are Singapore time, UTC+08:00."
    )

    # The organiser, at a desk, raises the capacity: the waiting person is promoted.
    page.goto("/admin/participants/bookings/capacity/")
    sign_in(page, organiser)
    # Each option names the event, day and time beside the title.
    option = page.locator("select[name=session] option").filter(has_text=BREAKOUT)
    expect(option).to_contain_text("Friday 27 June 2014, 10:45")
    page.locator("select[name=session]").select_option(
        value=option.get_attribute("value")
    )
    page.locator("input[name=capacity]").fill(str(taken + 1))
    page.get_by_role("button", name="Save capacity").click()
    expect(page.locator(".messages")).to_contain_text("1 promoted from the waitlist")

    # The promotion email, text and HTML, gives the breakout's Singapore time.
    [email] = [m for m in mail.outbox if m.to == [waiting.user.email]]
    assert WHEN in email.body
    assert WHEN in email.alternatives[0].content
    assert "02:45" not in email.body

    # The sessions list in the admin shows the breakout at 10:45 Singapore time.
    page.goto(f"/admin/snippets/programme/session/?event={event.pk}&kind=breakout")
    row = page.locator("tbody tr").filter(has_text=BREAKOUT)
    expect(row).to_contain_text(
        "Friday 27 June 2014, 10:45 (Singapore time, UTC+08:00)"
    )
    expect(row).not_to_contain_text("02:45")

    # Back on the phone, the seat is the participant's.
    participant.reload()
    expect(slot).to_contain_text("Booked")
    phone.close()
