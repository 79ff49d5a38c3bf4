"""The invitation import screen: partial imports, the blank file, other separators."""

import io

import pytest
from django.core import mail

from participants.models import Invitation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT = "/admin/participants/invitations/import/"
TEMPLATE = IMPORT + "invitations.csv"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def upload(client, event, content):
    return client.post(
        IMPORT,
        {"event": event.pk, "file": io.BytesIO(content.encode("utf-8"))},
        format="multipart",
    )


MIXED = (
    "\ufeffname;email;organisation\n"
    "Amina Rahman;amina@example.org;ICRC\n"
    "Broken Row;not-an-email;\n"
    "Ben Tan;ben@example.org;\n"
)


def test_preview_marks_the_rows_with_a_problem_and_offers_the_rest(
    organiser_client, event_page
):
    html = upload(organiser_client, event_page, MIXED).content.decode()
    assert "1 of 3 rows have a problem, marked below." in html
    assert (
        '<tr class="import-problem"><td>3</td><td><span class="import-problem-text">'
        in html
    )
    assert '<span class="import-problem-text">Not a valid email address.</span>' in html
    assert "Send 2 invitations and skip the rows with a problem" in html
    assert Invitation.objects.count() == 0


def test_sending_the_fit_rows_says_which_lines_were_left_out(
    organiser_client, event_page, django_capture_on_commit_callbacks
):
    preview = upload(organiser_client, event_page, MIXED)
    confirm = preview.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            IMPORT,
            {
                "event": confirm["event"].value(),
                "content": confirm["content"].value(),
                "confirm": "skip",
            },
        )
    response = organiser_client.get(response["Location"])
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "amina@example.org",
        "ben@example.org",
    ]
    assert len(mail.outbox) == 2
    # The worker's summary, on the import's progress page.
    html = response.content.decode()
    assert "2 invitations made; 2 emails sent." in html
    assert "1 row left out: correct it and import it again." in html
    assert "<li>Line 3: Not a valid email address.</li>" in html


def test_a_plain_confirm_of_a_file_with_problems_still_saves_nothing(
    organiser_client, event_page
):
    organiser_client.post(
        IMPORT, {"event": event_page.pk, "content": MIXED, "confirm": "1"}
    )
    assert Invitation.objects.count() == 0


def test_the_blank_file_downloads_for_organisers(organiser_client):
    response = organiser_client.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="invitations.csv"'
    assert response.content.decode("utf-8") == "\ufeffname,email,organisation,kind\r\n"
    assert 'href="/admin/participants/invitations/import/invitations.csv"' in (
        organiser_client.get(IMPORT).content.decode()
    )


def test_the_blank_file_is_refused_to_anyone_else(client, event_page):
    assert client.get(TEMPLATE).status_code == 302  # anonymous: sign in first
    client.force_login(UserFactory())
    assert client.get(TEMPLATE).status_code == 403
    client.force_login(UserFactory(groups=[event_page.participant_group]))
    assert client.get(TEMPLATE).status_code == 403
