"""Settings shared by every environment.

Everything that differs between environments comes from the environment
(django-environ). This module holds no secret.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

# The public address of the site, used for links in emails, feeds and calendars.
BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "roundtable",
    "programme",
    "participants",
    "publications",
    "letters",
    "demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost: a cached page already carries every header the others add.
    "roundtable.pagecache.PageCacheMiddleware",
    # Account pages (allauth) are never stored, by any cache.
    "roundtable.security.AccountPagesNeverStoredMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "roundtable.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "roundtable.caching.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "roundtable.security.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "roundtable.urls"
WSGI_APPLICATION = "roundtable.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers
    # queue behind the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Keep connections between requests: opening one costs every request a connect,
# and on SQLite the PRAGMAs and Django's function registrations too.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Cache: Redis when REDIS_URL is set (shared between workers and hosts),
# otherwise process-local memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "roundtable",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "roundtable",
        }
    }

# Whole public pages for anonymous visitors, kept this many seconds in the cache
# above and purged on every publish (roundtable/pagecache.py); 0 turns it off.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Roundtable <roundtable@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_USER_MODEL = "participants.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: email is the login; signup is closed unless an invitation opens it.
ACCOUNT_ADAPTER = "participants.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "participants.forms.InvitationSignupForm",
    "reset_password": "participants.forms.VerifiedResetPasswordForm",
}
# An account's address is the one its invitation verified. Nobody adds another: an
# unverified address could be someone else's, invited and not yet signed up.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Roundtable] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = BASE_URL.split("://", 1)[0]
# Two-factor authentication (allauth.mfa): an authenticator app plus recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Roundtable"
MFA_ADAPTER = "participants.adapters.MFAAdapter"
# The key that encrypts TOTP secrets in the database; empty: derived from SECRET_KEY.
# Old keys stay readable in MFA_SECRET_KEY_FALLBACKS (comma-separated).
MFA_SECRET_KEY = env("MFA_SECRET_KEY", default="")
MFA_SECRET_KEY_FALLBACKS = env.list("MFA_SECRET_KEY_FALLBACKS", default=[])
# Staff (anyone who can reach the Wagtail admin) must set up TOTP before /admin/.
# On in production; off here so `make run` and the tests need no authenticator.
ROUNDTABLE_STAFF_MFA_REQUIRED = False
# Every path that checks a password is limited here; allauth's own defaults cover
# password change (5/m/user) and re-authentication (10/m/user, which deleting an
# account shares). "page_password" is Wagtail's form for password-restricted pages.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
    "page_password": "10/m/ip,20/h/key",
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "static"))
# Each app's static/ folder is found by the app finder; no extra directory, so
# collectstatic finds every file once.
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (emails) goes through django-tasks.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Roundtable"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Wagtail's database backend; on SQLite its ranking reads each score once
# (roundtable/search_backend.py says why).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "roundtable.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Images are public by address: the form refuses private collections (pre-reads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "roundtable.images.ImageForm"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Organisers reset passwords through allauth, whose emails use BASE_URL; Wagtail's own
# reset would build its link from the request's Host header.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Passwords are changed through allauth (rate-limited, emails on BASE_URL), not in
# the admin's account settings.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False

# Security headers and cookies. No script reads the CSRF cookie (the Wagtail admin
# takes its token from the page), so it is HttpOnly like the session cookie.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4) for the public site and participant pages:
# scripts and styles only from our own static files, no inline code, no nonces (the
# page cache stores whole responses, headers included).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail admin still has inline scripts and styles (inline panels, date
# widgets, the rich text editor), so under /admin/ the policy only forbids framing
# by other sites (previews frame the admin itself), plugins and <base> and foreign
# form targets. See roundtable.security.ContentSecurityPolicyMiddleware.
ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY = {
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # A wrong Host header is answered with 400; it is not worth a traceback.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}
