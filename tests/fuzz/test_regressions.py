"""Plain tests for what the fuzzing found, and for the error pages it relies on."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import RequestFactory
from django.views import defaults

from participants.models import Invitation
from tests.factories.users import DEFAULT_PASSWORD
from tests.fuzz.hostile import changes, client_for, snapshot, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data", [{}, {"action": "maybe"}, {"action": ""}])
def test_invitation_post_without_accept_or_decline_says_what_to_do(invitation, data):
    before = snapshot()
    response = client_for().post(f"/invitations/{invitation.raw_token}/", data)
    assert response.status_code == 400
    assert (
        '<p class="message message--error" role="alert">Choose whether to accept or '
        "decline the invitation.</p>"
    ) in text_of(response)
    assert changes(before, snapshot()) == []
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_empty_registration_post_shows_the_errors(invitation):
    from tests.factories import UserFactory

    invitation.status = Invitation.Status.ACCEPTED
    invitation.save()
    user = UserFactory(email=invitation.email)
    before = snapshot()
    response = client_for(user).post(f"/my/register/{invitation.pk}/", {})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "days": ["This field is required."],
        "privacy_agreed": ["This field is required."],
    }
    assert changes(before, snapshot()) == []


def test_empty_registration_edit_post_shows_the_errors(registration):
    before = snapshot()
    response = client_for(registration.user).post(
        f"/my/registrations/{registration.pk}/edit/", {}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"days": ["This field is required."]}
    assert changes(before, snapshot()) == []


def test_empty_account_deletion_post_shows_the_errors(participant):
    before = snapshot()
    response = client_for(participant).post("/my/delete/", {})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password": ["This field is required."],
        "confirm": ["This field is required."],
    }
    assert changes(before, snapshot()) == []


def test_account_deletion_with_password_and_confirmation_still_deletes(participant):
    response = client_for(participant).post(
        "/my/delete/", {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert participant.__class__.objects.filter(pk=participant.pk).exists() is False


def test_bad_request_page_says_what_went_wrong(home_page):
    request = RequestFactory().post("/")
    response = defaults.bad_request(request, SuspiciousOperation("too big"))
    assert response.status_code == 400
    html = text_of(response)
    assert "<h1>Bad request</h1>" in html
    assert "too large (a form may send at most 2.5 MB)" in html


def test_permission_denied_page_says_what_went_wrong(home_page):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = text_of(response)
    assert "<h1>Not allowed</h1>" in html
    assert "You do not have permission to see this page" in html


@pytest.mark.parametrize("cell", ["name", "organisation"])
def test_csv_import_refuses_a_row_with_a_nul_byte(organiser, event_page, cell):
    """A NUL made PostgreSQL fail on saving, and would be stored on SQLite."""
    row = {"name": "Amina Rahman", "organisation": "Harbour Shelter"}
    row[cell] = row[cell].replace(" ", "\x00")
    content = (
        "name,email,organisation\n"
        f"{row['name']},amina@example.org,{row['organisation']}\n"
    )
    before = snapshot()
    response = client_for(organiser).post(
        "/admin/participants/invitations/import/",
        {"event": event_page.pk, "file": io.BytesIO(content.encode()), "confirm": "1"},
    )
    assert response.status_code == 200
    assert response.context["checked"][0][1] == "Contains a NUL character."
    assert changes(before, snapshot()) == []


def test_search_with_a_quote_answers(home_page):
    from tests.factories import ReportPageFactory

    ReportPageFactory(title="Protection of victims")
    response = client_for().get("/search/", {"q": '"><img src=x> victims'})
    assert response.status_code == 200
    assert [page.title for page in response.context["results"]] == [
        "Protection of victims"
    ]
