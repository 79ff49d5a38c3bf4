"""Security middleware: the Content-Security-Policy and two-factor authentication
for staff.

- ``ContentSecurityPolicyMiddleware`` is django-csp's middleware with one change:
  under the Wagtail admin it sends the admin's own, looser policy
  (``ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY``) instead of the site's.
- ``StaffMFAMiddleware`` sends anyone who may use the Wagtail admin and has no
  authenticator to allauth's TOTP set-up page when ``ROUNDTABLE_STAFF_MFA_REQUIRED``
  is on (production).
- ``AccountPagesNeverStoredMiddleware`` makes every answer under ``/accounts/``
  (allauth: email addresses, password, two-factor set-up, recovery codes)
  ``private, no-store``, so that no browser or shared cache keeps one.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from roundtable.http import private

MFA_REQUIRED_MESSAGE = (
    "The admin holds personal data of invited participants, so staff sign in with "
    "two-factor authentication. Set up an authenticator app to continue to the admin."
)


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
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(admin_prefix())
        ):
            parts.config = settings.ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY
        return parts


class StaffMFAMiddleware:
    """No admin page, API or JSON endpoint for staff without an authenticator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.ROUNDTABLE_STAFF_MFA_REQUIRED
            and request.path_info.startswith(admin_prefix())
            and request.user.is_authenticated
            and is_staff(request.user)
            and not is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
        ):
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
            private(response)
        return response
