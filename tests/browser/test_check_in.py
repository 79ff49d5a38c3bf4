"""The registration desk: an organiser with a phone checks people in by name."""

from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants.models import CheckIn
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.factories import UserFactory, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

PHONE = {"width": 390, "height": 844}


def test_organiser_finds_a_participant_by_name_and_checks_them_in(
    browser, live_server, demo_site
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    amira = confirmed_registration(
        event=event,
        user__first_name="Amira",
        user__last_name="Haddad",
        days=["2014-06-26", "2014-06-27"],
    )
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/admin/participants/check-in/")
    page.locator("input[name=login]").fill(organiser.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Check-in - Wagtail")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Check-in"
    )

    # The second day, and its attendance export.
    page.get_by_label("Event and day").select_option(
        label=f"Friday 27 June 2014 – {event.title}"
    )
    page.get_by_role("button", name="Choose the day").click()
    export = page.get_by_role("link", name="Attendance export for this day (CSV)")
    expect(export).to_have_attribute(
        "href",
        f"/admin/participants/attendance/?event={event.pk}&day=2014-06-27&export=csv",
    )

    # No pass at hand: find her by name.
    page.get_by_label("Find by name").fill("haddad")
    page.get_by_role("button", name="Find", exact=True).click()
    found = page.locator("#check-in-list")
    expect(found).to_contain_text("Amira Haddad")
    found.get_by_role("button", name="Check in Amira Haddad").click()

    result = page.locator("#check-in-result")
    expect(result.get_by_role("heading", level=2)).to_have_text("Amira Haddad")
    expect(result).to_contain_text("Checked in for Friday 27 June 2014 at")
    assert list(
        CheckIn.objects.filter(registration=amira).values_list("day", flat=True)
    ) == [event.end_date]

    # Found again, she shows as present, at the time in Singapore.
    page.get_by_label("Find by name").fill("Amira")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(found).to_contain_text("Checked in at")
    expect(found).to_contain_text("(Singapore time, UTC+08:00)")
    context.close()
