"""Queueing for a full breakout while keeping one's seat, and the swap.

A participant (on a phone, then at a desk) with a seat in Breakout A queues for
the full Breakout B of the same slot; an organiser raises B's capacity; the
participant now sits in B, and A's seat went to the person waiting for it.
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
A = "Breakout A: check list for victims of sexual exploitation"
B = "Breakout B: check list for victims of forced labour"


def sign_in(page, user):
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_participant_queues_while_seated_and_is_swapped_over(
    browser, page, live_server, demo_site, viewport
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    a = Session.objects.get(event=event, title=A)
    b = Session.objects.get(event=event, title=B)
    # B is full: someone holds its last seat.
    breakouts.book_breakout(registration=confirmed_registration(event=event), session=b)
    taken = b.bookings.filter(status="confirmed").count()
    breakouts.set_capacity(session=b, capacity=taken)
    amira = confirmed_registration(
        event=event, user__first_name="Amira", user__last_name="Haddad"
    )
    organiser = UserFactory(groups=[ensure_organisers_group()])

    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=viewport
    )
    participant = context.new_page()
    participant.set_default_timeout(15_000)
    participant.goto("/my/")
    sign_in(participant, amira.user)
    row_a = participant.locator(
        "li.breakout[data-session=breakout-sexual-exploitation]"
    )
    row_b = participant.locator("li.breakout[data-session=breakout-forced-labour]")

    # A seat in A; then A fills up behind Amira, with Dana waiting for it.
    row_a.get_by_role("button", name="Book a seat").click()
    expect(row_a).to_contain_text("Booked")
    breakouts.set_capacity(
        session=a, capacity=a.bookings.filter(status="confirmed").count()
    )
    dana = confirmed_registration(event=event)
    assert breakouts.book_breakout(registration=dana, session=a).status == "waitlisted"

    # B says "Full" and offers the waitlist with A's seat kept.
    participant.reload()
    expect(row_b).to_contain_text("Full")
    row_b.get_by_role(
        "button",
        name=f"Join the waitlist (keep your seat in “{A}” until a place comes up)",
    ).click()
    expect(participant.locator(".messages")).to_contain_text(
        f"You keep your seat in “{A}” until a place comes up"
    )
    expect(row_b).to_contain_text(
        f"On the waitlist (number 1) — you keep your seat in “{A}” until then"
    )
    expect(row_a).to_contain_text("Booked")

    # The organiser raises B's capacity by one.
    mail.outbox.clear()
    page.goto("/admin/participants/bookings/capacity/")
    sign_in(page, organiser)
    option = page.locator("select[name=session] option").filter(has_text=B)
    page.locator("select[name=session]").select_option(
        value=option.get_attribute("value")
    )
    page.locator("input[name=capacity]").fill(str(taken + 1))
    page.get_by_role("button", name="Save capacity").click()
    expect(page.locator(".messages")).to_contain_text("1 promoted from the waitlist")

    # Amira sits in B now; her seat in A went to Dana.
    participant.reload()
    expect(row_b).to_contain_text("Booked")
    expect(row_b).not_to_contain_text("On the waitlist")
    expect(row_a).not_to_contain_text("Booked")
    expect(row_a).to_contain_text("Full")
    agenda = participant.locator("#agenda")
    expect(agenda).to_contain_text(B)
    expect(agenda).not_to_contain_text(A)
    assert a.bookings.get(registration=dana).status == "confirmed"
    emails = {m.to[0]: m for m in mail.outbox}
    assert f"given up your seat in “{A}”" in emails[amira.user.email].body
    assert dana.user.email in emails
    context.close()
