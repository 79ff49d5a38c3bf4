"""Invitation links: the token each email carries, and the record of sending.

Only a token's hash is stored, so each email carries a freshly issued one.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from participants.models import Invitation
from participants.models.invitations import hash_token


def new_token():
    """A fresh raw token (256 bits from `secrets`) and the hash to store."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


@transaction.atomic
def issue_token(*, invitation):
    """Give `invitation` a new link and return its raw token.

    The previous link stops working. Used when an email is sent: only the
    hash is stored, so each email carries a freshly issued token.
    """
    raw, token_hash = new_token()
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=token_hash, updated_at=timezone.now()
    )
    invitation.token_hash = token_hash
    return raw


@transaction.atomic
def record_sent(*, invitation, error="", reminder=False):
    """Note that an email went out, or why it did not."""
    now = timezone.now()
    fields = {"send_error": error, "updated_at": now}
    if not error:
        fields["reminded_at" if reminder else "sent_at"] = now
    Invitation.objects.filter(pk=invitation.pk).update(**fields)
