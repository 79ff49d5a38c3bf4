"""Invitations: sent, revoked, accepted or declined through a link (reminders
are in `participants.reminders`).

Plain functions with keyword-only arguments; views, forms, admin hooks and the
allauth adapter call these instead of re-implementing them.
"""

import datetime
from collections import Counter
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone

from participants import ended
from participants.accounts import create_account
from participants.errors import InvitationError
from participants.models import Invitation, Registration
from participants.models.invitations import hash_token
from participants.tasks import send_invitation_email, send_invitation_emails
from participants.tokens import new_token


def normalise_email(email):
    return get_user_model().objects.normalize_email(email or "").strip().lower()


def find_invitation(*, token):
    """The invitation whose link carries `token`, or None. Never changes state."""
    if not token or len(token) > 128:
        return None
    return (
        Invitation.objects.select_related("event", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


# Invitations that ended without an answer to act on: inviting the address
# again reopens them (one invitation per event and address).
ENDED = {
    Invitation.Status.DECLINED,
    Invitation.Status.REVOKED,
    Invitation.Status.EXPIRED,
}


@transaction.atomic
def invite(*, event, email, name, organisation="", kind="", invited_by=None, send=True):
    """Invite one person to `event`; the email goes out after the commit.

    An address whose invitation was declined, revoked or expired is invited
    again on that invitation, with a new link. Raises `InvitationError` if the
    address is invalid, or invited and not yet past that, or the event has ended.
    """
    ended.refuse_if_ended(event, ended.invite_refusal(event))
    email, details = _checked(
        email=email,
        name=name,
        organisation=organisation,
        kind=kind,
        invited_by=invited_by,
    )
    earlier = (
        Invitation.objects.select_for_update().filter(event=event, email=email).first()
    )
    if earlier is not None:
        if earlier.status not in ENDED:
            raise InvitationError(f"{email} is already invited to this event.")
        for field, value in details.items():
            setattr(earlier, field, value)
        return _reopen(earlier, send=send, fields=list(details))
    invitation = _new_invitation(event, email, details)
    invitation.save()
    if send:
        queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def invite_many(*, event, people, invited_by=None, send=True):
    """Invite each of `people` to `event`, none of them invited to it before.

    `people` are dicts of `invite`'s email, name, organisation and kind, held to
    its rules; one email task sends them all after the commit. Costs the same
    few queries for 10 people or 5,000: one read of the event's invitations
    and one insert (SQLite binds at most 999 values to a query, so there it is
    an insert per 62 people). Raises `InvitationError`, inviting nobody, if a
    person fails a rule, appears twice, or already has an invitation to the
    event in any state: invite again, reinstate and resend are one by one.
    """
    ended.refuse_if_ended(event, ended.invite_refusal(event))
    checked = [_checked(invited_by=invited_by, **person) for person in people]
    emails = Counter(email for email, _ in checked)
    if twice := sorted(email for email, count in emails.items() if count > 1):
        raise InvitationError(f"Listed more than once: {', '.join(twice)}.")
    already = set(
        Invitation.objects.filter(event=event)
        .order_by()
        .values_list("email", flat=True)
    )
    if invited := sorted(already.intersection(emails)):
        raise InvitationError(f"Already invited to this event: {', '.join(invited)}.")
    invitations = Invitation.objects.bulk_create(
        _new_invitation(event, email, details) for email, details in checked
    )
    if send and invitations:
        transaction.on_commit(
            partial(
                send_invitation_emails.enqueue,
                [invitation.pk for invitation in invitations],
            )
        )
    return invitations


def _checked(*, email, name, organisation="", kind="", invited_by=None):
    """The normalised address and the details of an invitation, by the rules.

    Raises `InvitationError` for an invalid address or a missing name.
    """
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvitationError(f"“{email}” is not a valid email address.") from error
    if not name.strip():
        raise InvitationError("A name is required.")
    return email, {
        "name": name.strip(),
        "organisation": organisation.strip(),
        "kind": kind or Invitation.Kind.PARTICIPANT,
        "invited_by": invited_by,
    }


def _new_invitation(event, email, details):
    """An unsaved pending invitation with its expiry date and no working link."""
    _, token_hash = new_token()  # replaced by the one sent in the email
    return Invitation(
        event=event,
        email=email,
        token_hash=token_hash,
        expires_at=_new_expiry(event),
        **details,
    )


def _new_expiry(event):
    return timezone.now() + datetime.timedelta(days=event.invitation_validity_days)


def _reopen(invitation, *, send=True, fields=()):
    """A locked invitation pending again, with a fresh date and no working link.

    The answer and the reminder of its last round are cleared; the email
    brings the new link. Refused once the event has ended.
    """
    ended.refuse_if_ended(invitation.event, ended.invite_refusal(invitation.event))
    invitation.status = Invitation.Status.PENDING
    invitation.expires_at = _new_expiry(invitation.event)
    invitation.reminded_at = invitation.responded_at = None
    invitation.decline_reason = invitation.send_error = ""
    _, invitation.token_hash = new_token()
    invitation.save(
        update_fields=[
            *fields,
            "status",
            "expires_at",
            "reminded_at",
            "responded_at",
            "decline_reason",
            "send_error",
            "token_hash",
            "updated_at",
        ]
    )
    if send:
        queue_invitation_email(invitation, resend=True)
    return invitation


@transaction.atomic
def reinstate(*, invitation):
    """Undo a revocation: the invitation is pending again and sent with a new link.

    The revoked link stays void.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.REVOKED:
        raise InvitationError(
            f"The invitation to {invitation.email} is not revoked: it is "
            f"{invitation.get_status_display().lower()}."
        )
    return _reopen(invitation)


@transaction.atomic
def invite_again(*, invitation):
    """Invite someone who declined once more: a new link, a new answer.

    Their earlier answer (and reason) is cleared.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.DECLINED:
        raise InvitationError(
            f"{invitation.email} has not declined: the invitation is "
            f"{invitation.get_status_display().lower()}."
        )
    return _reopen(invitation)


def queue_invitation_email(invitation, *, reminder=False, resend=False):
    transaction.on_commit(
        partial(
            send_invitation_email.enqueue,
            invitation.pk,
            reminder=reminder,
            resend=resend,
        )
    )


@transaction.atomic
def resend(*, invitation):
    """Send the invitation again with a new link and a fresh expiry date.

    Possible while it is pending or expired, or accepted with no registration
    made yet (the person lost the way to the form). The earlier link stops
    working at once, as the email says.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    ended.refuse_if_ended(invitation.event, ended.invite_refusal(invitation.event))
    resendable = invitation.status in {
        Invitation.Status.PENDING,
        Invitation.Status.EXPIRED,
    } or (
        invitation.status == Invitation.Status.ACCEPTED
        and not Registration.objects.filter(invitation=invitation).exists()
    )
    if not resendable:
        raise InvitationError(
            f"The invitation to {invitation.email} is "
            f"{invitation.get_status_display().lower()}."
        )
    invitation.status = Invitation.Status.PENDING
    invitation.expires_at = _new_expiry(invitation.event)
    invitation.send_error = ""
    # No link works until the email brings the new one.
    _, invitation.token_hash = new_token()
    invitation.save(
        update_fields=["status", "expires_at", "send_error", "token_hash", "updated_at"]
    )
    queue_invitation_email(invitation, resend=True)
    return invitation


@transaction.atomic
def revoke(*, invitation):
    """Withdraw an invitation that has not been used; its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status not in {Invitation.Status.PENDING, Invitation.Status.EXPIRED}:
        raise InvitationError(
            f"The invitation to {invitation.email} is already "
            f"{invitation.get_status_display().lower()}."
        )
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    return invitation


def lock_invitation(*, invitation):
    """Lock the invitation's row until the current transaction ends."""
    return Invitation.objects.select_for_update().get(pk=invitation.pk)


def _lock_usable(token):
    """The pending, unexpired invitation for `token`, locked; else InvitationError.

    An invitation to an event that has ended can no longer be answered.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise InvitationError("This invitation link is no longer valid.")
    ended.refuse_if_ended(invitation.event, ended.ANSWER)
    return invitation


@transaction.atomic
def accept(*, token, user=None):
    """Accept the invitation behind `token`; the link is used up.

    A signed-in `user` must hold the invited address: a forwarded link does not
    let someone else in. Two concurrent accepts: the row lock lets one through
    and the other gets `InvitationError`.
    """
    invitation = _lock_usable(token)
    if user is not None and normalise_email(user.email) != invitation.email:
        raise InvitationError(
            "This invitation was sent to another email address. Sign out and "
            "follow the link again, or ask the organisers for an invitation."
        )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


@transaction.atomic
def accept_in_person(*, invitation):
    """The invitee accepts in front of an organiser (a walk-in at the door).

    No link is used: the organiser vouches for the person. Only a pending
    invitation, and not once the event has ended.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("event")
        .get(pk=invitation.pk)
    )
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationError(
            f"The invitation to {invitation.email} is "
            f"{invitation.get_status_display().lower()}."
        )
    ended.refuse_if_ended(invitation.event, ended.ANSWER)
    invitation.status = Invitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


@transaction.atomic
def decline(*, token, reason=""):
    """Decline the invitation behind `token`, with an optional reason."""
    invitation = _lock_usable(token)
    invitation.status = Invitation.Status.DECLINED
    invitation.decline_reason = reason.strip()
    invitation.responded_at = timezone.now()
    invitation.save(
        update_fields=["status", "decline_reason", "responded_at", "updated_at"]
    )
    return invitation


def can_continue(*, invitation, now=None):
    """Whether the link of an accepted invitation still leads on.

    Accepting answers the invitation; the account and the registration come
    after it, and a person may lose their session on the way (a closed
    browser). Until they have registered, and before the link's date,
    following the link again resumes where they stopped. It opens the signup
    only while no account holds the invited address (`AccountAdapter`).
    """
    return (
        invitation.status == Invitation.Status.ACCEPTED
        and invitation.expires_at > (now or timezone.now())
        and not Registration.objects.filter(invitation=invitation).exists()
    )


def with_progress(invitations):
    """`invitations` with what `progress` reads, in the same query."""
    accounts = get_user_model().objects.annotate(address=Lower("email"))
    # Both sides lowered (an invitation's address is stored lower case): a bare
    # column on one side would give SQLite's comparison the column's affinity,
    # and then it scans every account instead of `user_email_lower_idx`.
    return invitations.select_related("registration").annotate(
        has_account=Exists(accounts.filter(address=Lower(OuterRef("email"))))
    )


def progress(invitation):
    """How far the invitee has got: the status, and after accepting, the step.

    Reads the annotations of `with_progress`.
    """
    if invitation.status != Invitation.Status.ACCEPTED:
        return invitation.get_status_display()
    if getattr(invitation, "registration", None) is not None:
        return "Accepted, registered"
    if invitation.has_account:
        return "Accepted, not registered yet"
    return "Accepted, no account yet"


def awaiting_registration(*, invitation_id, email=None):
    """The accepted invitation with no registration yet, or None."""
    invitations = Invitation.objects.select_related("event").filter(
        pk=invitation_id,
        status=Invitation.Status.ACCEPTED,
        registration__isnull=True,
    )
    if email is not None:
        invitations = invitations.filter(email=normalise_email(email))
    return invitations.first()


@transaction.atomic
def create_invitee_account(*, invitation, password, first_name="", last_name=""):
    """The account for an accepted invitation, its address already verified."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.ACCEPTED:
        raise InvitationError("This invitation has not been accepted.")
    try:
        return create_account(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
    except ValueError as error:
        raise InvitationError("An account for this address already exists.") from error
