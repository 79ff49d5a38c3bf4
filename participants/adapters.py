import base64
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from participants import accounts, invitations

# The accepted invitation a visitor is signing up or registering for.
INVITATION_SESSION_KEY = "participants_invitation_id"


def invitation_for_signup(request):
    """The session's accepted, unused invitation whose address has no account."""
    if request is None or not hasattr(request, "session"):
        return None
    invitation_id = request.session.get(INVITATION_SESSION_KEY)
    if not invitation_id:
        return None
    invitation = invitations.awaiting_registration(invitation_id=invitation_id)
    if invitation is None or accounts.find_account(email=invitation.email):
        return None
    return invitation


def site_url(path):
    """`path` on the site's public address, whatever Host the request came with."""
    return settings.BASE_URL + path


@dataclass(frozen=True)
class PublicSite:
    """What allauth's email templates read from `current_site`, taken from BASE_URL."""

    domain: str
    name: str

    @classmethod
    def from_base_url(cls):
        domain = urlsplit(settings.BASE_URL).netloc
        return cls(domain=domain, name=domain)


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by invitation only.

    Signup opens only for a visitor whose session carries an accepted, unused
    invitation; the account's address is the invited one, already verified.
    Nobody adds other addresses (ACCOUNT_MAX_EMAIL_ADDRESSES = 1).
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth fills in ACCOUNT_MAX_EMAIL_ADDRESSES.
        "max_email_addresses": "An account has %d email address: the one its "
        "invitation was sent to.",
    }

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
            invitations.lock_invitation(invitation=invitation)
            if accounts.find_account(email=invitation.email):
                raise ImmediateHttpResponse(redirect("account_login"))
            user = super().save_user(request, user, form, commit=False)
            user.email = invitation.email
            first, _, last = invitation.name.partition(" ")
            user.first_name, user.last_name = first, last
            if commit:
                user.save()
        return user

    # Emailed links are built on BASE_URL, never on the request's Host header: a
    # forged (if allowed) Host must not put its own address into a reset link.

    def get_reset_password_from_key_url(self, key):
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        )
        return site_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_account_already_exists_mail(self, email):
        context = {
            "signup_url": site_url(reverse("account_signup")),
            "password_reset_url": site_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def send_mail(self, template_prefix, email, context):
        context = {**context, "current_site": PublicSite.from_base_url()}
        if "signup_url" in context:
            # The "unknown account" email, sent by a flow without an adapter hook.
            context["signup_url"] = site_url(reverse("account_signup"))
        super().send_mail(template_prefix, email, context)

    def get_signup_redirect_url(self, request):
        invitation_id = request.session.get(INVITATION_SESSION_KEY)
        if invitation_id:
            return reverse("register", args=[invitation_id])
        return super().get_signup_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds encrypted in the database (Fernet).

    The key comes from `MFA_SECRET_KEY` (environment), or from `SECRET_KEY` when
    that is empty; either way through HKDF with a salt of its own, so the cipher
    key is never a key used for anything else. New secrets are encrypted with
    the first of those; reading also accepts `MFA_SECRET_KEY_FALLBACKS`,
    `SECRET_KEY` and `SECRET_KEY_FALLBACKS`, so a key can be rotated (or
    `MFA_SECRET_KEY` introduced) without resetting anyone's authenticator.
    Secrets stored before encryption (no prefix) are read as they are.
    """

    PREFIX = "fernet:"
    SALT = b"roundtable.mfa.secrets"

    @classmethod
    def _fernet(cls, key):
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=cls.SALT, info=b"fernet"
        ).derive(key.encode() if isinstance(key, str) else key)
        return Fernet(base64.urlsafe_b64encode(derived))

    @classmethod
    def _keys(cls):
        keys = [
            settings.MFA_SECRET_KEY,
            *settings.MFA_SECRET_KEY_FALLBACKS,
            settings.SECRET_KEY,
            *settings.SECRET_KEY_FALLBACKS,
        ]
        return MultiFernet([cls._fernet(key) for key in dict.fromkeys(keys) if key])

    def encrypt(self, text):
        return self.PREFIX + self._keys().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text  # stored before secrets were encrypted
        token = encrypted_text.removeprefix(self.PREFIX).encode()
        return self._keys().decrypt(token).decode()
