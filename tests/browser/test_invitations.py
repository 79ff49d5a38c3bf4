import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from demo.event import EVENT_SLUG, ensure_wagtail_roots
from participants import invitations
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.factories import EventPageFactory, UserFactory
from tests.factories.users import DEFAULT_PASSWORD

INVITEE = "amira.haddad@example.org"
PASSWORD = "a long private passphrase 7"
WIDTHS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(params=WIDTHS)
def viewport(request):
    return WIDTHS[request.param]


@pytest.fixture
def event(transactional_db):
    """An event that confirms registrations at once, without the whole demo."""
    ensure_wagtail_roots()
    return EventPageFactory(
        title="Roundtable on protection at sea",
        contact_email="roundtable@example.org",
    )


def emailed_link(address):
    """The invitation link in the last email to `address`, as the person sees it."""
    [*_, message] = [m for m in mail.outbox if m.to == [address]]
    return re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)


def test_organiser_invites_and_the_invitee_registers(
    browser, page, live_server, demo_site
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    EventPage.objects.filter(pk=event.pk).update(requires_approval=False)
    organiser = UserFactory(groups=[ensure_organisers_group()])

    # The organiser signs in and invites one person in the Wagtail admin.
    page.goto("/admin/participants/invitations/new/")
    page.locator("input[name=login]").fill(organiser.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Wagtail marks required labels with an asterisk, so fields go by name.
    page.locator("select[name=event]").select_option(label=event.title)
    page.locator("input[name=email]").fill(INVITEE)
    page.locator("input[name=name]").fill("Amira Haddad")
    page.locator("select[name=kind]").select_option("participant")
    page.locator("form button[type=submit].button-longrunning").click()
    expect(page.get_by_text(f"Invitation sent to {INVITEE}.")).to_be_visible()

    [message] = [m for m in mail.outbox if m.to == [INVITEE]]
    link = re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)

    # The invitee, in another browser, follows the link and accepts.
    invitee = browser.new_context(base_url=live_server.url, locale="en-GB")
    visitor = invitee.new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(event.title)
    # They can read about the event first, and come back with the same link.
    visitor.get_by_role("link", name="about the event").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(visitor).to_have_url(re.compile(re.escape(event.url) + "$"))
    visitor.goto(link)
    visitor.get_by_role("button", name="Accept the invitation").click()

    # The signup page says which event the account is for.
    expect(visitor.locator(".entrance-event")).to_have_text(
        f"For {event.title}, {event.date_range}."
    )
    # The account's address is the invited one and cannot be changed.
    email = visitor.get_by_label("Email")
    expect(email).to_have_value(INVITEE)
    expect(email).to_have_attribute("readonly", "")
    visitor.get_by_label("Password:", exact=True).fill("a long private passphrase 7")
    visitor.get_by_label("Password (again)").fill("a long private passphrase 7")
    visitor.get_by_role("button", name="Create account").click()

    expect(visitor.get_by_role("heading", level=1)).to_have_text(event.title)
    visitor.get_by_label("Dietary needs").fill("Vegetarian")
    visitor.get_by_label("I have read and agree to the privacy notice.").check()
    visitor.get_by_role("button", name="Register").click()

    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Your place is confirmed"
    )
    confirmations = [
        m for m in mail.outbox if m.to == [INVITEE] and "confirmed" in m.subject
    ]
    assert len(confirmations) == 1
    invitee.close()


def test_uninvited_visitor_cannot_get_an_account(page, demo_site):
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Registration is by invitation only"
    )
    expect(page.locator("input[name=password1]")).to_have_count(0)

    page.goto("/invitations/not-a-real-invitation-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This invitation link is not valid"
    )


def test_invitee_who_closed_the_browser_after_accepting_resumes_with_the_link(
    browser, live_server, event, viewport, axe
):
    invitations.invite(event=event, email=INVITEE, name="Amira Haddad")
    link = emailed_link(INVITEE)

    # Accepting leads to the signup form; then the browser is closed.
    first = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=viewport
    )
    visitor = first.new_page()
    visitor.goto(link)
    visitor.get_by_role("button", name="Accept the invitation").click()
    expect(visitor.get_by_label("Email")).to_have_value(INVITEE)
    first.close()

    # A fresh browser: the same link says where things stand and leads on.
    fresh = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=viewport
    )
    visitor = fresh.new_page()
    visitor.set_default_timeout(15_000)
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(visitor.locator(".lead")).to_have_text(
        "Dear Amira Haddad, you have accepted this invitation."
    )
    expect(visitor.get_by_text("Your account is not set up yet.")).to_be_visible()
    axe.check(visitor)
    visitor.get_by_role("button", name="Continue").click()

    email = visitor.get_by_label("Email")
    expect(email).to_have_value(INVITEE)
    expect(email).to_have_attribute("readonly", "")
    visitor.get_by_label("Password:", exact=True).fill(PASSWORD)
    visitor.get_by_label("Password (again)").fill(PASSWORD)
    visitor.get_by_role("button", name="Create account").click()

    expect(visitor.get_by_role("heading", level=1)).to_have_text(event.title)
    visitor.get_by_label("I have read and agree to the privacy notice.").check()
    visitor.get_by_role("button", name="Register").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Your place is confirmed"
    )

    # Registered: the link has done its work.
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "This invitation link is not valid"
    )
    fresh.close()
    axe.assert_clean()
