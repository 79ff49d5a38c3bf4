import re

from django.core import mail
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.factories import UserFactory
from tests.factories.users import DEFAULT_PASSWORD

INVITEE = "amira.haddad@example.org"


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
    visitor.get_by_role("button", name="Accept the invitation").click()

    # The account's address is the invited one and cannot be changed.
    email = visitor.get_by_label("Email")
    expect(email).to_have_value(INVITEE)
    expect(email).to_have_attribute("readonly", "")
    visitor.get_by_label("Password:", exact=True).fill("a long private passphrase 7")
    visitor.get_by_label("Password (again)").fill("a long private passphrase 7")
    visitor.get_by_role("button", name="Sign Up").click()

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
