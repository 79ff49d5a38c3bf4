"""Security headers, the Content-Security-Policy, Host checks, emailed links and
the pinned versions."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from tests.factories import (
    ParticipantAreaPageFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
    UserFactory,
    confirmed_registration,
    pre_read,
)
from tests.roundtable.test_settings import PRODUCTION_ENV, read_settings

pytestmark = pytest.mark.django_db

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ADMIN_POLICY = {
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def policy(response):
    """The Content-Security-Policy header as {directive: sources}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, sources = part.strip().partition(" ")
        directives[name] = sources
    return directives


@pytest.fixture
def area(event_page):
    return ParticipantAreaPageFactory(parent=event_page)


@pytest.fixture
def participant(event_page):
    return confirmed_registration(event=event_page).user


def test_public_page_has_the_site_policy_and_security_headers(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert policy(response) == SITE_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_report_page_feed_and_search_have_the_site_policy(client, home_page):
    index = ReportIndexPageFactory(parent=home_page)
    report = ReportPageFactory(parent=index)
    for url in [report.url, "/publications/feed/", "/search/?q=trafficking"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == SITE_POLICY, url


def test_participant_pages_and_pre_reads_have_the_site_policy(
    client, area, participant
):
    document = pre_read(page=area)
    client.force_login(participant)
    for url in [area.url, "/my/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == SITE_POLICY, url
    # Wagtail serves documents with its own, stricter policy, which is kept.
    response = client.get(document.url)
    assert response.status_code == 200
    assert policy(response) == {"default-src": "'none'"}
    assert response["X-Frame-Options"] == "DENY"


def test_allauth_pages_have_the_site_policy(client, home_page):
    for url in ["/accounts/login/", "/accounts/password/reset/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == SITE_POLICY, url


def test_totp_setup_alone_may_show_a_data_image(client, home_page):
    user = UserFactory()
    client.force_login(user)
    # allauth asks for the password again before adding an authenticator.
    reauthenticated = client.post(
        "/accounts/reauthenticate/", {"password": "correct horse battery staple"}
    )
    assert reauthenticated.status_code == 302
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()
    assert policy(response) == {**SITE_POLICY, "img-src": "'self' data:"}
    # Elsewhere a data: image stays blocked.
    assert policy(client.get("/accounts/2fa/"))["img-src"] == "'self'"


def test_admin_has_its_own_looser_policy(client, organiser):
    client.force_login(organiser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert policy(response) == ADMIN_POLICY


def test_no_template_has_inline_script_handlers_or_styles():
    """The policy forbids inline code: templates load JavaScript from static files."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    offences = []
    for path in templates.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            attributes, body = match.groups()
            if body.strip() and 'type="application/ld+json"' not in attributes:
                offences.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offences.append(f"{path}: on* handler")
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offences.append(f"{path}: inline style")
        if "javascript:" in text:
            offences.append(f"{path}: javascript: URL")
    assert offences == []


# A Host header the site does not serve is refused.


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/"),
        ("post", "/accounts/login/"),
        ("post", "/accounts/password/reset/"),
        ("get", "/admin/"),
    ],
)
def test_unknown_host_gets_400(client, home_page, method, url):
    response = getattr(client, method)(url, HTTP_HOST="evil.example.com")
    assert response.status_code == 400


def test_unknown_host_gets_400_even_for_signed_in_staff(client, organiser):
    client.force_login(organiser)
    response = client.get("/admin/pages/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert b"wagtail" not in response.content.lower()


# Emailed links use BASE_URL (http://testserver in tests), whatever allowed Host
# the request came with.


def links(message):
    return re.findall(r"https?://[^\s\"<>]+", message.body)


def test_password_reset_email_links_to_base_url(client, home_page):
    user = UserFactory()
    response = client.post(
        "/accounts/password/reset/", {"email": user.email}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    [message] = mail.outbox
    [link] = links(message)
    assert link.startswith("http://testserver/accounts/password/reset/key/")
    assert "localhost" not in message.body


def test_unknown_account_email_offers_no_signup_while_signup_is_closed(
    client, home_page
):
    response = client.post(
        "/accounts/password/reset/",
        {"email": "nobody@example.org"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["nobody@example.org"]
    assert message.subject == "[Roundtable] No account for this address"
    assert links(message) == []  # signup is by invitation only
    assert "open the link in your invitation email" in message.body
    assert message.body.startswith("Hello,\n")
    assert message.body.rstrip().endswith("testserver")
    assert "Hello from" not in message.body
    assert "localhost" not in message.body


def test_email_confirmation_links_to_base_url(client, home_page):
    user = UserFactory(verified=False)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, primary=True)
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": "correct horse battery staple"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    [message] = mail.outbox
    [link] = links(message)
    assert link.startswith("http://testserver/accounts/confirm-email/")
    assert "localhost" not in message.body


def test_account_already_exists_email_links_to_base_url(rf, home_page):
    from allauth.core import context

    from participants.adapters import AccountAdapter

    request = rf.get("/accounts/signup/", HTTP_HOST="localhost")
    with context.request_context(request):
        AccountAdapter(request).send_account_already_exists_mail("someone@example.org")
    [message] = mail.outbox
    assert links(message) == ["http://testserver/accounts/password/reset/"]
    assert "localhost" not in message.body


def test_invitation_email_links_to_base_url(
    organiser, event_page, django_capture_on_commit_callbacks
):
    from participants import invitations

    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(
            event=event_page,
            email="guest@example.org",
            name="Guest Person",
            invited_by=organiser,
        )
    [message] = mail.outbox
    assert all(link.startswith("http://testserver/") for link in links(message))
    assert any("/invitations/" in link for link in links(message))


# Production settings.


PRODUCTION_SECURITY = {
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "CSRF_COOKIE_SECURE": True,
    "CSRF_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_SAMESITE": "Lax",
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
    "ROUNDTABLE_STAFF_MFA_REQUIRED": True,
    "WAGTAIL_PASSWORD_RESET_ENABLED": False,
    "ALLOWED_HOSTS": ["roundtable.example.org"],
}


def test_production_security_settings():
    values = read_settings(
        "roundtable.settings.production", list(PRODUCTION_SECURITY), **PRODUCTION_ENV
    )
    assert values == PRODUCTION_SECURITY


def test_staff_mfa_is_off_outside_production(settings):
    assert settings.ROUNDTABLE_STAFF_MFA_REQUIRED is False
    dev = read_settings("roundtable.settings.dev", ["ROUNDTABLE_STAFF_MFA_REQUIRED"])
    assert dev["ROUNDTABLE_STAFF_MFA_REQUIRED"] is False


# Pinned versions: at or above the first release that fixed each advisory we know
# of (checked by hand against the advisories below; CI has no vulnerability
# database to ask).
FIRST_FIXED = {
    # Django 5.2: CVE-2025-64459 (5.2.8); CVE-2026-25673, CVE-2026-25674 (5.2.12);
    # CVE-2026-3902, CVE-2026-33033, CVE-2026-33034, CVE-2026-4277, CVE-2026-4292
    # (5.2.13); CVE-2026-48588, CVE-2026-53877, CVE-2026-53878 (5.2.16);
    # CVE-2026-15307, CVE-2026-15337, CVE-2026-15830, CVE-2026-15920 (5.2.17).
    "django": "5.2.17",
    # Wagtail: CVE-2026-44197, GHSA-67rv-mg8q-5pf3, GHSA-c4mr-889m-vgf6,
    # GHSA-c6wj-9vcj-75pj, GHSA-p5gm-92h4-6pv6, GHSA-pwm3-7fv4-g6xx,
    # PYSEC-2026-146, PYSEC-2026-147 (7.0.7 / 7.3.2 / 7.4; 8.0 includes them);
    # CVE-2026-55468, the Pages admin API's restrictions (7.4.3, and 8.0rc2 on
    # the 8.x line, so 8.0 final).
    "wagtail": "8.0",
    # django-allauth: CVE-2025-65430, CVE-2025-65431 (65.13.0); SAML RelayState
    # open redirect (65.14.1); X-Forwarded-For rate-limit bypass (65.14.2);
    # CVE-2026-97764 (65.19.4).
    "django-allauth": "65.19.4",
    # icalendar: GHSA-qjcq-q7h7-r74v (7.2.2).
    "icalendar": "7.2.2",
}


def version(text):
    return tuple(int(part) for part in text.split("."))


def pinned_versions():
    requirements = Path(__file__).resolve().parents[2] / "requirements.txt"
    pins = {}
    for line in requirements.read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower()] = version(match.group(2))
    return pins


@pytest.mark.parametrize(("package", "minimum"), sorted(FIRST_FIXED.items()))
def test_pin_is_at_or_above_the_first_fixed_release(package, minimum):
    assert pinned_versions()[package] >= version(minimum)


def test_csrf_failure_is_a_plain_page_in_the_site_layout(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"login": "someone@example.org", "password": "x"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Form not accepted</h1>" in html
    assert "nothing was saved" in html
    assert 'class="skip-link"' in html
    assert "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def allauth_paths(patterns=None, prefix="/accounts/"):
    """Every allauth address without arguments, as the site mounts them."""
    import allauth.urls
    from django.urls import URLResolver

    for pattern in allauth.urls.urlpatterns if patterns is None else patterns:
        if pattern.pattern.regex.groups:
            continue
        if isinstance(pattern, URLResolver):
            yield from allauth_paths(
                pattern.url_patterns, prefix + str(pattern.pattern)
            )
        else:
            yield prefix + str(pattern.pattern)


ACCOUNT_PATHS = sorted(
    {
        *allauth_paths(),
        "/accounts/confirm-email/not-a-key/",
        "/accounts/password/reset/key/1-not-a-key/",
        "/accounts/no-such-page/",
    }
)


def test_account_paths_cover_the_pages_that_matter():
    assert {
        "/accounts/login/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/recovery-codes/",
    } <= set(ACCOUNT_PATHS)
    assert len(ACCOUNT_PATHS) == 24


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("path", ACCOUNT_PATHS)
def test_account_pages_are_never_stored(client, home_page, user, path, signed_in):
    if signed_in:
        client.force_login(user)

    response = client.get(path)

    cache_control = {
        part.strip() for part in response.get("Cache-Control", "").split(",")
    }
    assert {"no-store", "private"} <= cache_control, (path, response.status_code)
