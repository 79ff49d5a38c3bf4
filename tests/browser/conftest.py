"""Playwright driving Debian's Chromium against pytest-django's live_server."""

import os
import shutil

import pytest
from django.conf import settings
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


# Accessibility: axe-core from npm (package.json), run inside the page under test.
AXE_SOURCE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 levels A and AA, as axe tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe files these under best practice; screen-reader users rely on them all the same.
STRUCTURE_RULES = [
    "heading-order",
    "landmark-one-main",
    "landmark-unique",
    "page-has-heading-one",
    "region",
]
# Ids that occur more than once: axe no longer checks these (WCAG 2.2 dropped 4.1.1),
# but a repeated id breaks the in-page links that point to it.
DUPLICATE_IDS = """() => {
    const counts = new Map();
    for (const element of document.querySelectorAll("[id]")) {
        counts.set(element.id, (counts.get(element.id) || 0) + 1);
    }
    return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
}"""


def load_axe(path=AXE_SOURCE):
    """axe-core's source; a missing install fails the test rather than skipping it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pytest.fail(
            f"axe-core is not installed ({path} is missing): run `make test` "
            "or `npm ci` in the repository root.",
            pytrace=False,
        )


def describe_violations(url, violations):
    lines = [f"{url}: {len(violations)} accessibility violation(s)"]
    for violation in violations:
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
    return "\n".join(lines)


class Axe:
    """Runs axe-core on the pages a test visits and collects what it finds.

    The source is evaluated through DevTools, which a Content-Security-Policy
    without 'unsafe-inline' does not block, so the policy stays on during the
    audit."""

    def __init__(self, source):
        self.source = source
        self.reports = []

    def check(self, page):
        """Audit the page as it is now; violations are kept for assert_clean().

        Wagtail's message bar fades in; half-faded, its white text is paler
        than the contrast rules allow, so the audit waits for it to settle.
        """
        page.wait_for_function(
            """() => [...document.querySelectorAll(".messages ul")].every(
                list => getComputedStyle(list).opacity === "1"
            )"""
        )
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.source)
        result = page.evaluate(
            """tags => axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            [*WCAG_TAGS, "best-practice"],
        )
        violations = [
            violation
            for violation in result["violations"]
            if set(violation["tags"]) & set(WCAG_TAGS)
            or violation["id"] in STRUCTURE_RULES
        ]
        violations += [
            {
                "id": "duplicate-id",
                "impact": "serious",
                "help": f"The id {id_!r} is used more than once",
                "nodes": [{"target": [f"[id={id_!r}]"]}],
            }
            for id_ in page.evaluate(DUPLICATE_IDS)
        ]
        if violations:
            self.reports.append(describe_violations(page.url, violations))
        return violations

    def assert_clean(self):
        if self.reports:
            pytest.fail("\n".join(self.reports), pytrace=False)


@pytest.fixture(scope="session")
def axe_source():
    return load_axe()


@pytest.fixture
def axe(axe_source):
    return Axe(axe_source)
