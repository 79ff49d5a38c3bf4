"""allauth: signup through an invitation, login, password reset; hostile input."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from hypothesis import given

from participants.models import Invitation
from tests.fuzz.hostile import (
    assert_refused_clearly,
    changes,
    client_for,
    form_data,
    raw_bodies,
    raw_content_types,
    rolled_back,
    send,
    snapshot,
)

pytestmark = pytest.mark.django_db


def accepted_client(invitation):
    client = client_for()
    response = client.post(
        f"/invitations/{invitation.raw_token}/", {"action": "accept"}
    )
    assert response["Location"] == "/accounts/signup/"
    return client


@given(data=form_data(["email", "password1", "password2"]))
def test_signup_through_an_invitation_creates_the_invited_account_or_nothing(
    invitation, data
):
    with rolled_back():
        client = accepted_client(invitation)
        before = snapshot()
        response = send(client, "post", "/accounts/signup/", data=data)
        after = snapshot()
        if response.status_code == 302:
            user = get_user_model().objects.get(email=invitation.email)
            password = data["password1"]
            assert user.check_password(password)
            assert EmailAddress.objects.filter(
                user=user, email=invitation.email, verified=True
            ).exists()
            assert changes(before, after) == ["email_addresses", "users"]
            assert response["Location"] == f"/my/register/{invitation.pk}/"
        else:
            assert_refused_clearly(response)
            assert changes(before, after) == []
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.ACCEPTED


@given(data=form_data(["login", "password", "remember", "next"]))
def test_login_with_hostile_input_is_refused_with_a_message(user, data):
    with rolled_back():
        before = snapshot()
        response = send(client_for(), "post", "/accounts/login/", data=data)
        assert_refused_clearly(response)
        assert changes(before, snapshot()) == []


@given(data=form_data(["email"]))
def test_password_reset_request_with_hostile_input_changes_nothing(user, data):
    with rolled_back():
        before = snapshot()
        response = send(client_for(), "post", "/accounts/password/reset/", data=data)
        if response.status_code == 302:
            assert response["Location"] == "/accounts/password/reset/done/"
        else:
            assert_refused_clearly(response)
        assert changes(before, snapshot()) == []


@given(body=raw_bodies, content_type=raw_content_types)
def test_account_forms_with_a_malformed_body_change_nothing(
    invitation, body, content_type
):
    with rolled_back():
        client = accepted_client(invitation)
        before = snapshot()
        for path in [
            "/accounts/signup/",
            "/accounts/login/",
            "/accounts/password/reset/",
        ]:
            response = send(client, "post", path, data=body, content_type=content_type)
            assert response.status_code in {200, 400}
        assert changes(before, snapshot()) == []
