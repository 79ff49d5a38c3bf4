import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.factories import UserFactory
from tests.factories.users import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_page_says_registration_is_by_invitation_only(client, home_page):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "<h1>Registration is by invitation only</h1>" in response.content.decode()


def test_signup_post_creates_no_user(client, home_page):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "gatecrasher@example.org",
            "password1": "a perfectly fine password 42",
            "password2": "a perfectly fine password 42",
        },
    )
    assert response.status_code == 200
    assert "Registration is by invitation only" in response.content.decode()
    assert get_user_model().objects.count() == 0


def test_login_with_email_and_password(client, user):
    response = client.post(
        "/accounts/login/", {"login": user.email.upper(), "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_wrong_password_is_refused_without_saying_why(client, user):
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "not my password"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )


def test_logout_is_a_post(client, user):
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_end_to_end(client, user, home_page):
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    )
    assert link is not None

    # allauth moves the key out of the address into the session, then shows the form.
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    [(form_url, status)] = form_page.redirect_chain
    assert status == 302
    assert form_url.endswith("-set-password/")

    new_password = "a brand new passphrase 2026"
    response = client.post(
        form_url, {"password1": new_password, "password2": new_password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"

    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_unknown_email_looks_the_same(client, home_page):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


def test_admin_login_goes_through_the_site_accounts(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_admin_refuses_a_user_who_is_not_an_organiser(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    # One plain refusal: Wagtail's redirect to sign in looped through allauth.
    assert response.status_code == 403


def test_admin_welcomes_an_organiser(client, organiser):
    client.force_login(organiser)
    assert client.get("/admin/").status_code == 200
    assert organiser.is_superuser is False


def test_user_email_is_the_login_and_is_stored_lowercase():
    user = get_user_model().objects.create_user(
        email="Someone@Example.ORG", password="x"
    )
    assert user.email == "someone@example.org"
    assert get_user_model().USERNAME_FIELD == "email"
    assert get_user_model().objects.get_by_natural_key("SOMEONE@example.org") == user


# Addresses: an account's address is the one its invitation verified -----------------

RESET_LINK = re.compile(r"http://testserver(/accounts/password/reset/key/\S+/)")


def accept_and_sign_up(client, invitation):
    url = f"/invitations/{invitation.raw_token}/"
    response = client.post(url, {"action": "accept"})
    assert response["Location"] == "/accounts/signup/"
    password = "the invitee's own passphrase 31"
    return client.post(
        "/accounts/signup/",
        {"email": invitation.email, "password1": password, "password2": password},
    )


def reset_password(client, email, new_password):
    """Ask for a reset for `email`, then follow the one emailed link, if any."""
    mail.outbox.clear()
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response["Location"] == "/accounts/password/reset/done/"
    [message] = mail.outbox
    assert message.to == [email]
    link = RESET_LINK.search(message.body)
    if link is None:
        return message
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": new_password, "password2": new_password})
    return message


def test_nobody_can_add_an_address_so_an_invitee_cannot_be_locked_out(
    client, invitation, home_page
):
    squatter = UserFactory()
    squatter_client = Client()
    squatter_client.force_login(squatter)

    page = squatter_client.get("/accounts/email/")
    response = squatter_client.post(
        "/accounts/email/", {"action_add": "", "email": invitation.email}
    )

    assert page.status_code == 200
    assert 'name="action_add"' not in page.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["An account has 1 email address: the one its invitation was sent to."]
    }
    assert list(EmailAddress.objects.values_list("user", "email", "verified")) == [
        (squatter.pk, squatter.email, True)
    ]

    response = accept_and_sign_up(client, invitation)

    invitee = get_user_model().objects.get(email=invitation.email)
    assert response["Location"] == f"/my/register/{invitation.pk}/"
    assert client.session["_auth_user_id"] == str(invitee.pk)
    client.logout()
    reset_password(client, invitation.email, "reset by the invitee 2026")
    invitee.refresh_from_db()
    squatter.refresh_from_db()
    assert invitee.check_password("reset by the invitee 2026")
    assert squatter.check_password(DEFAULT_PASSWORD)


def test_an_unverified_claim_on_the_invited_address_is_dropped_at_signup(
    client, invitation, home_page
):
    # Added before addresses were closed: the squatter never verified it.
    squatter = UserFactory()
    EmailAddress.objects.create(user=squatter, email=invitation.email, verified=False)

    response = accept_and_sign_up(client, invitation)

    invitee = get_user_model().objects.get(email=invitation.email)
    assert response["Location"] == f"/my/register/{invitation.pk}/"
    assert client.session["_auth_user_id"] == str(invitee.pk)
    assert sorted(EmailAddress.objects.values_list("user", "email", "verified")) == [
        (squatter.pk, squatter.email, True),
        (invitee.pk, invitation.email, True),
    ]
    client.logout()
    reset_password(client, invitation.email, "reset by the invitee 2026")
    invitee.refresh_from_db()
    squatter.refresh_from_db()
    assert invitee.check_password("reset by the invitee 2026")
    assert squatter.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize("whose", ["claimed", "own"])
def test_password_reset_is_never_sent_for_an_unverified_address(
    client, home_page, whose
):
    if whose == "claimed":
        holder = UserFactory()
        email = "someone.else@example.org"
        EmailAddress.objects.create(user=holder, email=email, verified=False)
    else:
        holder = UserFactory(email="never.verified@example.org", verified=False)
        email = holder.email

    message = reset_password(client, email, "a password set by the reset 88")

    # The same email as for an address with no account: no link, nothing revealed.
    assert message.subject == "[Roundtable] No account for this address"
    assert RESET_LINK.search(message.body) is None
    holder.refresh_from_db()
    assert holder.check_password(DEFAULT_PASSWORD)
