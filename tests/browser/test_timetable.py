"""An organiser (not a superuser) reads the 2014 demo event's timetable and adds
a session in an empty slot, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.browser.test_invitations import WIDTHS
from tests.browser.test_local_times import sign_in
from tests.factories import UserFactory

BREAKOUTS = {
    "Meeting Room 1": "Breakout A: check list for victims of sexual exploitation",
    "Meeting Room 2": "Breakout B: check list for victims of forced labour",
    "Meeting Room 3": "Breakout C: check list for trafficked children",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_reads_the_timetable_and_adds_a_session_in_a_free_slot(
    browser, live_server, demo_site, axe, width
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/admin/")
    sign_in(page, organiser)
    if width == "phone":
        page.get_by_role("button", name="Toggle sidebar").click()
    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programme")

    page.get_by_role("combobox", name="Event").select_option(
        label=f"{event.title} ({event.date_range})"
    )
    page.get_by_role("button", name="Show timetable").click()
    expect(page.locator("main")).to_contain_text("Singapore time, UTC+08:00")

    friday = page.get_by_role(
        "region", name="Friday 27 June 2014, by room (scrolls sideways)"
    )
    columns = friday.locator("thead th").all_inner_texts()
    row = friday.locator("tbody tr").filter(
        has=page.locator("th", has_text="10:45–12:15")
    )
    cells = row.locator("td")
    expect(cells).to_have_count(len(columns) - 1)  # no cell covered from above
    boxes = []
    for room, title in BREAKOUTS.items():
        cell = cells.nth(columns.index(room) - 1)
        expect(cell).to_contain_text(title)
        expect(cell).to_contain_text("10:45–12:15 · Breakout")
        cell.scroll_into_view_if_needed()
        boxes.append(cell.bounding_box())
    # Side by side: one row, left to right.
    assert len({round(box["y"]) for box in boxes}) == 1
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)

    # The grid scrolls inside its own region, not the page.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    if width == "phone":
        assert friday.evaluate("region => region.scrollWidth > region.clientWidth")
    axe.check(page)

    # The Ballroom is free while the breakouts run.
    ballroom = cells.nth(columns.index("Ballroom") - 1)
    ballroom.get_by_role("link", name="Add a session here").click()

    expect(page.locator("#id_room")).to_have_value("Ballroom")
    expect(page.locator("#id_start")).to_have_value("2014-06-27 10:45")
    expect(page.locator("#id_end")).to_have_value("2014-06-27 12:15")
    expect(page.locator("#id_event")).to_have_value(str(event.pk))
    context.close()
    axe.assert_clean()
