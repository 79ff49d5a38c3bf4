"""The check-in desk on the day: an organiser (not a superuser) finds a person,
checks them in, undoes it, registers a walk-in and prints badges, on a desktop,
a tablet and a phone; and a browser that reads QR codes scans a pass."""

import os
import re

import pytest
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import checkin
from participants.models import CheckIn
from roundtable.access import ensure_organisers_group
from roundtable.formatting import format_time
from roundtable.models import EventPage
from tests.browser.test_local_times import sign_in
from tests.factories import UserFactory, confirmed_registration

WIDTHS = {
    "desktop": {"width": 1280, "height": 800},
    "tablet": {"width": 768, "height": 1024},
    "phone": {"width": 390, "height": 844},
}
ZONE = "(Singapore time, UTC+08:00)"


def open_desk(browser, live_server, width, **context_options):
    organiser = UserFactory(groups=[ensure_organisers_group()])
    assert not organiser.is_superuser
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport=WIDTHS[width],
        **context_options,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page, organiser


def audit(axe, page):
    """axe on the page once Wagtail's message bar has faded in (half-faded,
    its white text is paler than the contrast rules allow)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll(".messages ul")].every(
            list => getComputedStyle(list).opacity === "1"
        )"""
    )
    axe.check(page)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_checks_in_undoes_registers_a_walk_in_and_prints_badges(
    browser, live_server, demo_site, axe, width
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    amira = confirmed_registration(
        event=event,
        user__first_name="Amira",
        user__last_name="Haddad",
        invitation__organisation="Coastal Migrants Legal Aid",
        days=["2014-06-26", "2014-06-27"],
    )
    other = confirmed_registration(event=event, user__last_name="Elsewhere")
    _, confirmed = checkin.day_counts(event=event, day=event.start_date)
    context, page, organiser = open_desk(browser, live_server, width)
    page.clock.install()

    page.goto("/admin/")
    sign_in(page, organiser)
    if width != "desktop":  # the sidebar is folded away
        page.get_by_role("button", name="Toggle sidebar").click()
    page.get_by_role("link", name="Check-in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in")
    page.get_by_label("Event and day").select_option(
        label=f"Thursday 26 June 2014 – {event.title}"
    )
    page.get_by_role("button", name="Choose the day").click()
    counts = page.locator("#check-in-counts")
    expect(counts).to_have_text(f"0 of {confirmed} checked in")
    # No BarcodeDetector in this Chromium: the typed code is the way.
    expect(page.get_by_role("button", name="Scan with camera")).to_be_hidden()
    expect(page.get_by_label("Pass code")).to_be_visible()

    # Found by organisation, checked in with one tap.
    page.get_by_label("Find by name or organisation").fill("coastal migrants")
    page.get_by_role("button", name="Find", exact=True).click()
    rows = page.locator("#check-in-list > li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Amira Haddad")
    expect(rows.first).to_contain_text("Not yet")
    page.get_by_role("button", name="Check in Amira Haddad").click()

    arrival = CheckIn.objects.get(registration=amira)
    time = format_time(arrival.checked_in_at, event.time_zone)
    assert time.endswith(ZONE)
    expect(page.locator(".messages")).to_contain_text(
        f"Amira Haddad checked in at {time}."
    )
    expect(rows.first).to_contain_text(f"Checked in at {time}")
    expect(counts).to_have_text(f"1 of {confirmed} checked in")
    expect(page.get_by_label("Find by name or organisation")).to_have_value(
        "coastal migrants"
    )
    result = page.locator("#check-in-result")
    expect(result.get_by_role("heading", level=2)).to_have_text("Amira Haddad")
    assert no_sideways_scroll(page)
    for button in page.locator(".check-in-row .button").all():
        assert button.bounding_box()["height"] >= 44
    audit(axe, page)
    if shots := os.environ.get("CHECK_IN_SCREENSHOTS"):
        # The admin scrolls inside its own layout: a tall window shows it all.
        page.set_viewport_size({**WIDTHS[width], "height": 2000})
        page.screenshot(path=f"{shots}/checkin-{WIDTHS[width]['width']}.png")
        page.set_viewport_size(WIDTHS[width])

    # Someone at another door checks a person in: the counts catch up by themselves.
    checkin.check_in(registration=other, day=event.start_date)
    page.clock.fast_forward(21_000)
    expect(counts).to_have_text(f"2 of {confirmed} checked in")
    CheckIn.objects.filter(registration=other).delete()

    # A mistaken tap, undone.
    page.get_by_role("button", name="Undo check-in of Amira Haddad").click()
    expect(page.locator(".messages")).to_contain_text(
        "Undone: Amira Haddad is no longer checked in for Thursday 26 June 2014"
    )
    expect(rows.first).to_contain_text("Not yet")
    expect(counts).to_have_text(f"0 of {confirmed} checked in")
    assert not CheckIn.objects.filter(registration=amira).exists()

    # A walk-in: registered and checked in in one step.
    page.get_by_role("link", name="Register a walk-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a walk-in")
    page.get_by_label("Name").fill("Sam Walker")
    page.get_by_label("Email address").fill("sam.walker@example.org")
    page.get_by_label("Organisation").fill("Harbour Trust")
    page.get_by_label("They have read the privacy notice and agree to it").check()
    assert no_sideways_scroll(page)
    audit(axe, page)
    if shots := os.environ.get("CHECK_IN_SCREENSHOTS"):
        page.set_viewport_size({**WIDTHS[width], "height": 1400})
        page.screenshot(path=f"{shots}/walk-in-{WIDTHS[width]['width']}.png")
        page.set_viewport_size(WIDTHS[width])
    page.get_by_role("button", name="Register and check in").click()
    expect(page.locator(".messages")).to_contain_text(
        "Registered as a walk-in. Sam Walker checked in at"
    )
    expect(page.locator(".messages")).to_contain_text(ZONE)
    expect(counts).to_have_text(f"1 of {confirmed + 1} checked in")
    expect(page.locator("#check-in-result")).to_contain_text("Harbour Trust")

    # Badges for everyone, as a PDF.
    with page.expect_download() as download:
        page.get_by_role("button", name="Badges (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"badges-{event.slug}-all.pdf"
    axe.assert_clean()
    context.close()


# A Chromium with a camera and QR reading: a canvas stands in for the camera,
# and the detector reads the pass code once the video plays.
FAKE_SCANNER = """
window.__passCode = "%s";
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code", "ean_13"]); }
  constructor(options) { this.formats = options.formats; }
  detect(video) {
    return Promise.resolve(video.srcObject ? [{ rawValue: window.__passCode }] : []);
  }
};
navigator.mediaDevices.getUserMedia = () => {
  const canvas = document.createElement("canvas");
  canvas.width = 64;
  canvas.height = 64;
  canvas.getContext("2d").fillRect(0, 0, 64, 64);
  return Promise.resolve(canvas.captureStream());
};
"""


def test_a_pass_scanned_with_the_camera_checks_the_person_in(
    browser, live_server, demo_site, axe
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    amira = confirmed_registration(
        event=event, user__first_name="Amira", user__last_name="Haddad"
    )
    code = checkin.ensure_pass_code(registration=amira)
    context, page, organiser = open_desk(browser, live_server, "tablet")
    page.add_init_script(FAKE_SCANNER % code)

    page.goto(f"/admin/participants/check-in/?day={event.pk}:2014-06-26")
    sign_in(page, organiser)
    scan = page.get_by_role("button", name="Scan with camera")
    expect(scan).to_be_visible()
    audit(axe, page)
    scan.click()

    expect(page.locator(".messages")).to_contain_text(
        re.compile(r"Amira Haddad checked in at \d\d:\d\d \(Singapore time")
    )
    assert CheckIn.objects.get(registration=amira).day == event.start_date
    axe.assert_clean()
    context.close()
