"""The 2014 demo event has ended: its invitation link and /my/ say so, take no
answer and no booking, and a participant can still stop being listed; on a
desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import breakouts, invitations, tokens
from participants.models import Invitation, Registration
from programme.models import Session
from roundtable import clock
from roundtable.models import EventPage
from tests.factories import confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

PENDING_EMAIL = "noor.hadi@example.org"
PARTICIPANT_EMAIL = "priya.nair@example.org"
WIDTHS = [1280, 390]
pytestmark = pytest.mark.usefixtures("real_clock")


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_page(width):
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            viewport={"width": width, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def fits_the_screen(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture
def history(demo_site):
    """Before the 2014 event: one invitation left unanswered, and a participant
    listed and booked into a breakout (the demo's own samples are for its
    upcoming sample event)."""
    event = EventPage.objects.get(slug=EVENT_SLUG)
    with clock.as_of(event.starts_at):
        invitations.invite(
            event=event, email=PENDING_EMAIL, name="Noor Hadi", send=False
        )
        registration = confirmed_registration(
            event=event, user__email=PARTICIPANT_EMAIL, listed_consent=True
        )
        breakouts.book_breakout(
            registration=registration,
            session=Session.objects.get(event=event, slug="breakout-forced-labour"),
        )


@pytest.mark.parametrize("width", WIDTHS)
def test_invitee_reads_that_the_event_has_ended(open_page, history, width):
    pending = Invitation.objects.get(email=PENDING_EMAIL)
    before = Invitation.objects.values().get(pk=pending.pk)
    token = tokens.issue_token(invitation=pending)
    page = open_page(width)

    page.goto(f"/invitations/{token}/")

    main = page.locator("#main-content")
    expect(main.get_by_role("heading", name="This event has ended")).to_be_visible()
    expect(main).to_contain_text("26–27 June 2014")
    expect(main).not_to_contain_text("Answer by")
    expect(main.get_by_role("button")).to_have_count(0)
    assert fits_the_screen(page)
    main.get_by_role("link", name="Go to the event page").click()
    expect(page).to_have_url(re.compile(rf"/events/{EVENT_SLUG}/$"))
    after = Invitation.objects.values().get(pk=pending.pk)
    assert after["status"] == before["status"] == Invitation.Status.PENDING


@pytest.mark.parametrize("width", WIDTHS)
def test_participant_reads_the_record_and_stops_being_listed(open_page, history, width):
    registration = Registration.objects.get(user__email=PARTICIPANT_EMAIL)
    assert registration.listed_consent
    registration.user.set_password(DEFAULT_PASSWORD)
    registration.user.save()
    page = open_page(width)
    page.goto("/my/")
    page.locator("input[name=login]").fill(PARTICIPANT_EMAIL)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    event = page.locator(".participation")
    expect(event.get_by_role("heading", name="This event has ended")).to_be_visible()
    for name in ("Book a seat", "Join the waitlist"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    for name in ("Cancel booking", "Leave the waitlist"):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    forced_labour = event.locator("li.breakout[data-session=breakout-forced-labour]")
    expect(forced_labour).to_contain_text("Booked")
    expect(page.locator("#agenda")).to_contain_text(
        "Breakout B: check list for victims of forced labour"
    )
    expect(event.locator(".check-in-pass")).to_contain_text("No longer needed")
    expect(event.locator(".qr")).to_have_count(0)
    assert fits_the_screen(page)

    page.get_by_role("button", name="Stop listing me").click()

    expect(page.locator(".messages")).to_contain_text(
        "You are no longer listed in the participant list."
    )
    expect(event).to_contain_text("Listed in the participant list: no")
    expect(page.get_by_role("button", name="Stop listing me")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.listed_consent is False
