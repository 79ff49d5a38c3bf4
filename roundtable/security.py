"""Security middleware: the Content-Security-Policy and two-factor authentication
for staff.

- ``ContentSecurityPolicyMiddleware`` is django-csp's middleware with one change:
  under the Wagtail admin it sends the admin's own, looser policy
  (``ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY``) instead of the site's.
- ``StaffMFAMiddleware`` keeps the Wagtail admin for sessions that used a second
  factor: staff with an authenticator reach it only once this session has used it
  (allauth's authentication records), and with ``ROUNDTABLE_STAFF_MFA_REQUIRED``
  (production) staff without one are sent to allauth's TOTP set-up page.
- ``AccountPagesNeverStoredMiddleware`` makes every answer under ``/accounts/``
  (allauth: email addresses, password, two-factor set-up, recovery codes)
  ``private, no-store``, so that no browser or shared cache keeps one.
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.defaults import permission_denied

MFA_REQUIRED_MESSAGE = (
    "The admin holds personal data of invited participants, so staff sign in with "
    "two-factor authentication. Set up an authenticator app to continue to the admin."
)
SECOND_FACTOR_MESSAGE = (
    "The admin holds personal data of invited participants: enter a code from your "
    "authenticator app to continue to it."
)
# Set when this session proved the second factor by activating an authenticator
# (allauth checks a code then, but records no authentication).
ACTIVATED_IN_SESSION_KEY = "roundtable_authenticator_activated_by"


def admin_prefix():
    return reverse("wagtailadmin_home")


def is_staff(user):
    """Whoever can reach the Wagtail admin: superusers and holders of its permission."""
    return user.is_active and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(admin_prefix()):
            parts.config = settings.ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY
        elif getattr(request, "is_dummy", False):
            # Wagtail renders an editor's preview through the middleware with a
            # dummy request for the page's own address; the admin frames it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


def used_second_factor(request):
    """Whether this session's sign-in included a second factor for its user.

    allauth records each step of an authentication in the session: a sign-in
    with password and code, or a later re-authentication with a code, leaves a
    record whose method is "mfa". Activating an authenticator checks a code too.
    """
    user = request.user
    records = get_authentication_records(request, user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    return request.session.get(ACTIVATED_IN_SESSION_KEY) == str(user.pk)


@receiver(authenticator_added)
def remember_activation(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.TOTP:
        request.session[ACTIVATED_IN_SESSION_KEY] = str(user.pk)
        # allauth sends this after the commit, which may follow the response.
        request.session.save()


class StaffMFAMiddleware:
    """No admin page, API or JSON endpoint without a second factor.

    Staff whose account has an authenticator reach the admin only in a session
    that used it; any other way in (a password alone) is sent to allauth's
    re-authentication with a code. Without an authenticator, staff are sent to
    set one up when ``ROUNDTABLE_STAFF_MFA_REQUIRED`` is on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()) and (
            request.user.is_authenticated
        ):
            if not is_staff(request.user):
                # Wagtail would send them to sign in, and allauth, seeing them
                # signed in, back to the admin: a loop. One plain answer instead.
                response = permission_denied(request, PermissionDenied())
                add_never_cache_headers(response)
                return response
            if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
                if not used_second_factor(request):
                    messages.warning(request, SECOND_FACTOR_MESSAGE)
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
            elif settings.ROUNDTABLE_STAFF_MFA_REQUIRED:
                messages.warning(request, MFA_REQUIRED_MESSAGE)
                return redirect("mfa_activate_totp")
        return self.get_response(request)


# Where roundtable.urls mounts allauth.
ACCOUNTS_PREFIX = "/accounts/"


class AccountPagesNeverStoredMiddleware:
    """Every allauth answer, error and redirect included: `private, no-store`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(ACCOUNTS_PREFIX):
            add_never_cache_headers(response)
        return response
