import datetime

from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import breakouts
from participants.models import BreakoutBooking
from programme.models import Session
from roundtable.models import EventPage
from tests.factories import SessionFactory, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD


def test_participant_reads_books_waits_cancels_and_sees_the_agenda(page, demo_site):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    registration = confirmed_registration(
        event=event, user__first_name="Amira", user__last_name="Haddad"
    )
    start = datetime.datetime.combine(
        event.end_date, datetime.time(16), tzinfo=event.tzinfo
    )
    late = SessionFactory(
        event=event,
        title="Late breakout on shelters",
        slug="late-breakout-shelters",
        kind=Session.Kind.BREAKOUT,
        capacity=1,
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    breakouts.book_breakout(
        registration=confirmed_registration(event=event), session=late
    )
    area_url = f"/events/{EVENT_SLUG}/participants/"

    # Signing in leads back to the private area.
    page.goto(area_url)
    page.locator("input[name=login]").fill(registration.user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participants' area")
    expect(page.locator("#logistics")).to_contain_text("Show the check-in pass")
    expect(page.locator(".illustrative-note")).to_contain_text("Illustrative")

    # The pre-read downloads from the private collection.
    link = page.locator("#pre-reads a").first
    expect(link).to_contain_text("Background paper")
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    with open(path, encoding="utf-8") as downloaded:
        assert downloaded.read().startswith(
            "Sample pre-read (illustrative) for the demo"
        )

    # A seat in a breakout, then the waitlist of a full one.
    page.goto("/my/")
    children = page.locator("li.breakout[data-session=breakout-children]")
    children.get_by_role("button", name="Book a seat").click()
    expect(page.locator(".messages")).to_contain_text("You have a seat in")
    expect(children).to_contain_text("Booked")
    shelters = page.locator("li.breakout[data-session=late-breakout-shelters]")
    shelters.get_by_role("button", name="Join the waitlist").click()
    expect(page.locator(".messages")).to_contain_text(
        "you are number 1 on its waitlist"
    )
    expect(page.locator("#agenda")).to_contain_text("Breakout C: check list")

    # Cancelling frees the seat and takes it off the agenda.
    # It asks first, naming the breakout and its time; keeping the seat changes nothing.
    children.get_by_role("link", name="Cancel booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your seat?")
    expect(page.locator(".lead")).to_contain_text("Breakout C: check list")
    expect(page.locator(".lead")).to_contain_text("(Singapore time, UTC+08:00)")
    page.get_by_role("link", name="Keep my seat").click()
    expect(children).to_contain_text("Booked")
    children.get_by_role("link", name="Cancel booking").click()
    page.get_by_role("button", name="Yes, cancel my seat").click()
    expect(page.locator(".messages")).to_contain_text("is cancelled")
    expect(children.get_by_role("button", name="Book a seat")).to_be_visible()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text("Opening")
    expect(agenda).not_to_contain_text("Breakout C: check list")
    expect(agenda).not_to_contain_text("Late breakout on shelters")
    assert list(
        BreakoutBooking.objects.filter(registration=registration)
        .order_by("pk")
        .values_list("status", flat=True)
    ) == ["cancelled", "waitlisted"]
