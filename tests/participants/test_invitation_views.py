import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from participants.models import Invitation, Registration
from tests.factories import (
    InvitationFactory,
    RegistrationFactory,
    UserFactory,
    confirmed_registration,
)
from tests.factories.users import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD = "a long and private passphrase 77"
REFUSAL = "<h1>This invitation link is not valid</h1>"


def url(invitation):
    return f"/invitations/{invitation.raw_token}/"


def sign_up(client, email="ignored@example.org"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def register(client, invitation, **data):
    defaults = {
        "days": ["2014-06-26", "2014-06-27"],
        "dietary": "Vegetarian",
        "access_needs": "",
        "listed_consent": "on",
        "privacy_agreed": "on",
    }
    return client.post(f"/my/register/{invitation.pk}/", {**defaults, **data})


def test_invitation_page_shows_the_invitation_and_get_changes_nothing(
    client, invitation
):
    before = Invitation.objects.values().get()
    for _ in range(2):
        response = client.get(url(invitation))
        assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{invitation.event.title}</h1>" in html
    assert "Dear Amina Rahman" in html
    assert 'value="accept"' in html and 'value="decline"' in html
    assert Invitation.objects.values().get() == before
    assert response["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "case", ["unknown", "expired", "revoked", "declined", "registered", "accepted late"]
)
def test_unusable_links_all_get_the_same_refusal(client, invitation, settings, case):
    event = invitation.event
    event.contact_email = "roundtable@example.org"
    event.save()
    token = invitation.raw_token
    if case == "unknown":
        token = "x" * 43
    elif case == "expired":
        invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    elif case == "accepted late":
        # Accepted, but the link's date has passed before the person registered.
        invitation.status = Invitation.Status.ACCEPTED
        invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    else:
        invitation.status = {
            "revoked": Invitation.Status.REVOKED,
            "declined": Invitation.Status.DECLINED,
            "registered": Invitation.Status.ACCEPTED,
        }[case]
    invitation.save()
    if case == "registered":
        RegistrationFactory(invitation=invitation, event=invitation.event)
    registrations_before = Registration.objects.count()
    for response in [
        client.get(f"/invitations/{token}/"),
        client.post(f"/invitations/{token}/", {"action": "accept"}),
        client.post(f"/invitations/{token}/", {"action": "continue"}),
    ]:
        assert response.status_code == 404
        html = response.content.decode()
        assert REFUSAL in html
        assert invitation.event.title not in html
        assert invitation.email not in html
    invitation.refresh_from_db()
    assert Registration.objects.count() == registrations_before


def test_new_invitee_accepts_signs_up_with_the_invited_address_and_registers(
    client, invitation, django_capture_on_commit_callbacks
):
    response = client.post(url(invitation), {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/"

    signup_page = client.get("/accounts/signup/")
    assert signup_page.status_code == 200
    html = signup_page.content.decode()
    assert f'value="{invitation.email}"' in html
    assert "readonly" in html

    # Whatever address is posted, the account gets the invited one, verified.
    response = sign_up(client, email="someone.else@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/my/register/{invitation.pk}/"
    user = get_user_model().objects.get()
    assert user.email == invitation.email
    assert (user.first_name, user.last_name) == ("Amina", "Rahman")
    assert list(EmailAddress.objects.values_list("email", "verified")) == [
        (invitation.email, True)
    ]
    assert client.session["_auth_user_id"] == str(user.pk)
    assert mail.outbox == []  # no verification email

    form = client.get(f"/my/register/{invitation.pk}/")
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, invitation)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/registrations/{registration.pk}/"
    confirmation = client.get(response["Location"])
    assert "<h1>Your place is confirmed</h1>" in confirmation.content.decode()
    assert registration.user == user
    assert registration.listed_consent is True
    [message] = mail.outbox
    assert message.to == [invitation.email]
    assert message.attachments[0][0] == f"{invitation.event.slug}.ics"

    # The link is used up, and signup is closed again.
    assert client.get(url(invitation)).status_code == 404
    client.logout()
    assert sign_up(client).status_code == 200
    assert get_user_model().objects.count() == 1


def test_accepted_invitee_who_closed_the_browser_resumes_signup_with_the_link(
    client, invitation
):
    """Accepting, then losing the session before the account exists, locks nobody
    out: the same link leads back to the signup, which it opens once."""
    from django.test import Client

    client.post(url(invitation), {"action": "accept"})
    fresh = Client()  # the browser was closed: no session, no cookie

    page = fresh.get(url(invitation))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>{invitation.event.title}</h1>" in html
    assert "Dear Amina Rahman, you have accepted this invitation." in html
    assert 'value="continue"' in html
    assert 'value="accept"' not in html and 'value="decline"' not in html
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED

    response = fresh.post(url(invitation), {"action": "continue"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/signup/")
    response = sign_up(fresh)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/my/register/{invitation.pk}/",
    )
    assert get_user_model().objects.get().email == invitation.email
    response = register(fresh, invitation)
    assert response.status_code == 302
    assert Registration.objects.get().user.email == invitation.email

    # Registered: the link is used up.
    assert Client().get(url(invitation)).status_code == 404


def test_link_after_the_account_exists_leads_to_sign_in_not_a_second_signup(
    client, invitation
):
    from django.test import Client

    client.post(url(invitation), {"action": "accept"})
    sign_up(client)
    fresh = Client()

    page = fresh.get(url(invitation))
    assert page.status_code == 200
    assert "Sign in with " in page.content.decode()
    response = fresh.post(url(invitation), {"action": "continue"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/login/?next=%2Fmy%2Fregister%2F{invitation.pk}%2F"
    )
    # The link made its one account: signup stays closed.
    assert "Registration is by invitation only" in sign_up(fresh).content.decode()
    assert get_user_model().objects.count() == 1


def test_signed_in_invitee_following_the_link_again_goes_to_the_form(
    client, invitation
):
    client.force_login(UserFactory(email=invitation.email))
    client.post(url(invitation), {"action": "accept"})
    response = client.post(url(invitation), {"action": "continue"})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/my/register/{invitation.pk}/",
    )


@pytest.mark.parametrize("who", ["participant of another event", "another account"])
def test_accepted_link_does_not_continue_for_someone_else_signed_in(
    client, invitation, other_event, who
):
    from django.test import Client

    client.post(url(invitation), {"action": "accept"})
    other = Client()
    if who == "participant of another event":
        other.force_login(confirmed_registration(event=other_event).user)
    else:
        other.force_login(UserFactory())

    page = other.get(url(invitation))
    assert "sent to another email address" in page.content.decode()
    assert 'value="continue"' not in page.content.decode()
    response = other.post(url(invitation), {"action": "continue"})
    assert response.status_code == 403
    assert "participants_invitation_id" not in other.session
    assert get_user_model().objects.filter(email=invitation.email).count() == 0


def test_registration_awaits_confirmation_when_the_event_requires_approval(
    client, invitation
):
    invitation.event.requires_approval = True
    invitation.event.save()
    client.post(url(invitation), {"action": "accept"})
    sign_up(client)
    response = register(client, invitation)
    page = client.get(response["Location"])
    assert "<h1>Awaiting confirmation</h1>" in page.content.decode()
    user = get_user_model().objects.get()
    assert user.groups.count() == 0


def test_registration_form_shows_errors_and_saves_nothing_without_consent(
    client, invitation
):
    client.post(url(invitation), {"action": "accept"})
    sign_up(client)
    response = register(client, invitation, privacy_agreed="", days=[])
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"privacy_agreed", "days"}
    assert Registration.objects.count() == 0


def test_existing_account_holder_is_sent_to_sign_in_then_registers(client, invitation):
    user = UserFactory(email=invitation.email)
    response = client.post(url(invitation), {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/login/?next=%2Fmy%2Fregister%2F{invitation.pk}%2F"
    )
    # The sign-in page says what the account holder is signing in for.
    sign_in_page = client.get(response["Location"]).content.decode()
    assert (
        f"To register for <strong>{invitation.event.title}</strong>, "
        f"{invitation.event.date_range}." in sign_in_page
    )
    # Signup stays closed: the address has an account.
    assert sign_up(client).status_code == 200
    assert get_user_model().objects.count() == 1
    client.post(
        response["Location"], {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    response = register(client, invitation)
    assert response.status_code == 302
    assert Registration.objects.get().user == user


def test_signed_in_invitee_goes_straight_to_the_form(client, invitation):
    client.force_login(UserFactory(email=invitation.email))
    response = client.post(url(invitation), {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == f"/my/register/{invitation.pk}/"


def test_forwarded_link_is_refused_for_another_signed_in_person(client, invitation):
    client.force_login(UserFactory(email="forwarded-to@example.org"))
    page = client.get(url(invitation))
    assert "sent to another email address" in page.content.decode()
    assert 'value="accept"' not in page.content.decode()
    for action in ["accept", "decline"]:
        response = client.post(url(invitation), {"action": action})
        assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert Registration.objects.count() == 0


def test_registration_form_is_refused_to_another_account(client, invitation):
    client.post(url(invitation), {"action": "accept"})
    client.force_login(UserFactory(email="forwarded-to@example.org"))
    assert client.get(f"/my/register/{invitation.pk}/").status_code == 404
    assert register(client, invitation).status_code == 404
    assert Registration.objects.count() == 0


def test_decline_with_a_reason_shows_thanks(client, invitation):
    response = client.post(
        url(invitation), {"action": "decline", "reason": "Travelling that week."}
    )
    assert response.status_code == 302
    assert response["Location"] == "/invitations/declined/"
    assert "Thank you" in client.get("/invitations/declined/").content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert invitation.decline_reason == "Travelling that week."


def test_post_without_csrf_token_is_refused(invitation):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        url(invitation), {"action": "accept"}
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_signup_without_invitation_in_session_stays_closed_after_accept_elsewhere(
    client, invitation
):
    # Someone else accepted in another browser: this session has nothing.
    InvitationFactory(event=invitation.event, status=Invitation.Status.ACCEPTED)
    response = sign_up(client, email=invitation.email)
    assert "Registration is by invitation only" in response.content.decode()
    assert get_user_model().objects.count() == 0


@pytest.mark.parametrize("path", ["/my/", "/my/register/1/", "/my/registrations/1/"])
def test_my_pages_send_anonymous_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_my_registration_pages_are_refused_to_other_users(client, event_page):
    registration = RegistrationFactory(invitation__event=event_page)
    client.force_login(UserFactory())
    assert client.get(f"/my/registrations/{registration.pk}/").status_code == 404
    assert client.get(f"/my/registrations/{registration.pk}/edit/").status_code == 404
    response = client.post(f"/my/registrations/{registration.pk}/cancel/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def future(event):
    event.start_date = timezone.localdate() + datetime.timedelta(days=10)
    event.end_date = event.start_date
    event.save()


def test_my_page_lists_registrations_and_lets_the_person_edit_and_cancel(
    client, event_page
):
    future(event_page)
    registration = RegistrationFactory(invitation__event=event_page)
    client.force_login(registration.user)
    html = client.get("/my/").content.decode()
    assert event_page.title in html
    assert f'href="/my/registrations/{registration.pk}/edit/"' in html

    response = client.post(
        f"/my/registrations/{registration.pk}/edit/",
        {"days": [event_page.start_date.isoformat()], "dietary": "Halal"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.dietary == "Halal"

    response = client.post(f"/my/registrations/{registration.pk}/cancel/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_registration_of_a_started_event_cannot_be_edited(client, event_page):
    registration = RegistrationFactory(invitation__event=event_page)
    client.force_login(registration.user)
    html = client.get("/my/").content.decode()
    assert "/edit/" not in html
    assert client.get(f"/my/registrations/{registration.pk}/edit/").status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_my_page_queries_do_not_grow_with_registrations(
    client, event_index, count, django_assert_max_num_queries
):
    user = UserFactory()
    for _ in range(count):
        RegistrationFactory(
            user=user,
            invitation__email=user.email,
            invitation__event__parent=event_index,
        )
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get("/my/")
    assert response.status_code == 200
    assert len(response.context["registrations"]) == count


def test_signup_page_does_not_say_whether_an_address_has_an_account(client, user):
    # Signup is closed for everybody without an invitation, known or not.
    known = sign_up(client, email=user.email)
    unknown = sign_up(client, email="nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert re.sub(r"csrfmiddlewaretoken\" value=\"\w+", "", known.content.decode()) == (
        re.sub(r"csrfmiddlewaretoken\" value=\"\w+", "", unknown.content.decode())
    )


def test_event_page_shows_the_signed_in_persons_registration(client, event_page):
    registration = RegistrationFactory(invitation__event=event_page)
    assert "Your registration" not in client.get(event_page.url).content.decode()
    client.force_login(UserFactory())
    assert "Your registration" not in client.get(event_page.url).content.decode()
    client.force_login(registration.user)
    html = client.get(event_page.url).content.decode()
    assert "Your registration" in html
    assert f'href="/my/registrations/{registration.pk}/"' in html


def test_decline_with_an_overlong_reason_shows_the_error(client, invitation):
    response = client.post(url(invitation), {"action": "decline", "reason": "x" * 2001})
    assert response.status_code == 200
    assert list(response.context["decline_form"].errors) == ["reason"]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_post_with_an_unknown_action_changes_nothing(client, invitation):
    response = client.post(url(invitation), {"action": "delete"})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_the_signup_page_names_the_event_and_the_sign_in_page_only_when_invited(
    client, invitation
):
    assert "To register for" not in client.get("/accounts/login/").content.decode()
    client.post(url(invitation), {"action": "accept"})
    signup = client.get("/accounts/signup/").content.decode()
    assert (
        f"For <strong>{invitation.event.title}</strong>, "
        f"{invitation.event.date_range}." in signup
    )
