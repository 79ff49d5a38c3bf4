"""One way to sign in (allauth's), and every password check rate-limited.

The URL tests walk the whole URLconf, so a login or password form that any
later change (an app's URLs, a framework upgrade) adds fails them.
"""

import re

import pytest
from django.contrib.auth import views as django_auth_views
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from wagtail.admin.views import account as wagtail_account_views
from wagtail.models import PageViewRestriction

from roundtable.settings import base as base_settings
from tests.factories import UserFactory, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

# Views that take a person's password and are not allauth's.
FOREIGN_PASSWORD_VIEWS = (
    django_auth_views.LoginView,
    django_auth_views.PasswordChangeView,
    django_auth_views.PasswordResetView,
    django_auth_views.PasswordResetConfirmView,
    wagtail_account_views.LoginView,
)
# Forms with a password field that a person may meet, and who checks them.
PASSWORD_FORMS = {
    "/accounts/login/": "allauth",
    "/accounts/reauthenticate/": "allauth",
    "/accounts/password/change/": "allauth",
    "/accounts/password/set/": "allauth",
    "/accounts/signup/": "allauth",
    "/my/delete/": "roundtable (allauth's re-authentication limit)",
}
SAMPLE_ARGUMENTS = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": None}


def leaf_patterns(resolver=None, prefix=""):
    """(route text, pattern) for every URL pattern, includes unfolded."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from leaf_patterns(pattern, text)
        elif isinstance(pattern, URLPattern):
            yield text, pattern


def sample_path(route):
    """A concrete path for a route, or None when it needs a value we can't invent."""
    if route.startswith("^") or "(" in route or "\\" in route:
        return None
    path = route
    for converter in re.findall(r"<(?:(\w+):)?\w+>", route):
        value = SAMPLE_ARGUMENTS.get(converter or "str")
        if value is None:
            return None
        path = re.sub(r"<(?:\w+:)?\w+>", value, path, count=1)
    return "/" + path.replace("^", "").replace("$", "")


def view_class(callback):
    return getattr(callback, "view_class", None)


def test_no_view_but_allauths_takes_a_login():
    """A password view not allauth's may exist only where nothing routes to it."""
    reachable = []
    for route, pattern in leaf_patterns():
        cls = view_class(pattern.callback)
        if cls is None or not issubclass(cls, FOREIGN_PASSWORD_VIEWS):
            continue
        path = sample_path(route)
        assert path is not None, f"cannot check {route} ({cls.__name__})"
        if view_class(resolve(path).func) is cls:
            reachable.append((path, cls.__name__))
    assert reachable == []


def test_shadowed_login_views_send_people_to_allauth(client):
    for path in ("/_util/login/", "/admin/login/"):
        response = client.get(f"{path}?next=/admin/")
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/login/?next=/admin/", path


@pytest.fixture
def people(event_page, organiser):
    return {
        "anonymous": None,
        "participant": confirmed_registration(event=event_page).user,
        "organiser": organiser,
        "superuser": UserFactory(is_superuser=True),
    }


def test_every_password_form_is_one_we_know(client, people, settings):
    """GET every argument-free address as each kind of person; list password forms.

    Any form with a password field outside PASSWORD_FORMS fails: nobody may
    add a way to check a password that the rate limits below do not cover.
    """
    settings.ROUNDTABLE_STAFF_MFA_REQUIRED = False
    paths = sorted(
        {
            path
            for route, _ in leaf_patterns()
            if (path := sample_path(route)) and "<" not in route
        }
    )
    assert "/_util/login/" in paths
    assert "/admin/account/" in paths
    found = {}
    client.raise_request_exception = False  # Wagtail's /admin/failwhale/ raises
    for name, person in people.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        for path in paths:
            response = client.get(path)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith("text/html"):
                continue
            if b'type="password"' in response.content:
                found.setdefault(path, set()).add(name)
    unknown = {path: who for path, who in found.items() if path not in PASSWORD_FORMS}
    assert unknown == {}
    assert "/accounts/login/" in found


@pytest.fixture
def rate_limits(settings):
    """The production limits (the test settings turn them off)."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS


def refused(response):
    return response.status_code == 429 or (
        response.status_code == 200 and b"Too many" in response.content
    )


def test_login_is_rate_limited(client, user, rate_limits):
    for _ in range(12):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert refused(response)
    assert "_auth_user_id" not in client.session


def test_reauthentication_is_rate_limited(client, user, rate_limits):
    client.force_login(user)
    for _ in range(12):
        client.post("/accounts/reauthenticate/", {"password": "wrong"})
    response = client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 429


def test_password_change_is_rate_limited(client, user, rate_limits):
    client.force_login(user)
    new = "a brand new passphrase 42"
    for _ in range(6):
        client.post(
            "/accounts/password/change/",
            {"oldpassword": "wrong", "password1": new, "password2": new},
        )
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 429
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_account_deletion_password_is_rate_limited(client, event_page, rate_limits):
    user = confirmed_registration(event=event_page).user
    client.force_login(user)
    for _ in range(10):
        response = client.post("/my/delete/", {"password": "wrong", "confirm": "on"})
        assert response.status_code == 200
        assert "That is not your password." in response.content.decode()
    response = client.post(
        "/my/delete/", {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts in a short time" in page
    # Paused means unchecked: no answer on whether this password was right.
    assert "That is not your password." not in page
    assert type(user).objects.filter(pk=user.pk).exists()


def test_page_password_is_rate_limited(client, home_page, rate_limits):
    restriction = PageViewRestriction.objects.create(
        page=home_page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="opensesame",
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{home_page.pk}/"
    for _ in range(10):
        response = client.post(url, {"password": "wrong", "return_url": "/"})
        assert response.status_code == 200
    response = client.post(url, {"password": "opensesame", "return_url": "/"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Still locked: the page asks for its password again.
    response = client.get("/")
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_admin_account_settings_change_no_password(client, organiser, settings):
    settings.ROUNDTABLE_STAFF_MFA_REQUIRED = False
    client.force_login(organiser)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    assert b'type="password"' not in response.content
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"
