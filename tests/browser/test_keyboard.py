"""The invitation journey with the keyboard only: no clicks, no fill()."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import invitations
from participants.models import Registration
from roundtable.models import EventPage

INVITEE = "amira.haddad@example.org"
PASSWORD = "a long private passphrase 7"
# Where the focus is and whether a sighted keyboard user can see it: a visible
# box with an outline of at least 2px (the site's :focus-visible style).
FOCUS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        html: element.outerHTML.slice(0, 160),
        visible: box.width > 0 && box.height > 0
            && style.visibility !== "hidden"
            && style.outlineStyle !== "none"
            && parseFloat(style.outlineWidth) >= 2,
        inMain: Boolean(element.closest("main")),
    };
}"""


def tab_to(page, selector, *, key="Tab", limit=40):
    """Press Tab (or Shift+Tab) until `selector` has the focus.

    Every stop on the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press(key)
        focus = page.evaluate(FOCUS)
        assert focus["visible"], f"focus is not visible on {focus['html']}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return focus
    pytest.fail(f"{limit} presses of {key} never reached {selector}", pytrace=False)


def use_skip_link(page):
    """With the skip link focused, Enter moves the focus to the main content."""
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_invitee_accepts_signs_up_and_registers_with_the_keyboard_only(page, demo_site):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    EventPage.objects.filter(pk=event.pk).update(requires_approval=False)
    invitations.invite(event=event, email=INVITEE, name="Amira Haddad")
    [message] = [m for m in mail.outbox if m.to == [INVITEE]]
    link = re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)

    # The emailed link: the first Tab reaches the skip link, which leads past
    # the header; the next stops are in the main content, up to Accept.
    page.goto(link)
    tab_to(page, ".skip-link", limit=1)
    use_skip_link(page)
    focus = tab_to(page, "button[value=accept]")
    assert focus["inMain"]
    page.keyboard.press("Enter")

    # Choose a password: the address is the invitation's and read-only. (The
    # address keeps the #main-content of the skip link, so Tab starts in main.)
    expect(page.locator("input[name=password1]")).to_be_visible()
    tab_to(page, "input[name=password1]")
    page.keyboard.type(PASSWORD)
    tab_to(page, "input[name=password2]")
    page.keyboard.type(PASSWORD)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    # The registration form: both days are ticked already.
    expect(page.locator("input[name=privacy_agreed]")).to_be_visible()
    tab_to(page, "textarea[name=dietary]")
    page.keyboard.type("Vegetarian")
    tab_to(page, "button[type=submit]")
    # Back to the agreement, which only Space ticks.
    tab_to(page, "input[name=privacy_agreed]", key="Shift+Tab")
    page.keyboard.press("Space")
    expect(page.locator("input[name=privacy_agreed]")).to_be_checked()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your place is confirmed")
    registration = Registration.objects.get(user__email=INVITEE)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.dietary == "Vegetarian"
    assert registration.privacy_agreed_at is not None

    # Back up through the header to the skip link, then on to the participant's
    # own page from the confirmation.
    tab_to(page, ".skip-link", key="Shift+Tab")
    use_skip_link(page)
    tab_to(page, "main a[href='/my/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registrations")
