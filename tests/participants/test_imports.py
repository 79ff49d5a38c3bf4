import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from participants import errors, imports, invitations
from participants.models import Invitation
from participants.tasks import send_invitation_emails
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_check_import_names_each_rows_problem(event_page):
    InvitationFactory(event=event_page, email="already@example.org")
    rows = [
        {
            "line": 2,
            "name": "A",
            "email": "a@example.org",
            "organisation": "",
            "kind": "",
        },
        {
            "line": 3,
            "name": "B",
            "email": "not-an-email",
            "organisation": "",
            "kind": "",
        },
        {
            "line": 4,
            "name": "C",
            "email": "A@example.org",
            "organisation": "",
            "kind": "",
        },
        {
            "line": 5,
            "name": "D",
            "email": "already@example.org",
            "organisation": "",
            "kind": "",
        },
        {
            "line": 6,
            "name": "",
            "email": "e@example.org",
            "organisation": "",
            "kind": "",
        },
        {
            "line": 7,
            "name": "F",
            "email": "f@example.org",
            "organisation": "",
            "kind": "vip",
        },
    ]
    assert [
        problem for _, problem in imports.check_import(event=event_page, rows=rows)
    ] == [
        "",
        "Not a valid email address.",
        "Appears more than once in this file.",
        "Already invited to this event.",
        "A name is required.",
        "Kind must be participant, speaker or observer.",
    ]


def test_import_invitations_saves_nothing_when_a_row_is_bad(event_page):
    rows = [
        {
            "line": 2,
            "name": "A",
            "email": "a@example.org",
            "organisation": "",
            "kind": "",
        },
        {"line": 3, "name": "B", "email": "bad", "organisation": "", "kind": ""},
    ]
    with pytest.raises(errors.InvitationError, match="Line 3"):
        imports.import_invitations(event=event_page, rows=rows)
    assert Invitation.objects.count() == 0


def test_import_leaves_ended_invitations_to_their_own_actions(event_page):
    """A spreadsheet does not invite again whoever declined or was revoked:
    the row says which action of the invitations list does it."""
    for email, status in [
        ("declined@example.org", Invitation.Status.DECLINED),
        ("revoked@example.org", Invitation.Status.REVOKED),
        ("expired@example.org", Invitation.Status.EXPIRED),
        ("pending@example.org", Invitation.Status.PENDING),
    ]:
        InvitationFactory(event=event_page, email=email, status=status)
    rows = [
        {"line": line, "name": "A", "email": email, "organisation": "", "kind": ""}
        for line, email in enumerate(
            [
                "declined@example.org",
                "revoked@example.org",
                "expired@example.org",
                "pending@example.org",
            ],
            start=2,
        )
    ]
    assert [
        problem for _, problem in imports.check_import(event=event_page, rows=rows)
    ] == [
        "Declined this invitation: to invite again, use “Invite again” in the "
        "invitations list.",
        "Invitation revoked: to invite again, use “Reinstate” in the invitations list.",
        "Invitation expired: to invite again, use “Resend” in the invitations list.",
        "Already invited to this event.",
    ]


def rows_of(*emails):
    return [
        {
            "line": line,
            "name": "Someone",
            "email": email,
            "organisation": "",
            "kind": "",
        }
        for line, email in enumerate(emails, start=2)
    ]


def test_import_can_invite_the_fit_rows_and_leave_the_rest(event_page):
    rows = rows_of("a@example.org", "not-an-email", "b@example.org")
    invited = imports.import_invitations(
        event=event_page, rows=rows, skip_problems=True
    )
    assert sorted(i.email for i in invited) == ["a@example.org", "b@example.org"]
    assert Invitation.objects.count() == 2


def test_import_skipping_problems_still_refuses_a_file_with_no_fit_row(event_page):
    with pytest.raises(errors.InvitationError, match="No row can be imported"):
        imports.import_invitations(
            event=event_page, rows=rows_of("bad", "worse"), skip_problems=True
        )
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("count", [10, 40])
def test_import_costs_the_same_queries_for_any_number_of_rows(
    event_page,
    organiser,
    count,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    """Two reads of the invitations (check, invite), one insert, savepoints.

    The emails go out after the commit, from one task.
    """
    rows = rows_of(*(f"person{n}@example.org" for n in range(count)))
    with (
        django_capture_on_commit_callbacks() as callbacks,
        django_assert_max_num_queries(7),
    ):
        invited = imports.import_invitations(
            event=event_page, rows=rows, invited_by=organiser
        )
    assert len(invited) == count
    assert mail.outbox == []

    for callback in callbacks:
        callback()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        row["email"] for row in rows
    )
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()


def test_imported_invitations_follow_the_rules_of_one(
    event_page, organiser, django_capture_on_commit_callbacks
):
    rows = rows_of(" Amina.Rahman@Example.ORG ")
    rows[0].update(name=" Amina Rahman ", organisation=" IOM ", kind="Speaker")
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = imports.import_invitations(
            event=event_page, rows=rows, invited_by=organiser
        )

    invitation.refresh_from_db()
    assert (invitation.email, invitation.name, invitation.organisation) == (
        "amina.rahman@example.org",
        "Amina Rahman",
        "IOM",
    )
    assert invitation.kind == Invitation.Kind.SPEAKER
    assert invitation.invited_by == organiser
    assert invitation.status == Invitation.Status.PENDING
    expected = timezone.now() + datetime.timedelta(
        days=event_page.invitation_validity_days
    )
    assert abs(invitation.expires_at - expected) < datetime.timedelta(minutes=1)
    assert len(invitation.token_hash) == 64
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1


def test_a_batch_of_emails_restarted_sends_none_twice(event_page):
    invited = invitations.invite_many(
        event=event_page,
        people=[
            {"email": "a@example.org", "name": "A"},
            {"email": "b@example.org", "name": "B"},
        ],
        send=False,
    )
    ids = [invitation.pk for invitation in invited]
    send_invitation_emails.func(ids[:1])  # the run that stopped half-way

    send_invitation_emails.func(ids)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.org",
        "b@example.org",
    ]


def test_a_failed_email_in_a_batch_is_recorded_and_the_rest_still_go(
    event_page, settings, monkeypatch
):
    invited = invitations.invite_many(
        event=event_page,
        people=[
            {"email": "a@example.org", "name": "A"},
            {"email": "b@example.org", "name": "B"},
        ],
        send=False,
    )
    real_send = EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["a@example.org"]:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)

    with pytest.raises(RuntimeError, match="1 of 2"):
        send_invitation_emails.func([invitation.pk for invitation in invited])

    assert [message.to for message in mail.outbox] == [["b@example.org"]]
    failed = Invitation.objects.get(email="a@example.org")
    assert "mail server down" in failed.send_error
    assert failed.sent_at is None


def test_invite_many_refuses_an_address_already_invited_and_invites_nobody(
    event_page,
):
    InvitationFactory(
        event=event_page, email="a@example.org", status=Invitation.Status.DECLINED
    )
    with pytest.raises(errors.InvitationError, match="a@example.org"):
        invitations.invite_many(
            event=event_page,
            people=[
                {"email": "b@example.org", "name": "B"},
                {"email": "A@example.org", "name": "A"},
            ],
        )
    assert Invitation.objects.count() == 1
