import re

from icalendar import Calendar
from playwright.sync_api import expect

EVENT = "/events/trafficking-in-persons-roundtable-2014/"


def test_visitor_opens_a_breakout_and_downloads_its_calendar(page, demo_site):
    page.goto(EVENT)
    page.get_by_role("link", name="Programme", exact=True).click()

    expect(page).to_have_url(re.compile(r"/programme/$"))
    expect(page.get_by_text("All times are Singapore time, UTC+08:00.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Day 2: Friday 27 June 2014")
    ).to_be_visible()

    page.get_by_role(
        "link", name="Breakout C: check list for trafficked children"
    ).click()

    expect(page).to_have_url(re.compile(r"/programme/sessions/breakout-children/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Breakout C: check list for trafficked children"
    )
    expect(page.get_by_text("Participants only:")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar").click()
    download = download_info.value
    assert download.suggested_filename == (
        "trafficking-in-persons-roundtable-2014-breakout-children.ics"
    )
    with open(download.path(), "rb") as ics:
        (vevent,) = Calendar.from_ical(ics.read()).walk("VEVENT")
    assert vevent["SUMMARY"] == "Breakout C: check list for trafficked children"
    assert vevent["LOCATION"] == "Meeting Room 3, Copthorne King’s Hotel"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Singapore"
