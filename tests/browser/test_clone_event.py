"""An organiser (not a superuser) duplicates the 2014 demo event as next year's."""

import pytest
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from programme import cloning
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.browser.test_invitations import WIDTHS
from tests.browser.test_local_times import sign_in
from tests.factories import UserFactory


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_duplicates_the_demo_event_as_roundtable_2027(
    browser, live_server, demo_site, axe, width
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    copied = cloning.sessions_to_copy(event).count()
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    # From the event's page in the admin, its actions menu.
    page.goto(f"/admin/pages/{event.pk}/edit/")
    sign_in(page, organiser)
    # The header's menu (each organiser row has an "Actions" menu of its own).
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role(
        "button", name="Actions"
    ).click()
    page.get_by_role("link", name="Duplicate as a new event").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Duplicate as a new event"
    )
    expect(page.locator("main")).to_contain_text("Leave empty to keep")
    axe.check(page)

    # A last day before the first is refused, and nothing is made.
    page.get_by_label("Title of the new event").fill("Roundtable 2027")
    page.get_by_label("First day").fill("2027-03-10")
    page.get_by_label("Last day").fill("2027-03-09")
    page.get_by_role("button", name="Duplicate").click()
    expect(page.locator("main")).to_contain_text(
        "The event cannot end before it starts."
    )
    assert not EventPage.objects.filter(title="Roundtable 2027").exists()

    page.get_by_label("Last day").fill("")
    page.get_by_role("button", name="Duplicate").click()

    expect(page.locator(".messages")).to_contain_text(
        f"“Roundtable 2027” (10–11 March 2027) was made from “{event.title}” "
        f"as a draft, with its programme, speakers and participants' area pages; "
        f"{copied} sessions were copied as drafts."
    )
    new = EventPage.objects.get(title="Roundtable 2027")
    assert page.url.endswith(f"/admin/pages/{new.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value("Roundtable 2027")

    # The sessions list, filtered to the new event: every copy a draft (not
    # live) in 2027.
    page.goto(f"/admin/snippets/programme/session/?event={new.pk}")
    # (The keyboard shortcuts dialog has tables of its own.)
    rows = page.locator("main table.listing tbody tr")
    expect(rows).to_have_count(copied)
    # The listing's last column is the sessions' "Live" flag.
    expect(page.locator("main table.listing thead th").last).to_have_text("Live")
    for index in range(copied):
        expect(rows.nth(index).locator("td").last).to_have_text("False")
        expect(rows.nth(index)).to_contain_text("2027")
    expect(rows.first).to_contain_text("Wednesday 10 March 2027, 08:30")
    context.close()
    axe.assert_clean()
