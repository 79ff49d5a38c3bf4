"""An organiser imports invitations from a spreadsheet with a bad row in it."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from demo.event import ensure_wagtail_roots
from participants import import_jobs
from participants.models import Invitation
from roundtable.access import ensure_organisers_group
from tests.browser.test_invitations import WIDTHS
from tests.factories import EventPageFactory, UserFactory
from tests.factories.users import DEFAULT_PASSWORD

# Saved by a spreadsheet set to a comma decimal separator: semicolons, a BOM.
SPREADSHEET = (
    "\ufeffName;Email;Organisation;Kind\r\n"
    "Amira Haddad;amira.haddad@example.org;Mercy Relief;\r\n"
    "Broken Row;amira.haddad at example.org;;\r\n"
    "Lan Nguyễn;lan.nguyen@example.org;;speaker\r\n"
)


@pytest.fixture
def event(transactional_db):
    ensure_wagtail_roots()
    return EventPageFactory(title="Roundtable on protection at sea")


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_sends_the_fit_rows_and_is_told_which_line_to_fix(
    browser,
    live_server,
    event,
    tmp_path,
    width,  # noqa: F811 - the fixture
):
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/admin/participants/invitations/import/")
    page.locator("input[name=login]").fill(organiser.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The blank file is there to start from.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download a blank CSV file to fill in").click()
    blank = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert blank == "name,email,organisation,kind\r\n"

    sheet = tmp_path / "invitations.csv"
    sheet.write_text(SPREADSHEET, encoding="utf-8")
    page.get_by_label("Event").select_option(label=event.title)
    page.get_by_label("File").set_input_files(sheet)
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "1 of 3 rows have a problem, marked below. Nothing has been saved."
    )
    bad = page.locator("#import-preview tbody tr").nth(1)
    expect(bad).to_have_class("import-problem")
    expect(bad).to_contain_text("Not a valid email address.")
    # Marked in colour, not only in words.
    assert bad.evaluate("row => getComputedStyle(row).backgroundColor") != (
        page.locator("#import-preview tbody tr").first.evaluate(
            "row => getComputedStyle(row).backgroundColor"
        )
    )
    expect(page.locator("#import-preview")).to_contain_text("Lan Nguyễn")

    page.get_by_role(
        "button", name="Send 2 invitations and skip the rows with a problem"
    ).click()
    # The worker's progress page, and its summary at the end.
    summary = page.locator("main")
    expect(summary).to_contain_text("2 invitations made; 2 emails sent.")
    expect(summary).to_contain_text("1 row left out: correct it and import it again.")
    expect(summary).to_contain_text("Line 3: Not a valid email address.")
    assert sorted(Invitation.objects.values_list("email", "kind")) == [
        ("amira.haddad@example.org", "participant"),
        ("lan.nguyen@example.org", "speaker"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amira.haddad@example.org",
        "lan.nguyen@example.org",
    ]
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_progress_page_follows_the_worker_to_its_summary(
    browser,
    live_server,
    event,
    monkeypatch,
    width,  # noqa: F811 - the fixture
):
    """The job waits for a worker; the page shows it at 0 and, once the worker
    has run, its own polling brings the summary without a click."""
    queued = []
    monkeypatch.setattr(import_jobs, "_queue", lambda job: queued.append(job.pk))
    organiser = UserFactory(groups=[ensure_organisers_group()])
    job = import_jobs.start_import(
        event=event,
        content=(
            "name,email\n"
            "Amira Haddad,amira.haddad@example.org\n"
            "Lan Nguyen,lan.nguyen@example.org\n"
        ),
        invited_by=organiser,
    )
    assert queued == [job.pk]
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(reverse("participants_invitation:import_job", args=[job.pk]))
    page.locator("input[name=login]").fill(organiser.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#import-job-status")).to_contain_text(
        "Waiting for the worker: you can leave this page"
    )
    expect(page.locator("#import-rows-text")).to_have_text("0 of 2")

    import_jobs.run(job_id=job.pk)  # the worker, while the page is open

    summary = page.locator("main")
    expect(summary).to_contain_text("2 invitations made; 2 emails sent.")
    expect(page.locator("#import-rows-text")).to_have_text("2 of 2")
    expect(page.locator("#import-emails-text")).to_have_text("2 of 2")
    context.close()
