"""An organiser in the Wagtail admin, signed in with a second factor as staff are
in production: ways back from ended states, and approving registrations."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from demo.event import ensure_wagtail_roots
from participants.models import Invitation, Registration
from roundtable.access import ensure_organisers_group
from tests.browser.test_invitations import WIDTHS, emailed_link
from tests.factories import (
    EventPageFactory,
    InvitationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.factories.users import DEFAULT_PASSWORD
from tests.participants.test_mfa import current_code


@pytest.fixture(params=WIDTHS)
def viewport(request):
    return WIDTHS[request.param]


@pytest.fixture
def event(transactional_db):
    ensure_wagtail_roots()
    return EventPageFactory(title="Roundtable on protection at sea")


@pytest.fixture
def organiser(transactional_db, settings):
    """An organiser with an authenticator app, in a site that demands one."""
    settings.ROUNDTABLE_STAFF_MFA_REQUIRED = True
    organiser = UserFactory(
        first_name="Mely", last_name="Caballero", groups=[ensure_organisers_group()]
    )
    organiser.totp_secret = generate_totp_secret()
    TOTP.activate(organiser, organiser.totp_secret)
    return organiser


@pytest.fixture
def admin(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=viewport
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, organiser, path):
    """Through allauth: the password, then a code from the authenticator app."""
    page.goto(path)
    page.locator("input[name=login]").fill(organiser.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=code]").fill(current_code(organiser.totp_secret))
    page.get_by_role("button", name="Sign in").click()


def row_action(page, row, action):
    """Open the "More options" menu of the listing row of `row` and choose `action`."""
    page.get_by_role("button", name=f"More options for '{row}'").click()
    page.get_by_role("link", name=action, exact=True).click()


def test_organiser_invites_a_decliner_again_and_the_new_link_works(
    admin, browser, live_server, event, organiser
):
    InvitationFactory(
        event=event,
        name="Ben Lee",
        email="ben.lee@example.org",
        status=Invitation.Status.DECLINED,
        decline_reason="Travelling that week.",
    )

    sign_in(admin, organiser, f"/admin/participants/invitations/?event={event.pk}")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Invitations")
    row = admin.get_by_role("row").filter(has_text="Ben Lee")
    expect(row).to_contain_text("Declined")

    row_action(admin, "Ben Lee <ben.lee@example.org>", "Invite again")
    expect(admin.get_by_text("These people declined.")).to_be_visible()
    expect(admin.locator("main")).to_contain_text("Ben Lee <ben.lee@example.org>")
    admin.get_by_role("button", name="Invite again").click()

    expect(admin.locator(".messages")).to_contain_text(
        "1 person who declined was invited again with a new link."
    )
    expect(admin.get_by_role("row").filter(has_text="Ben Lee")).to_contain_text(
        "Pending"
    )
    [message] = [m for m in mail.outbox if m.to == ["ben.lee@example.org"]]
    assert message.subject == f"Your invitation to {event.title}: a new link"

    # Ben, in his own browser, can answer again.
    invitee = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = invitee.new_page()
    page.goto(emailed_link("ben.lee@example.org"))
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(page.get_by_role("button", name="Accept the invitation")).to_be_visible()
    invitee.close()


def test_organiser_approves_a_registration_from_the_dashboard_to_its_screen(
    admin, event, organiser
):
    event.start_date = timezone.localdate() + datetime.timedelta(days=30)
    event.end_date = event.start_date
    event.requires_approval = True
    event.save_revision().publish()
    waiting = RegistrationFactory(
        invitation__event=event,
        invitation__name="Amira Haddad",
        user__first_name="Amira",
        user__last_name="Haddad",
        status=Registration.Status.PENDING_APPROVAL,
    )

    # The dashboard says who is waiting, per event, and leads to them.
    sign_in(admin, organiser, "/admin/")
    panel = admin.get_by_role("region", name="Registrations awaiting approval")
    expect(panel.get_by_role("row").filter(has_text=event.title)).to_contain_text("1")
    panel.get_by_role("link", name=event.title).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Registrations")
    row = admin.get_by_role("row").filter(has_text="Amira Haddad")
    expect(row).to_contain_text("Awaiting confirmation")

    # Her own screen offers Approve and Reject; approving is confirmed first.
    row.get_by_role("link", name="Amira Haddad").click()
    admin.get_by_role("link", name="Approve", exact=True).click()
    expect(admin.get_by_text("Approve the selected registrations:")).to_be_visible()
    admin.get_by_role("button", name="Approve", exact=True).click()

    expect(admin.locator(".messages")).to_contain_text("1 registration approved.")
    expect(admin.get_by_role("link", name="Approve", exact=True)).to_have_count(0)
    expect(admin.get_by_role("link", name="Reject", exact=True)).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.subject for m in mail.outbox if m.to == [waiting.user.email]] == [
        f"Your place is confirmed: {event.title}"
    ]

    # Nobody is waiting any more.
    admin.goto("/admin/")
    expect(
        admin.get_by_role("region", name="Registrations awaiting approval")
    ).to_contain_text("No registrations are awaiting approval.")
