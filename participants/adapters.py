from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from participants import services

# The accepted invitation a visitor is signing up or registering for.
INVITATION_SESSION_KEY = "participants_invitation_id"


def invitation_for_signup(request):
    """The session's accepted, unused invitation whose address has no account."""
    if request is None or not hasattr(request, "session"):
        return None
    invitation_id = request.session.get(INVITATION_SESSION_KEY)
    if not invitation_id:
        return None
    invitation = services.awaiting_registration(invitation_id=invitation_id)
    if invitation is None or services.find_account(email=invitation.email):
        return None
    return invitation


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by invitation only.

    Signup opens only for a visitor whose session carries an accepted, unused
    invitation; the account's address is the invited one, already verified.
    """

    def is_open_for_signup(self, request):
        return invitation_for_signup(request) is not None

    def clean_email(self, email):
        invitation = invitation_for_signup(self.request)
        if invitation is not None:
            # The invited address, whatever was posted.
            return invitation.email
        return super().clean_email(email)

    def is_email_verified(self, request, email):
        invitation = invitation_for_signup(request)
        if invitation is not None and invitation.email == email.strip().lower():
            return True
        return super().is_email_verified(request, email)

    def save_user(self, request, user, form, commit=True):
        with transaction.atomic():
            invitation = invitation_for_signup(request)
            if invitation is None:
                raise ImmediateHttpResponse(redirect("account_signup"))
            services.lock_invitation(invitation=invitation)
            if services.find_account(email=invitation.email):
                raise ImmediateHttpResponse(redirect("account_login"))
            user = super().save_user(request, user, form, commit=False)
            user.email = invitation.email
            first, _, last = invitation.name.partition(" ")
            user.first_name, user.last_name = first, last
            if commit:
                user.save()
        return user

    def get_signup_redirect_url(self, request):
        invitation_id = request.session.get(INVITATION_SESSION_KEY)
        if invitation_id:
            return reverse("register", args=[invitation_id])
        return super().get_signup_redirect_url(request)
