"""The Content-Security-Policy holds in a real browser: nothing is blocked, and the
report's copy-link button (static/js/publications.js) still works."""

from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from roundtable.models import EventPage
from tests.factories import confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

REPORT_URL = "/publications/humanitarian-dimension-protection-trafficking-in-persons/"

# Runs before any page script: records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_pages_load_under_the_policy_and_copy_link_works(page, demo_site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def assert_no_violations():
        assert page.evaluate("window.__cspViolations") == []
        assert console == []

    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert_no_violations()

    page.goto(REPORT_URL)
    copy = page.locator("button[data-copy-link]").first
    expect(copy).to_be_visible()  # publications.js ran and un-hid it
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(page.url.split("#")[0] + "#")
    assert_no_violations()

    event = EventPage.objects.get(slug=EVENT_SLUG)
    registration = confirmed_registration(event=event)
    page.goto(f"/events/{EVENT_SLUG}/participants/")
    page.locator("input[name=login]").fill(registration.user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participants' area")
    assert_no_violations()
