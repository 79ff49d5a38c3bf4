"""Playwright driving Debian's Chromium against pytest-django's live_server."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ("/usr/bin/chromium")
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Playwright's sync API runs an event loop in the test thread, which makes
    Django refuse the synchronous ORM calls around it (fixtures, the database
    flush after each test). Allow them for the browser tests only, from setup to
    teardown."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        return (yield)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    # The test database exists before Playwright's event loop starts.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
