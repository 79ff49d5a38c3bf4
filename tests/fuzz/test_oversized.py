"""10 MB fields: a plain 400 that says why, and nothing saved."""

import io

import pytest

from tests.fuzz.hostile import BAD_REQUEST, changes, client_for, snapshot, text_of

pytestmark = pytest.mark.django_db

TEN_MB = "x" * (10 * 1024 * 1024)


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
@pytest.mark.parametrize(
    "form",
    [
        "invitation",
        "signup",
        "login",
        "password reset",
        "registration",
        "delete",
    ],
)
def test_a_10_mb_field_gets_a_400_that_says_why(
    invitation, registration, form, encoding
):
    participant = registration.user
    path, field, user = {
        "invitation": (f"/invitations/{invitation.raw_token}/", "reason", None),
        "signup": ("/accounts/signup/", "password1", None),
        "login": ("/accounts/login/", "password", None),
        "password reset": ("/accounts/password/reset/", "email", None),
        "registration": (
            f"/my/registrations/{registration.pk}/edit/",
            "dietary",
            participant,
        ),
        "delete": ("/my/delete/", "password", participant),
    }[form]
    client = client_for(user)
    if form == "signup":
        # Signup reads the form only for a visitor holding an accepted invitation.
        client.post(f"/invitations/{invitation.raw_token}/", {"action": "accept"})
    before = snapshot()
    data = {"action": "decline", field: TEN_MB}
    if encoding == "urlencoded":
        response = client.post(
            path,
            "&".join(f"{key}={value}" for key, value in data.items()),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = client.post(path, data)
    assert response.status_code == 400
    assert BAD_REQUEST in text_of(response)
    assert "too large" in text_of(response)
    assert changes(before, snapshot()) == []


def test_a_10_mb_csv_file_is_refused_with_a_form_error(organiser, event_page):
    client = client_for(organiser)
    before = snapshot()
    content = b"name,email\n" + b"Amina,amina@example.org\n" * 500_000
    response = client.post(
        "/admin/participants/invitations/import/",
        {"event": event_page.pk, "file": io.BytesIO(content), "confirm": "1"},
    )
    assert response.status_code == 200
    assert "The file is larger than 1 MB." in text_of(response)
    assert changes(before, snapshot()) == []
