"""An organiser (not a superuser) writes to a breakout's waitlist: previews the
email as its first recipient will read it, sends it, and reads its delivery
state; the participant gets it with their own name and agenda."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import breakouts
from programme.models import Session
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.browser.test_invitations import WIDTHS
from tests.browser.test_local_times import BREAKOUT, sign_in
from tests.factories import UserFactory
from tests.factories.area import confirmed_registration


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_writes_to_a_breakouts_waitlist(
    browser, live_server, demo_site, axe, width
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    session = Session.objects.get(event=event, title=BREAKOUT)
    taken = session.bookings.filter(status="confirmed").count()
    breakouts.set_capacity(session=session, capacity=taken)
    amira = confirmed_registration(
        event=event, user__first_name="Amira", user__last_name="Haddad"
    )
    assert breakouts.book_breakout(registration=amira, session=session).status == (
        "waitlisted"
    )
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/admin/participants/messages/")
    sign_in(page, organiser)
    page.get_by_role("link", name="Write a message").click()
    page.get_by_role("combobox", name="Event").select_option(label=event.title)
    page.get_by_role("combobox", name="Send to").select_option(
        label="A breakout's waitlist"
    )
    breakout_option = page.locator("#id_session option").filter(has_text=BREAKOUT)
    expect(breakout_option).to_contain_text("(Singapore time, UTC+08:00)")
    page.get_by_role("combobox", name="Breakout").select_option(
        value=breakout_option.get_attribute("value")
    )
    page.get_by_role("textbox", name="Subject").fill("A seat may free up in {event}")
    page.get_by_role("textbox", name="Message").fill(
        "Dear {name},\n\nYou are on the waitlist. Your agenda:\n{agenda}"
    )
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_contain_text("It goes to 1 person.")
    expect(preview).to_contain_text("Dear Amira Haddad,")
    expect(preview).to_contain_text("Times are Singapore time, UTC+08:00.")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    axe.check(page)

    page.get_by_role("button", name="Send to 1 person").click()
    expect(page.locator(".messages")).to_contain_text("Sending to 1 person")
    expect(page.locator("main")).to_contain_text(
        "1 sent · 0 waiting for the worker · 0 failed."
    )
    axe.check(page)
    page.get_by_role("link", name="Each person’s state").click()
    expect(page.locator("table.listing tbody tr")).to_have_count(1)
    expect(page.locator("table.listing")).to_contain_text("Amira Haddad")
    expect(page.locator("table.listing")).to_contain_text("Sent")

    [email] = [m for m in mail.outbox if m.to == [amira.user.email]]
    assert email.subject == f"A seat may free up in {event.title}"
    assert email.body.startswith("Dear Amira Haddad,")
    context.close()
    axe.assert_clean()
