"""axe-core over every public and participant page: no WCAG 2.2 A/AA violations.

Each test loads the demo once and walks many pages, auditing each one, so the
report lists every violation of the walk rather than stopping at the first.
"""

import pytest
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import invitations, tokens
from participants.models import Invitation
from roundtable.models import EventPage
from tests.browser.conftest import load_axe
from tests.factories import ReportPageFactory

EVENT = f"/events/{EVENT_SLUG}/"
REPORT = "/publications/humanitarian-dimension-protection-trafficking-in-persons/"
PASSWORD = "a long private passphrase 7"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

PUBLIC_PAGES = [
    "/",
    "/events/",
    EVENT,
    "/about/",
    "/privacy/",
    f"{EVENT}programme/",
    f"{EVENT}programme/sessions/opening/",
    f"{EVENT}programme/sessions/breakout-children/",
    f"{EVENT}speakers/",
    "/events/sample-roundtable/",
    "/events/sample-roundtable/programme/",
    "/publications/",
    "/publications/?category=southeast-asia-and-asean",
    "/publications/?year=2015",
    "/publications/?page=2",
    REPORT,
    "/search/?q=reintegration",
    "/search/?q=nothing-matches-this",
    "/search/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/signup/",
    "/invitations/not-a-real-invitation-token/",
    "/invitations/declined/",
    "/no-such-page/",
]
# The pages most people land on, audited again at phone size.
MAIN_PAGES = [
    "/",
    "/events/",
    EVENT,
    f"{EVENT}programme/",
    f"{EVENT}programme/sessions/opening/",
    f"{EVENT}speakers/",
    "/publications/",
    REPORT,
    "/search/?q=reintegration",
    "/accounts/login/",
]


# Pages whose normal answer is "not found"; every other page must answer 200.
NOT_FOUND = {"/invitations/not-a-real-invitation-token/", "/no-such-page/"}


def audit(page, axe, paths):
    for path in paths:
        response = page.goto(path)
        assert response.status == (404 if path in NOT_FOUND else 200), path
        axe.check(page)


@pytest.fixture
def more_reports(demo_site):
    """Enough reports for a second page of publications."""
    for number in range(10):
        ReportPageFactory(title=f"Follow-up note {number}")


@pytest.mark.parametrize(
    ("viewport", "paths"),
    [(DESKTOP, PUBLIC_PAGES), (PHONE, MAIN_PAGES)],
    ids=["desktop", "phone"],
)
def test_public_pages_have_no_wcag_violations(
    page, axe, demo_site, more_reports, viewport, paths
):
    page.set_viewport_size(viewport)
    audit(page, axe, paths)
    axe.assert_clean()


def invite(event, email, name):
    invitation = invitations.invite(
        event=event, email=email, name=name, organisation="Example", send=False
    )
    return invitation, tokens.issue_token(invitation=invitation)


def test_forms_with_errors_have_no_wcag_violations(page, axe, demo_site):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    _, token = invite(event, "noor.said@example.org", "Noor Said")

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("nobody@example.org")
    page.locator("input[name=password]").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("form .errorlist")).to_contain_text("not correct")
    axe.check(page)

    page.goto("/accounts/password/reset/")
    page.locator("input[name=email]").fill("not an address")
    page.locator("input[name=email]").evaluate("field => field.type = 'text'")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=email]")).to_have_attribute("aria-invalid", "true")
    axe.check(page)

    # The invitation: a reason longer than the form takes.
    page.goto(f"/invitations/{token}/")
    axe.check(page)
    reason = page.locator("textarea[name=reason]")
    reason.evaluate("field => field.removeAttribute('maxlength')")
    reason.fill("x" * 2001)
    page.get_by_role("button", name="Decline").click()
    expect(page.locator("textarea[name=reason]")).to_have_attribute(
        "aria-invalid", "true"
    )
    axe.check(page)
    axe.assert_clean()


def test_invitee_and_participant_pages_have_no_wcag_violations(page, axe, demo_site):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    EventPage.objects.filter(pk=event.pk).update(requires_approval=False)
    _, token = invite(event, "amira.haddad@example.org", "Amira Haddad")
    _, declined = invite(event, "ravi.menon@example.org", "Ravi Menon")
    _, someone_elses = invite(event, "li.wei@example.org", "Li Wei")

    page.goto(f"/invitations/{declined}/")
    page.get_by_role("button", name="Decline").click()
    expect(page).to_have_url(
        f"{page.url.split('/invitations/')[0]}/invitations/declined/"
    )
    axe.check(page)

    # Signup through the invitation, first with passwords that differ.
    page.goto(f"/invitations/{token}/")
    page.get_by_role("button", name="Accept the invitation").click()
    axe.check(page)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill("something else entirely")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("input[name=password2]")).to_have_attribute(
        "aria-invalid", "true"
    )
    axe.check(page)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # The registration form, first sent without the privacy agreement.
    expect(page.locator("input[name=privacy_agreed]")).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Register").click()
    expect(page.locator("input[name=privacy_agreed]")).to_have_attribute(
        "aria-invalid", "true"
    )
    axe.check(page)
    page.locator("input[name=privacy_agreed]").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your place is confirmed")
    axe.check(page)
    registration_url = page.url

    # /my/ with a booking message, the pass and the calendar feed address.
    page.goto("/my/")
    axe.check(page)
    page.locator("li.breakout[data-session=breakout-children]").get_by_role(
        "button", name="Book a seat"
    ).click()
    expect(page.locator(".messages")).to_contain_text("You have a seat in")
    axe.check(page)
    # Cancelling asks first; keeping the seat goes back.
    page.locator("li.breakout[data-session=breakout-children]").get_by_role(
        "link", name="Cancel booking"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your seat?")
    axe.check(page)
    page.get_by_role("link", name="Keep my seat").click()
    page.locator("#agenda form button[type=submit]").first.click()
    expect(page.locator(".messages")).to_contain_text("calendar")
    axe.check(page)

    audit(
        page,
        axe,
        [
            f"{EVENT}participants/",
            f"{EVENT}programme/",
            f"{EVENT}programme/sessions/breakout-children/",
            registration_url,
            # Signed in, someone else's invitation is refused with an alert.
            f"/invitations/{someone_elses}/",
            "/accounts/logout/",
            "/my/delete/",
        ],
    )

    # Your data: deleting needs the password and the confirmation.
    page.locator("input[name=password]").fill("not my password")
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("input[name=password]")).to_have_attribute(
        "aria-invalid", "true"
    )
    axe.check(page)

    # Phone size for the participant's own pages.
    page.set_viewport_size(PHONE)
    audit(page, axe, ["/my/", f"{EVENT}participants/", registration_url])
    axe.assert_clean()
    assert Invitation.objects.get(email="ravi.menon@example.org").status == (
        Invitation.Status.DECLINED
    )


def test_missing_axe_install_fails_and_says_how_to_install_it(tmp_path):
    with pytest.raises(pytest.fail.Exception, match=r"run `make test` or `npm ci`"):
        load_axe(tmp_path / "axe.min.js")
