"""What a reader sees of the layout, at desktop and phone widths.

Sizes and positions are read from the rendered page: a heading smaller than the
line under it, a button touching the box above it or a page that scrolls
sideways are what a person notices.
"""

import datetime

import pytest
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from roundtable.models import EventIndexPage
from tests.factories import EventPageFactory, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

EVENT = f"/events/{EVENT_SLUG}/"
REPORT = "/publications/humanitarian-dimension-protection-trafficking-in-persons/"
WIDTHS = [1280, 390]


def font_size(locator):
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def box(locator):
    return locator.bounding_box()


def assert_no_sideways_scroll(page):
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), page.url


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_read_in_order_of_importance(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 900})

    # A card alone in its row fills it rather than leave empty columns beside it.
    page.goto("/")
    grid = page.get_by_role("region", name="Past roundtables").locator(".card-grid")
    card = grid.locator(".card").first
    assert box(card)["width"] >= 0.98 * box(grid)["width"]
    assert_no_sideways_scroll(page)

    # Theme titles are larger than the topics under them; the programme and
    # speakers buttons stand apart from the facts and from each other.
    page.goto(EVENT)
    theme = page.locator(".theme-list li").first
    assert font_size(theme.locator("h3")) > font_size(theme.locator("p"))
    facts = box(page.locator(".event-facts"))
    programme = box(page.get_by_role("link", name="Programme", exact=True))
    speakers = box(page.get_by_role("link", name="Speakers", exact=True))
    assert programme["y"] >= facts["y"] + facts["height"] + 12
    apart_sideways = speakers["x"] >= programme["x"] + programme["width"] + 8
    apart_downwards = speakers["y"] >= programme["y"] + programme["height"] + 8
    assert apart_sideways or apart_downwards
    assert_no_sideways_scroll(page)

    # Policy pointers' headings are larger than the text they head.
    page.goto(REPORT)
    pointer = page.locator(".pointer").first
    assert font_size(pointer.locator(".pointer__title")) > font_size(
        page.locator(".rich-text p").first
    )
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_checkbox_stands_beside_its_label(page, demo_site, width):
    event = EventPageFactory(
        parent=EventIndexPage.objects.get(),
        slug="future-roundtable",
        start_date=datetime.date.today() + datetime.timedelta(days=60),
        end_date=datetime.date.today() + datetime.timedelta(days=61),
    )
    registration = confirmed_registration(event=event)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/my/registrations/{registration.pk}/edit/")
    page.locator("input[name=login]").fill(registration.user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # One box for one question: its label beside it.
    consent = page.get_by_role("checkbox", name="List me in the participant list")
    expect(consent).to_be_visible()
    label = page.locator(f"label[for='{consent.get_attribute('id')}']")
    box_of_checkbox, box_of_label = box(consent), box(label)
    assert box_of_checkbox["x"] + box_of_checkbox["width"] <= box_of_label["x"]
    assert abs(box_of_checkbox["y"] - box_of_label["y"]) < box_of_label["height"]
    # A box among choices (the days) sits on its choice's line.
    day = page.locator("#id_days label").first
    day_box = box(day.get_by_role("checkbox"))
    assert box(day)["y"] <= day_box["y"] < box(day)["y"] + box(day)["height"]
    last_field = box(page.locator(".form-field").last)
    assert box(page.get_by_role("button", name="Save changes"))["y"] >= (
        last_field["y"] + last_field["height"] + 8
    )
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_visitor_searches_from_the_header(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(EVENT)
    search = page.get_by_role("search").get_by_role("searchbox", name="Search the site")
    search.fill("Bali")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("status")).to_have_text(
        "2 results for “Bali”: 1 session, 1 page"
    )
    page.get_by_role("link", name="Consultative Roundtable on the Humanitarian").click()
    expect(page).to_have_url(f"{page.url.split('/events/')[0]}{EVENT}")
