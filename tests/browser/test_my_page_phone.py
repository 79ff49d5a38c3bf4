"""/my/ on a phone and a desktop: nothing scrolls sideways, the calendar
address can be copied with one tap, deleting one's account looks like what
it is."""

import datetime

import pytest
from playwright.sync_api import expect

from roundtable.models import EventIndexPage
from tests.factories import EventPageFactory, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

DANGER = "rgb(164, 38, 44)"


@pytest.mark.parametrize("width", [390, 1280])
def test_my_page_fits_the_screen_and_copies_the_calendar_address(
    browser, live_server, demo_site, width
):
    event = EventPageFactory(
        parent=EventIndexPage.objects.get(),
        slug="future-roundtable",
        start_date=datetime.date.today() + datetime.timedelta(days=60),
        end_date=datetime.date.today() + datetime.timedelta(days=61),
    )
    registration = confirmed_registration(event=event)
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": width, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.goto("/my/")
    page.locator("input[name=login]").fill(registration.user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("button", name="Get a personal calendar address").click()
    address = page.get_by_role("textbox", name="Your calendar address")
    feed = address.input_value()
    assert "/calendar/" in feed and feed.endswith(".ics")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )

    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == feed

    delete = page.get_by_role("link", name="Delete your account")
    assert delete.evaluate("e => getComputedStyle(e).color") == DANGER
    delete.click()
    button = page.get_by_role("button", name="Delete my account")
    assert button.evaluate("e => getComputedStyle(e).backgroundColor") == DANGER
    context.close()
