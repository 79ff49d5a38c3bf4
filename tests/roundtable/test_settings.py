"""Settings come from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-secret-that-is-long-enough-for-the-deploy-check-0123",
    "ALLOWED_HOSTS": "roundtable.example.org",
    "BASE_URL": "https://roundtable.example.org",
}


def run_python(code, *, module, **env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_settings(module, names, **env):
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"values = {{n: getattr(settings, n) for n in {names!r}}}; "
        "print(json.dumps(values, default=str))"
    )
    result = run_python(code, module=module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_dev_defaults_are_embedded_sqlite_locmem_and_console_email():
    values = read_settings(
        "roundtable.settings.dev", ["DATABASES", "CACHES", "EMAIL_BACKEND", "DEBUG"]
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(PROJECT_DIR / "db.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["DEBUG"] is True


def test_environment_selects_postgresql_redis_and_smtp():
    values = read_settings(
        "roundtable.settings.dev",
        ["DATABASES", "CACHES", "EMAIL_BACKEND", "EMAIL_HOST", "BASE_URL"],
        DATABASE_URL="postgres://rt:pw@db.internal:5433/roundtable",
        REDIS_URL="redis://cache.internal:6379/2",
        EMAIL_URL="smtp://mailer:secret@mail.internal:587",
        BASE_URL="https://roundtable.example.org/",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "roundtable",
    )
    assert "OPTIONS" not in database or "transaction_mode" not in database["OPTIONS"]
    assert values["CACHES"]["default"] == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "KEY_PREFIX": "roundtable",
    }
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "mail.internal"
    assert values["BASE_URL"] == "https://roundtable.example.org"


def test_production_refuses_to_start_without_secret_key():
    result = run_python(
        "import django; django.setup()",
        module="roundtable.settings.production",
        ALLOWED_HOSTS="roundtable.example.org",
    )
    assert result.returncode == 1
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_production_passes_the_deploy_check():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', "
        "'--fail-level', 'WARNING'])",
        module="roundtable.settings.production",
        REDIS_URL="redis://cache.internal:6379/0",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_when_the_cache_is_not_shared():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', "
        "'--fail-level', 'WARNING'])",
        module="roundtable.settings.production",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 1
    assert "roundtable.W001" in result.stderr
    assert "Set REDIS_URL" in result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DEBUG", False),
        ("SECURE_SSL_REDIRECT", True),
        ("SESSION_COOKIE_SECURE", True),
        ("CSRF_COOKIE_SECURE", True),
        ("SECURE_HSTS_SECONDS", 31536000),
        ("TASKS", {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}),
    ],
)
def test_production_hardening(name, expected):
    assert (
        read_settings("roundtable.settings.production", [name], **PRODUCTION_ENV)[name]
        == expected
    )


def test_test_settings_use_fast_hashing_locmem_email_and_immediate_tasks(settings):
    assert settings.PASSWORD_HASHERS == [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    assert settings.TASKS["default"]["BACKEND"] == (
        "django_tasks.backends.immediate.ImmediateBackend"
    )


def test_every_static_file_is_found_once():
    """collectstatic reports no duplicates (an extra STATICFILES_DIRS entry did)."""
    from collections import Counter

    from django.contrib.staticfiles.finders import get_finders

    found = Counter(
        path for finder in get_finders() for path, _storage in finder.list([])
    )
    assert [path for path, count in found.items() if count > 1] == []
    assert found["css/site.css"] == 1


def test_no_unused_wagtail_apps_are_installed(settings):
    assert "wagtail.contrib.forms" not in settings.INSTALLED_APPS
    assert "wagtail.embeds" not in settings.INSTALLED_APPS


def test_a_worker_loads_its_views_and_freezes_them_before_the_first_request():
    """roundtable.wsgi: the views are imported and the URL table built when a
    gunicorn worker loads the application, not on its first request; what is
    loaded is kept out of the garbage collector's later passes."""
    code = (
        "import gc, json, sys; import roundtable.wsgi; "
        "from django.urls import get_resolver; "
        "print(json.dumps({"
        "'views': 'participants.views.breakouts' in sys.modules, "
        "'allauth': 'allauth.account.views' in sys.modules, "
        "'reverse_built': bool(get_resolver()._reverse_dict), "
        "'frozen': gc.get_freeze_count()}))"
    )
    result = run_python(code, module="roundtable.settings.production", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["views"] and loaded["allauth"] and loaded["reverse_built"]
    assert loaded["frozen"] > 100_000
