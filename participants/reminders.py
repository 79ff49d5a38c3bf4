"""Reminders: each pending invitee reminded once before the link expires, and in
words why the others got none."""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from participants.invitations import queue_invitation_email
from participants.models import Invitation

# Why an invitation gets no reminder: (one, several), after a count.
NOT_REMINDED = {
    "ended": ("is for an event that has ended", "are for events that have ended"),
    "answered": ("has been answered", "have been answered"),
    "revoked": ("is revoked", "are revoked"),
    "expired": ("has expired", "have expired"),
    "reminded": ("was reminded already", "were reminded already"),
}


def reminder_obstacle(invitation, *, now=None):
    """Why `invitation` may not be reminded (a key of NOT_REMINDED), or None."""
    if invitation.event.has_ended:
        return "ended"
    if invitation.status in {Invitation.Status.ACCEPTED, Invitation.Status.DECLINED}:
        return "answered"
    if invitation.status == Invitation.Status.REVOKED:
        return "revoked"
    if invitation.status == Invitation.Status.EXPIRED or (
        invitation.expires_at <= (now or timezone.now())
    ):
        return "expired"
    if invitation.reminded_at is not None:
        return "reminded"
    return None


@transaction.atomic
def _remind(invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    obstacle = reminder_obstacle(invitation)
    if obstacle is None:
        # Claimed now so that a second run cannot remind twice.
        invitation.reminded_at = timezone.now()
        invitation.save(update_fields=["reminded_at", "updated_at"])
        queue_invitation_email(invitation, reminder=True)
    return obstacle


def remind(*, invitation):
    """Remind a pending invitee once; returns False when there is nothing to do."""
    return _remind(invitation) is None


def remind_each(*, invitations):
    """Remind each of `invitations` that may be reminded.

    Returns the number reminded and, for the others, {reason: count} with the
    reasons of `reminder_obstacle`.
    """
    outcome = Counter(_remind(invitation) for invitation in invitations)
    return outcome.pop(None, 0), dict(outcome)


def describe_reminders(*, sent, not_sent, days_before=None, verb="sent"):
    """What a round of reminders did, and why invitations got none, in words.

    `not_sent` is {reason: count}, with the reasons of `reminder_obstacle`, or
    "not due" for pending invitations that expire later than `days_before` days.

    >>> describe_reminders(sent=0, not_sent={"answered": 3})
    'No reminders sent: all 3 invitations have been answered.'
    >>> describe_reminders(sent=2, not_sent={"reminded": 1}, verb="queued")
    '2 reminders queued. Not reminded: 1 invitation was reminded already.'
    """
    done = ngettext("%(n)d reminder %(verb)s.", "%(n)d reminders %(verb)s.", sent) % {
        "n": sent,
        "verb": verb,
    }
    if not not_sent:
        if sent:
            return done
        return f"No reminders {verb}: no invitation is waiting for an answer."
    phrases = {
        **NOT_REMINDED,
        "not due": (
            f"does not expire within {days_before} days",
            f"do not expire within {days_before} days",
        ),
    }
    if not sent and len(not_sent) == 1:
        [(reason, count)] = not_sent.items()
        one, several = phrases[reason]
        if reason == "not due" and count > 1:
            why = (
                f"none of the {count} invitations waiting for an answer expires "
                f"within {days_before} days"
            )
        elif reason == "not due":
            why = f"the invitation waiting for an answer {one}"
        elif count == 1:
            why = f"the invitation {one}"
        else:
            why = f"all {count} invitations {several}"
        return f"No reminders {verb}: {why}."
    parts = []
    for reason, (one, several) in phrases.items():
        if count := not_sent.get(reason):
            noun = ngettext("invitation ", "invitations ", count) if not parts else ""
            parts.append(f"{count} {noun}{one if count == 1 else several}")
    why = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    if not sent:
        return f"No reminders {verb}: {why}."
    return f"{done} Not reminded: {why}."


def send_reminders(*, days_before=7, now=None):
    """Remind every pending invitee whose link expires within `days_before` days.

    Each invitee is reminded once. Pending invitations past their expiry are
    marked expired. Returns the number of reminders queued.
    """
    now = now or timezone.now()
    expire_overdue(now=now)
    due = Invitation.objects.filter(
        status=Invitation.Status.PENDING,
        reminded_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=days_before),
    )
    return sum(remind(invitation=invitation) for invitation in due)


def waiting_without_reminder(*, days_before=7, now=None):
    """Why `send_reminders` leaves the pending invitations alone: {reason: count}.

    "reminded" (once is all) or "not due" (expiring after `days_before` days).
    """
    now = now or timezone.now()
    pending = Invitation.objects.filter(
        status=Invitation.Status.PENDING, expires_at__gt=now
    )
    counts = {
        "reminded": pending.filter(reminded_at__isnull=False).count(),
        "not due": pending.filter(
            reminded_at__isnull=True,
            expires_at__gt=now + datetime.timedelta(days=days_before),
        ).count(),
    }
    return {reason: count for reason, count in counts.items() if count}


@transaction.atomic
def expire_overdue(*, now=None):
    """Mark pending invitations past their expiry date as expired."""
    return Invitation.objects.filter(
        status=Invitation.Status.PENDING, expires_at__lte=now or timezone.now()
    ).update(status=Invitation.Status.EXPIRED, updated_at=timezone.now())
