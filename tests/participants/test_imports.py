import pytest

from participants import errors, imports
from participants.models import Invitation
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
