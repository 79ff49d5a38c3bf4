"""Staff set up two-factor authentication before the Wagtail admin (production)."""

import pytest
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from cryptography.fernet import InvalidToken

from roundtable.security import MFA_REQUIRED_MESSAGE
from tests.factories import UserFactory, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def staff_mfa_required(settings):
    settings.ROUNDTABLE_STAFF_MFA_REQUIRED = True


def sign_in(client, user):
    """Through allauth, which records when they last gave their password."""
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def current_code(secret):
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]  # the middle one is now
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/api/main/pages/",
        "/admin/users/",
        "/admin/snippets/",
    ],
)
def test_organiser_without_totp_is_sent_to_totp_setup(client, organiser, url):
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP
    assert b"wagtail" not in response.content.lower()


def test_organiser_without_totp_cannot_post_to_the_admin(client, organiser):
    client.force_login(organiser)
    response = client.post("/admin/pages/search/", {"q": "x"})
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP


def test_superuser_without_totp_is_sent_to_totp_setup(client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == TOTP_SETUP


def reauthenticate(client):
    """allauth asks for the password again before an authenticator is added."""
    response = client.post(
        f"/accounts/reauthenticate/?next={TOTP_SETUP}", {"password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP


def test_totp_setup_says_why_in_the_site_layout(client, organiser, home_page):
    sign_in(client, organiser)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert [url for url, _ in response.redirect_chain] == [
        TOTP_SETUP,
        "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    ]
    page = response.content.decode()
    assert MFA_REQUIRED_MESSAGE in page
    assert 'class="site-header"' in page

    reauthenticate(client)
    page = client.get(TOTP_SETUP).content.decode()
    assert 'class="site-header"' in page
    assert 'src="data:image/svg+xml;base64,' in page


def test_organiser_sets_up_totp_then_reaches_the_admin(
    client, organiser, home_page, django_capture_on_commit_callbacks
):
    """Activating checks a code: that session has used the second factor.

    allauth says so after the commit, which here comes after the response.
    """
    sign_in(client, organiser)
    reauthenticate(client)
    response = client.get(TOTP_SETUP)
    assert response.status_code == 200
    secret = response.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(TOTP_SETUP, {"code": current_code(secret)})
    assert response.status_code == 302
    assert organiser.authenticator_set.filter(type="totp").count() == 1
    assert client.get("/admin/").status_code == 200


def test_organiser_with_totp_gives_the_code_at_login_then_reaches_the_admin(
    client, organiser, home_page
):
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)

    response = client.post(
        "/accounts/login/", {"login": organiser.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    # Not signed in yet: the admin sends them to log in.
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")

    response = client.post(
        "/accounts/2fa/authenticate/", {"code": current_code(secret)}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"Dashboard" in response.content


def test_wrong_code_does_not_sign_in(client, organiser, home_page):
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    client.post(
        "/accounts/login/", {"login": organiser.email, "password": DEFAULT_PASSWORD}
    )
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wagtail_password_login_is_closed(client, organiser):
    """Wagtail's own login form would skip the second factor."""
    response = client.post(
        "/admin/login/?next=/admin/pages/",
        {"username": organiser.email, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    assert "_auth_user_id" not in client.session


def test_participant_never_sees_the_mfa_demand(client, event_page):
    participant = confirmed_registration(event=event_page).user
    client.force_login(participant)
    assert client.get("/my/").status_code == 200
    response = client.get("/admin/")
    # One plain refusal (roundtable.security); no TOTP set-up demand.
    assert response.status_code == 403
    assert b"Set up an authenticator" not in response.content


def test_no_mfa_demand_when_the_setting_is_off(client, organiser, settings):
    settings.ROUNDTABLE_STAFF_MFA_REQUIRED = False
    client.force_login(organiser)
    assert client.get("/admin/").status_code == 200


def test_wagtail_front_end_login_is_closed_to_a_password_alone(
    client, organiser, home_page
):
    """`/_util/login/` was Django's plain LoginView: the password alone signed in."""
    TOTP.activate(organiser, generate_totp_secret())
    response = client.post(
        "/_util/login/?next=/admin/",
        {"username": organiser.email, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"] == "/accounts/login/?next=/admin/"


def test_organiser_with_totp_signed_in_without_the_code_is_asked_for_it(
    client, organiser, home_page, settings
):
    """A session with no second factor on record gets no admin page, required or not."""
    settings.ROUNDTABLE_STAFF_MFA_REQUIRED = False
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    client.force_login(organiser)  # a sign-in that used no second factor

    for url in ("/admin/", "/admin/snippets/", "/admin/api/main/pages/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == (
            "/accounts/2fa/reauthenticate/?next=" + url.replace("/", "%2F")
        )

    response = client.post(
        "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F",
        {"code": current_code(secret)},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_reauthentication_is_not_a_second_factor(
    client, organiser, home_page
):
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    client.force_login(organiser)
    response = client.post(
        "/accounts/reauthenticate/?next=/admin/", {"password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_another_users_second_factor_in_the_session_does_not_count(
    client, organiser, home_page
):
    other = UserFactory(groups=list(organiser.groups.all()))
    other_secret = generate_totp_secret()
    TOTP.activate(other, other_secret)
    TOTP.activate(organiser, generate_totp_secret())
    client.post(
        "/accounts/login/", {"login": other.email, "password": DEFAULT_PASSWORD}
    )
    client.post("/accounts/2fa/authenticate/", {"code": current_code(other_secret)})
    assert client.get("/admin/").status_code == 200

    client.force_login(organiser)
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_totp_secret_is_stored_encrypted(client, organiser, home_page):
    sign_in(client, organiser)
    reauthenticate(client)
    secret = client.get(TOTP_SETUP).context["form"].secret
    response = client.post(TOTP_SETUP, {"code": current_code(secret)})
    assert response.status_code == 302

    authenticator = Authenticator.objects.get(user=organiser, type="totp")
    stored = authenticator.data["secret"]
    assert stored.startswith("fernet:")
    assert secret not in stored
    assert get_mfa_adapter().decrypt(stored) == secret
    recovery = Authenticator.objects.get(user=organiser, type="recovery_codes")
    assert recovery.data["seed"].startswith("fernet:")


def test_encrypted_totp_secret_still_signs_in(client, organiser, home_page):
    secret = generate_totp_secret()
    TOTP.activate(organiser, secret)
    assert organiser.authenticator_set.get().data["secret"] != secret

    client.post(
        "/accounts/login/", {"login": organiser.email, "password": DEFAULT_PASSWORD}
    )
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": current_code(secret)}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)


def test_plaintext_totp_secret_of_before_encryption_still_signs_in(
    client, organiser, home_page
):
    secret = generate_totp_secret()
    Authenticator.objects.create(
        user=organiser, type=Authenticator.Type.TOTP, data={"secret": secret}
    )

    client.post(
        "/accounts/login/", {"login": organiser.email, "password": DEFAULT_PASSWORD}
    )
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": current_code(secret)}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)


def test_mfa_secret_key_encrypts_new_secrets_and_old_ones_still_read(settings):
    adapter = get_mfa_adapter()
    with_secret_key = adapter.encrypt("JBSWY3DPEHPK3PXP")
    settings.MFA_SECRET_KEY = "a-key-for-totp-secrets-only"
    with_mfa_key = adapter.encrypt("JBSWY3DPEHPK3PXP")

    assert adapter.decrypt(with_mfa_key) == "JBSWY3DPEHPK3PXP"
    assert adapter.decrypt(with_secret_key) == "JBSWY3DPEHPK3PXP"
    settings.MFA_SECRET_KEY = ""
    with pytest.raises(InvalidToken):
        adapter.decrypt(with_mfa_key)
