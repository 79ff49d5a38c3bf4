"""An organiser (not a superuser) opens an event's desk from the admin menu,
switches to the demo's sample event, reads its funnel and follows a number to
the people it counts, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from demo.sample_event import SAMPLE_SLUG
from participants import dashboard
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.browser.test_invitations import WIDTHS
from tests.browser.test_local_times import sign_in
from tests.factories import UserFactory
from tests.factories.area import breakout, confirmed_registration


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_reads_an_events_desk_and_opens_the_confirmed_list(
    browser, live_server, demo_site, axe, width
):
    event = EventPage.objects.get(slug=SAMPLE_SLUG)
    confirmed_registration(
        event=event,
        user__first_name="Noor",
        user__last_name="Aziz",
        dietary="Halal",
        access_needs="Hearing loop",
    )
    breakout(event=event, title="Breakout on shelters", capacity=8)
    funnel = {key: count for key, _label, count in dashboard.funnel(event=event).stages}
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/admin/")
    sign_in(page, organiser)
    # The home page's events panel leads to each desk.
    expect(page.get_by_role("heading", name="Events")).to_be_visible()
    if width == "phone":
        page.get_by_role("button", name="Toggle sidebar").click()
    page.get_by_role("link", name="Event desk", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Event desk")

    page.get_by_role("combobox", name="Event").select_option(
        label=f"{event.title} ({event.date_range})"
    )
    page.get_by_role("button", name="Open its desk").click()
    main = page.locator("main")
    expect(page.get_by_role("heading", level=2, name=event.title)).to_be_visible()
    expect(main).to_contain_text(event.time_zone_label)

    chart = page.get_by_role("table", name="From invitation to confirmed place")
    for label, key in [("Invited", "invited"), ("Confirmed", "confirmed")]:
        row = chart.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=label, exact=True)
        )
        expect(row).to_contain_text(str(funnel[key]))

    breakouts = page.get_by_role("region", name="Breakouts", exact=True)
    expect(breakouts).to_contain_text("Breakout on shelters")
    expect(breakouts).to_contain_text("14:00–15:30")
    expect(main).to_contain_text("Halal: 1 (Noor Aziz)")
    expect(main).to_contain_text("Hearing loop: 1 (Noor Aziz)")

    # The page itself never scrolls sideways; wide tables scroll in a region.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    axe.check(page)

    confirmed_row = chart.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Confirmed", exact=True)
    )
    confirmed_row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Registrations")
    listing = page.locator("table.listing tbody tr")
    expect(listing).to_have_count(funnel["confirmed"])
    expect(page.locator("table.listing")).to_contain_text("Noor Aziz")
    context.close()
    axe.assert_clean()
