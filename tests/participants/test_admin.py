import csv
import datetime
import io
import re

import pytest
from django.core import mail
from openpyxl import load_workbook

from participants.models import Invitation, Registration
from tests.factories import InvitationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITATIONS = "/admin/participants/invitations/"
REGISTRATIONS = "/admin/participants/registrations/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def upload(client, event, content, **extra):
    return client.post(
        INVITATIONS + "import/",
        {
            "event": event.pk,
            "file": io.BytesIO(content.encode()),
            **extra,
        },
        format="multipart",
    )


@pytest.mark.parametrize(
    "path",
    [
        INVITATIONS,
        INVITATIONS + "new/",
        INVITATIONS + "import/",
        INVITATIONS + "import/invitations.csv",
        REGISTRATIONS,
        "/admin/bulk/participants/invitation/revoke/?id=1",
    ],
)
def test_admin_pages_refuse_a_user_who_is_not_an_organiser(client, path):
    client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 403


def test_admin_pages_send_anonymous_visitors_to_sign_in(client):
    response = client.get(INVITATIONS)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={INVITATIONS}"


def test_organiser_sees_invitations_filtered_by_status_and_searched(
    organiser_client, event_page
):
    InvitationFactory(event=event_page, name="Amina Rahman")
    InvitationFactory(
        event=event_page, name="Ben Lee", status=Invitation.Status.DECLINED
    )
    response = organiser_client.get(INVITATIONS, {"status": "declined"})
    assert response.status_code == 200
    assert [i.name for i in response.context["object_list"]] == ["Ben Lee"]
    response = organiser_client.get(INVITATIONS, {"q": "amina"})
    assert [i.name for i in response.context["object_list"]] == ["Amina Rahman"]


def row_text(html, name):
    """The words of the listing row that names `name`, tags and spacing gone."""
    [row] = [row for row in html.split("<tr")[1:] if name in row]
    return " ".join(re.sub(r"<[^>]+>", " ", row.split("</tr>")[0]).split())


def test_invitation_list_says_how_far_each_accepted_invitee_has_got(
    organiser_client, event_page
):
    accepted = {"event": event_page, "status": Invitation.Status.ACCEPTED}
    InvitationFactory(name="Amina Rahman", **accepted)
    UserFactory(email=InvitationFactory(name="Ben Lee", **accepted).email.upper())
    RegistrationFactory(invitation__name="Chen Wei", invitation__event=event_page)
    InvitationFactory(event=event_page, name="Dina Sayed")

    html = organiser_client.get(INVITATIONS).content.decode()

    assert "Accepted, no account yet" in row_text(html, "Amina Rahman")
    assert "Accepted, not registered yet" in row_text(html, "Ben Lee")
    assert "Accepted, registered" in row_text(html, "Chen Wei")
    assert "Pending" in row_text(html, "Dina Sayed")
    # Once in the table (the filter offers it too).
    rows = html.split('<table class="listing')[1].split("</table>")[0]
    assert rows.count("Accepted, no account yet") == 1


@pytest.mark.parametrize("count", [1, 20])
def test_invitation_list_queries_do_not_grow(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    InvitationFactory.create_batch(count, event=event_page)
    with django_assert_max_num_queries(14):
        response = organiser_client.get(INVITATIONS)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_registration_list_queries_do_not_grow(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    RegistrationFactory.create_batch(count, invitation__event=event_page)
    with django_assert_max_num_queries(14):
        response = organiser_client.get(REGISTRATIONS)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == count


def test_organiser_invites_one_person_and_the_email_goes_out(
    organiser_client, organiser, event_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            INVITATIONS + "new/",
            {
                "event": event_page.pk,
                "email": "Amina@Example.org",
                "name": "Amina Rahman",
                "organisation": "",
                "kind": "speaker",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.kind, invitation.invited_by) == (
        "amina@example.org",
        "speaker",
        organiser,
    )
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


def test_invite_form_shows_an_error_for_a_second_invitation(
    organiser_client, event_page
):
    InvitationFactory(event=event_page, email="amina@example.org")
    response = organiser_client.post(
        INVITATIONS + "new/",
        {
            "event": event_page.pk,
            "email": "AMINA@example.org",
            "name": "Amina Rahman",
            "kind": "participant",
        },
    )
    assert response.status_code == 200
    assert "already invited" in str(response.context["form"].errors)
    assert Invitation.objects.count() == 1


def test_csv_import_previews_problems_and_saves_nothing(organiser_client, event_page):
    InvitationFactory(event=event_page, email="already@example.org")
    response = upload(
        organiser_client,
        event_page,
        "name,email,organisation,kind\n"
        "Amina Rahman,amina@example.org,Legal Aid,participant\n"
        "Bad Address,not-an-email,,\n"
        "Again,already@example.org,,\n",
    )
    assert response.status_code == 200
    problems = [problem for _, problem in response.context["checked"]]
    assert problems == [
        "",
        "Not a valid email address.",
        "Already invited to this event.",
    ]
    assert "Nothing has been saved" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_csv_import_confirm_with_a_bad_row_still_saves_nothing(
    organiser_client, event_page
):
    content = "name,email\nAmina,amina@example.org\nBad,bad\n"
    response = organiser_client.post(
        INVITATIONS + "import/",
        {"event": event_page.pk, "content": content, "confirm": "1"},
    )
    assert response.status_code == 200
    assert Invitation.objects.count() == 0


def test_csv_import_preview_then_confirm_invites_everyone(
    organiser_client, event_page, django_capture_on_commit_callbacks
):
    content = (
        "name,email,organisation,kind\n"
        "Amina,amina@example.org,,\n"
        "Ben,ben@example.org,,observer\n"
    )
    preview = upload(organiser_client, event_page, content)
    assert Invitation.objects.count() == 0
    assert preview.context["problem_count"] == 0
    confirm = preview.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            INVITATIONS + "import/",
            {
                "event": confirm["event"].value(),
                "content": confirm["content"].value(),
                "confirm": "1",
            },
        )
    assert response.status_code == 302
    assert "2 rows are ready." in preview.content.decode()
    assert "Send 2 invitations" in preview.content.decode()
    assert sorted(Invitation.objects.values_list("email", "kind")) == [
        ("amina@example.org", "participant"),
        ("ben@example.org", "observer"),
    ]
    assert len(mail.outbox) == 2


def test_csv_import_without_a_file_shows_an_error(organiser_client, event_page):
    response = organiser_client.post(INVITATIONS + "import/", {"event": event_page.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Choose a CSV file."]


def test_bulk_revoke_confirms_then_revokes(organiser_client, event_page):
    first, second = InvitationFactory.create_batch(2, event=event_page)
    url = (
        f"/admin/bulk/participants/invitation/revoke/?next={INVITATIONS}"
        f"&id={first.pk}&id={second.pk}"
    )
    assert organiser_client.get(url).status_code == 200
    assert Invitation.objects.filter(status="revoked").count() == 0
    response = organiser_client.post(url, follow=True)
    assert response.status_code == 200
    assert Invitation.objects.filter(status="revoked").count() == 2
    messages = [str(m).strip() for m in response.context["messages"]]
    assert messages == ["2 invitations revoked."]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("revoke", "1 invitation revoked."),
        ("resend", "1 invitation resent."),
        ("remind", "1 reminder sent."),
    ],
)
def test_bulk_action_messages_count_one_in_the_singular(
    organiser_client, event_page, action, message
):
    invitation = InvitationFactory(event=event_page)

    response = organiser_client.post(
        f"/admin/bulk/participants/invitation/{action}/"
        f"?next={INVITATIONS}&id={invitation.pk}",
        follow=True,
    )

    assert [str(m).strip() for m in response.context["messages"]] == [message]


def test_bulk_resend_and_remind_send_emails(
    organiser_client, event_page, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(event=event_page)
    for action in ["resend", "remind", "remind"]:
        with django_capture_on_commit_callbacks(execute=True):
            organiser_client.post(
                f"/admin/bulk/participants/invitation/{action}/?id={invitation.pk}"
            )
    assert [m.subject.startswith("Reminder") for m in mail.outbox] == [False, True]


def test_bulk_remind_says_why_no_reminder_went_out(
    organiser_client, event_page, django_capture_on_commit_callbacks
):
    answered = [
        InvitationFactory(event=event_page, status=status)
        for status in ("accepted", "declined", "accepted")
    ]
    query = "&".join(f"id={invitation.pk}" for invitation in answered)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            f"/admin/bulk/participants/invitation/remind/?{query}", follow=True
        )
    assert [str(m) for m in response.context["messages"]] == [
        "No reminders sent: all 3 invitations have been answered."
    ]
    assert mail.outbox == []


def test_bulk_approve_and_reject_registrations(organiser_client, event_page):
    waiting = RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.PENDING_APPROVAL
    )
    other = RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.PENDING_APPROVAL
    )
    organiser_client.post(
        f"/admin/bulk/participants/registration/approve/?id={waiting.pk}"
    )
    organiser_client.post(
        f"/admin/bulk/participants/registration/reject/?id={other.pk}"
    )
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert (waiting.status, other.status) == ("confirmed", "rejected")
    assert list(waiting.user.groups.all()) == [event_page.participant_group]


def test_registration_export_csv_neutralises_formulas(organiser_client, event_page):
    RegistrationFactory(
        invitation__event=event_page,
        user__first_name='=HYPERLINK("http://evil")',
        dietary="+1 vegetarian",
    )
    response = organiser_client.get(REGISTRATIONS, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(content)))
    assert row["Name"].startswith('\'=HYPERLINK("http://evil")')
    assert row["Dietary needs"] == "'+1 vegetarian"


def test_registration_export_xlsx_neutralises_formulas(organiser_client, event_page):
    RegistrationFactory(invitation__event=event_page, access_needs="@SUM(A1)")
    response = organiser_client.get(REGISTRATIONS, {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    column = rows[0].index("Access needs")
    assert rows[1][column] == "'@SUM(A1)"


def test_registrations_cannot_be_added_or_copied_in_the_admin(
    organiser_client, event_page
):
    registration = RegistrationFactory(invitation__event=event_page)
    assert organiser_client.get(REGISTRATIONS + "new/").status_code == 404
    copy = organiser_client.get(REGISTRATIONS + f"copy/{registration.pk}/")
    assert copy.status_code == 404
    html = organiser_client.get(REGISTRATIONS).content.decode()
    assert f'href="{REGISTRATIONS}new/"' not in html


def test_organiser_edits_an_invitations_name_but_not_its_address(
    organiser_client, event_page
):
    invitation = InvitationFactory(event=event_page, email="amina@example.org")
    edit = INVITATIONS + f"edit/{invitation.pk}/"
    assert organiser_client.get(edit).status_code == 200
    response = organiser_client.post(
        edit,
        {
            "name": "Dr Amina Rahman",
            "organisation": "Legal Aid",
            "kind": "speaker",
            "email": "other@example.org",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.name, invitation.kind, invitation.email) == (
        "Dr Amina Rahman",
        "speaker",
        "amina@example.org",
    )
    inspect = organiser_client.get(INVITATIONS + f"inspect/{invitation.pk}/")
    assert inspect.status_code == 200
    assert invitation.token_hash not in inspect.content.decode()


def test_registration_list_and_inspect_write_the_days_out(organiser_client, event_page):
    registration = RegistrationFactory(
        invitation__event=event_page, days=["2014-06-26", "2014-06-27"]
    )

    listing = organiser_client.get(REGISTRATIONS)
    inspect = organiser_client.get(f"{REGISTRATIONS}inspect/{registration.pk}/")

    days = "Thursday 26 and Friday 27 June 2014"
    headings = [
        str(column.label) for column in listing.context["table"].columns.values()
    ]
    assert "Days" in headings
    assert days in listing.content.decode()
    fields = {field["label"]: field["value"] for field in inspect.context["fields"]}
    assert fields["Days"] == days


def test_registration_export_reads_as_people_write(organiser_client, event_page):
    registration = RegistrationFactory(
        invitation__event=event_page,
        invitation__kind=Invitation.Kind.SPEAKER,
        invitation__organisation="Coastal Migrants Legal Aid",
        user__first_name="Maria",
        user__last_name="de la Cruz Santos",
        days=["2014-06-26", "2014-06-27"],
        listed_consent=True,
        dietary="Vegetarian",
    )
    Registration.objects.update(
        created_at=datetime.datetime(2014, 6, 20, 1, 2, 3, 456789, tzinfo=datetime.UTC)
    )

    csv_response = organiser_client.get(REGISTRATIONS, {"export": "csv"})
    xlsx_response = organiser_client.get(REGISTRATIONS, {"export": "xlsx"})

    header = [
        "Name",
        "Email",
        "Organisation",
        "Kind",
        "Status",
        "Days",
        "Dietary needs",
        "Access needs",
        "Listed in the participant list",
        "Created at",
        "Answers",
    ]
    row = [
        "Maria de la Cruz Santos",
        registration.user.email,
        "Coastal Migrants Legal Aid",
        "Speaker",
        "Confirmed",
        "Thursday 26 and Friday 27 June 2014",
        "Vegetarian",
        "",
        "Yes",
        "Friday 20 June 2014, 09:02 (Singapore time, UTC+08:00)",
        "",
    ]
    content = b"".join(csv_response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(content))) == [header, row]
    workbook = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    assert [
        ["" if cell is None else cell for cell in values]
        for values in workbook.active.values
    ] == [header, row]


def test_invitation_export_uses_the_labels_of_kind_and_status(
    organiser_client, event_page
):
    InvitationFactory(
        event=event_page,
        name="Maria de la Cruz Santos",
        kind=Invitation.Kind.OBSERVER,
        status=Invitation.Status.DECLINED,
    )

    response = organiser_client.get(INVITATIONS, {"export": "csv"})

    content = b"".join(response.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(content)))
    assert (row["Name"], row["Kind"], row["Status"]) == (
        "Maria de la Cruz Santos",
        "Observer",
        "Declined",
    )
