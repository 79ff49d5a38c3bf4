"""Letters and certificates: a participant asks for a visa-support letter,
downloads it and, after the event, their certificate of attendance, and checks
it on the public verification page; an organiser edits the certificate
template and downloads one certificate and the ZIP of all; on a desktop and on
a phone."""

import datetime
import io
import re
import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from demo.event import EVENT_SLUG
from letters.models import Kind, LetterTemplate
from participants.admin.desk import URL_NAME as DESK_URL_NAME
from participants.models import CheckIn
from roundtable import clock
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage, SiteSettings
from tests.browser.test_invitations import WIDTHS
from tests.browser.test_local_times import sign_in
from tests.factories import UserFactory, confirmed_registration


def new_page(browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def download(page, action):
    with page.expect_download() as info:
        action()
    return info.value


def pdf_text(path):
    reader = PdfReader(path)
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def fits_the_screen(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def after(event):
    return event.ends_at + datetime.timedelta(days=2)


@pytest.mark.parametrize("width", WIDTHS)
def test_participant_downloads_a_letter_and_a_certificate_and_verifies_it(
    browser, live_server, demo_site, axe, width, tmp_path
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    registration = confirmed_registration(
        event=event,
        user__first_name="Amina",
        user__last_name="Rahman",
        invitation__organisation="Ministry of Labour",
    )
    context, page = new_page(browser, live_server, width)

    page.goto("/my/")
    sign_in(page, registration.user)
    letters = page.get_by_role("region", name="Letters and certificates")
    letters.get_by_role("button", name="Request a visa-support letter").click()
    expect(page.get_by_text("Your visa-support letter is ready")).to_be_visible()
    letters = page.get_by_role("region", name="Letters and certificates")
    assert fits_the_screen(page)
    page.screenshot(path=tmp_path / f"my-{width}.png")
    axe.check(page)
    letter = download(
        page,
        letters.get_by_role(
            "link", name="Download your visa-support letter (PDF)"
        ).click,
    )
    text = pdf_text(letter.path())
    assert "Letter of invitation in support of a visa application" in text
    assert "Amina Rahman" in text

    # Checked in on the first day; the certificate comes once the event is over.
    CheckIn.objects.create(registration=registration, day=event.start_date)
    with clock.as_of(after(event)):
        page.goto("/my/")
        letters = page.get_by_role("region", name="Letters and certificates")
        certificate = download(
            page,
            letters.get_by_role(
                "link", name="Download your certificate of attendance (PDF)"
            ).click,
        )
        certificate.save_as(tmp_path / "certificate.pdf")
        text = pdf_text(certificate.path())
        assert "Certificate of attendance" in text
        address = re.search(r"(http\S+/verify/([A-Z0-9]{12})/)", text)
        assert address is not None

    # Anyone can check it, signed in or not.
    context.close()
    context, page = new_page(browser, live_server, width)
    code = address.group(2)
    page.goto(f"/verify/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Document verified")
    expect(page.locator("main")).to_contain_text(
        "This is a genuine certificate of attendance issued by "
        f"{SiteSettings.load().publisher_name} to "
        f"Amina Rahman for {event.title}, {event.date_range}."
    )
    expect(page.locator("main")).not_to_contain_text("Ministry of Labour")
    assert fits_the_screen(page)
    page.screenshot(path=tmp_path / f"verify-{width}.png")
    axe.check(page)

    page.goto("/verify/ABCDEFGHJKLM/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Code not known")
    axe.check(page)
    context.close()
    axe.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_edits_the_certificate_and_downloads_one_and_the_zip(
    browser, live_server, demo_site, axe, width, tmp_path
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    people = [
        confirmed_registration(
            event=event, user__first_name=first, user__last_name=last
        )
        for first, last in [("Amina", "Rahman"), ("Li", "Wei")]
    ]
    for registration in people:
        CheckIn.objects.create(registration=registration, day=event.start_date)
    # The site-wide template (the migration makes one; a flushed database not).
    template, _ = LetterTemplate.objects.update_or_create(
        kind=Kind.CERTIFICATE,
        event=None,
        defaults={
            "title": "Certificate of attendance",
            "body": "<p>{name} attended {event}.</p>",
            "live": True,
        },
    )
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context, page = new_page(browser, live_server, width)

    page.goto("/admin/")
    sign_in(page, organiser)
    page.goto("/admin/snippets/letters/lettertemplate/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Letter templates")
    page.get_by_role(
        "link", name=re.compile(r"^Certificate of attendance")
    ).first.click()
    page.get_by_role("textbox", name="Title").fill("Certificate of participation")
    editor = page.locator(".Draftail-Editor [contenteditable=true]")
    editor.click()
    editor.press("Control+End")
    editor.press_sequentially(" Verified by {code}.")
    expect(editor).to_contain_text("{event}. Verified by {code}.")
    # The editor writes its content to the form as it loses focus.
    page.get_by_role("textbox", name="Title").click()
    expect(page.locator("input[name=body]")).to_have_value(
        re.compile(r"Verified by \{code\}\.")
    )
    # Wagtail's own edit form is not audited here: its rich-text editor has
    # no accessible name and the page no level-one heading (Wagtail's markup).
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")
    template.refresh_from_db()
    assert template.title == "Certificate of participation"
    assert "Verified by {code}." in template.body

    with clock.as_of(after(event)):
        page.goto(reverse(DESK_URL_NAME, args=[event.pk]))
        page.get_by_role("link", name="Letters and certificates", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Letters and certificates"
        )
        row = page.get_by_role("row").filter(has_text="Amina Rahman")
        single = download(
            page, row.get_by_role("link", name=re.compile("Download")).click
        )
        text = pdf_text(single.path())
        assert "Certificate of participation" in text
        assert re.search(r"Verified by [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\.", text)
        page.reload()
        assert fits_the_screen(page)
        page.screenshot(path=tmp_path / f"admin-{width}.png")
        axe.check(page)
        bundle = download(
            page,
            page.get_by_role("link", name="Certificates of attendance (ZIP)").click,
        )
        with open(bundle.path(), "rb") as file:
            names = zipfile.ZipFile(io.BytesIO(file.read())).namelist()
        assert sorted(names) == [
            f"certificate-{event.slug}-amina-rahman.pdf",
            f"certificate-{event.slug}-li-wei.pdf",
        ]
    context.close()
    axe.assert_clean()
