import re

from playwright.sync_api import expect


def test_visitor_finds_the_event_dates_and_venue_from_the_home_page(page, demo_site):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Policy roundtables on humanitarian protection"
    )

    page.get_by_role("region", name="Past roundtables").get_by_role(
        "link",
        name="Consultative Roundtable on the Humanitarian Dimension and Protection "
        "Aspects of Trafficking in Persons",
    ).click()

    expect(page).to_have_url(
        re.compile(r"/events/trafficking-in-persons-roundtable-2014/$")
    )
    facts = page.locator(".event-facts")
    dates = facts.locator("dt", has_text="Dates").locator("xpath=..").locator("dd")
    expect(dates).to_have_text("26–27 June 2014")
    venue = facts.locator("dt", has_text="Venue").locator("xpath=..").locator("dd")
    expect(venue).to_contain_text("Copthorne King’s Hotel")
    expect(facts).to_contain_text("By invitation only")


def test_skip_link_moves_focus_to_the_main_content(page, demo_site):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
