"""Accounts: made with a verified address, found by address, reset safely."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction


@transaction.atomic
def create_account(*, email, password, first_name="", last_name="", groups=()):
    """Create a user whose email address is already verified.

    Returns the user. Raises `ValueError` if the address already has an account.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValueError(f"An account for {email} already exists.")
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    if groups:
        user.groups.add(*groups)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def find_account(*, email):
    """The user with this email address (case-insensitive), or None."""
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def password_reset_accounts(*, email):
    """The active accounts a password reset for `email` may go to.

    Only an account that verified the address: an unverified address is one
    anybody could have typed, so its holder gets no reset link for it.
    """
    return list(
        get_user_model().objects.filter(
            is_active=True,
            emailaddress__email__iexact=email.strip(),
            emailaddress__verified=True,
        )
    )


@transaction.atomic
def claim_invited_address(*, invitation):
    """The invitation verified its address: other accounts' unverified claims go.

    Called when the invitee signs up, so an address someone else typed in and
    never verified neither blocks the invitee's account nor takes its resets.
    """
    claims = EmailAddress.objects.filter(email__iexact=invitation.email, verified=False)
    claims.exclude(user__email__iexact=invitation.email).delete()
