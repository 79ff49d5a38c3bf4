"""Invitations from a spreadsheet: every row checked first, then all or nothing,
or, if the organiser chooses, the rows without a problem and a list of the rest."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from participants import ended
from participants.errors import InvitationError
from participants.invitations import invite_many, normalise_email
from participants.models import Invitation
from participants.spreadsheets import IMPORT_COLUMNS

# A file invites nobody again: each ended invitation has its own action.
ENDED_INVITATIONS = {
    Invitation.Status.DECLINED: "Declined this invitation: to invite again, use "
    "“Invite again” in the invitations list.",
    Invitation.Status.REVOKED: "Invitation revoked: to invite again, use "
    "“Reinstate” in the invitations list.",
    Invitation.Status.EXPIRED: "Invitation expired: to invite again, use "
    "“Resend” in the invitations list.",
}


def check_import(*, event, rows):
    """Each CSV row with the problem that would stop it, without saving anything.

    Returns a list of (row, problem) pairs; problem is "" for a row that can
    be imported. Once the event has ended, no row can.
    """
    if event.has_ended:
        return [(row, ended.invite_refusal(event)) for row in rows]
    already = dict(
        Invitation.objects.filter(event=event).order_by().values_list("email", "status")
    )
    seen = set()
    checked = []
    for row in rows:
        email = normalise_email(row["email"])
        problem = ""
        try:
            validate_email(email)
        except ValidationError:
            problem = "Not a valid email address."
        if any("\x00" in row[column] for column in IMPORT_COLUMNS):
            # PostgreSQL cannot store it; nobody means one.
            problem = "Contains a NUL character."
        if not problem and not row["name"].strip():
            problem = "A name is required."
        elif (
            not problem
            and row["kind"]
            and row["kind"].lower() not in (Invitation.Kind.values)
        ):
            problem = "Kind must be participant, speaker or observer."
        elif not problem and email in already:
            problem = ENDED_INVITATIONS.get(
                already[email], "Already invited to this event."
            )
        elif not problem and email in seen:
            problem = "Appears more than once in this file."
        seen.add(email)
        checked.append((row, problem))
    return checked


@transaction.atomic
def import_invitations(*, event, rows, invited_by=None, skip_problems=False):
    """Invite every row, or nobody if any row has a problem.

    With `skip_problems`, invite the rows without a problem and leave the
    rest; nobody is invited if no row is fit. Returns the invitations made.
    The rows are invited together (`invitations.invite_many`): the same few
    queries for any number of rows, and one task sends the emails.
    """
    checked = check_import(event=event, rows=rows)
    problems = [f"Line {row['line']}: {problem}" for row, problem in checked if problem]
    if skip_problems:
        checked = [(row, problem) for row, problem in checked if not problem]
        if not checked:
            raise InvitationError("No row can be imported. " + " ".join(problems))
    elif problems:
        raise InvitationError(" ".join(problems))
    return invite_many(
        event=event,
        people=[_person(row) for row, _ in checked],
        invited_by=invited_by,
    )


def invite_rows(*, event, rows, invited_by=None):
    """Invite `rows` that `check_import` passed, sending no email yet.

    For the background import (`participants.import_jobs`), which emails the
    invitations itself, each recorded as it goes.
    """
    return invite_many(
        event=event,
        people=[_person(row) for row in rows],
        invited_by=invited_by,
        send=False,
    )


def _person(row):
    return {
        "email": row["email"],
        "name": row["name"],
        "organisation": row["organisation"],
        "kind": row["kind"].lower(),
    }
