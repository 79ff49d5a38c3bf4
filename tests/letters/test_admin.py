import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from letters import issuing
from letters.models import IssuedDocument, Kind, LetterTemplate
from participants.admin.desk import URL_NAME as DESK_URL_NAME
from tests.factories import (
    UserFactory,
    checked_in_registration,
)

pytestmark = pytest.mark.django_db

NEVER_STORED = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def event_url(event):
    return reverse("letters_event", args=[event.pk])


def zip_url(event, kind):
    return reverse("letters_zip", args=[event.pk, kind])


def single_url(registration, kind):
    return reverse("letters_admin_download", args=[registration.pk, kind])


def test_the_desk_links_to_letters_and_certificates(organiser_client, event_page):
    html = organiser_client.get(reverse(DESK_URL_NAME, args=[event_page.pk])).text

    assert f'<a href="{event_url(event_page)}">Letters and certificates</a>' in html
    assert (
        f'<a href="{zip_url(event_page, "certificate")}">'
        "Certificates of attendance (ZIP)</a>" in html
    )
    assert (
        f'<a href="{zip_url(event_page, "visa-letter")}">'
        "Visa-support letters (ZIP)</a>" in html
    )


def test_the_event_screen_lists_people_and_their_documents(
    organiser_client, event_page, registration, after_the_event
):
    letter = issuing.issue(
        registration=registration, kind=Kind.VISA_LETTER, for_organiser=True
    )
    checked_in_registration(
        event=event_page, user__first_name="Li", user__last_name="Wei"
    )

    response = organiser_client.get(event_url(event_page))

    html = response.text
    assert response.status_code == 200
    assert "Amina Rahman" in html
    assert f"<code>{letter.display_code}</code>" in html
    assert "Li Wei" in html
    assert "Visa-support letters (ZIP, 1 issued)" in html
    assert html.count("Not checked in") == 1


@pytest.mark.parametrize("count", [2, 12])
def test_the_event_screen_reads_a_constant_number_of_queries(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    for _ in range(count):
        registration = checked_in_registration(event=event_page)
        issuing.issue(registration=registration, kind=Kind.VISA_LETTER)
    organiser_client.get(event_url(event_page))

    with django_assert_max_num_queries(14):
        response = organiser_client.get(event_url(event_page))

    assert response.text.count("Issue and download") == 0
    assert response.text.count("<code>") == count


@pytest.mark.parametrize("count", [1, 6])
def test_the_zip_reads_a_constant_number_of_queries(
    organiser_client, event_page, count, after_the_event, django_assert_max_num_queries
):
    for _ in range(count):
        checked_in_registration(event=event_page)
    organiser_client.get(zip_url(event_page, "certificate"))  # issues them

    with django_assert_max_num_queries(13):
        response = organiser_client.get(zip_url(event_page, "certificate"))

    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == count


def test_an_organiser_downloads_one_certificate_and_the_zip(
    organiser_client, event_page, registration, after_the_event
):
    checked_in_registration(event=event_page)
    from participants.models import CheckIn

    CheckIn.objects.create(registration=registration, day=event_page.start_date)

    single = organiser_client.get(single_url(registration, "certificate"))
    bundle = organiser_client.get(zip_url(event_page, "certificate"))

    assert single.status_code == 200
    assert single["Cache-Control"] == NEVER_STORED
    code = IssuedDocument.objects.get(registration=registration).display_code
    text = PdfReader(io.BytesIO(single.content)).pages[0].extract_text()
    assert f"Verification code {code}." in text
    assert bundle.status_code == 200
    assert bundle["Content-Type"] == "application/zip"
    assert bundle["Cache-Control"] == NEVER_STORED
    assert bundle["Content-Disposition"] == (
        f'attachment; filename="certificates-{event_page.slug}.zip"'
    )
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert len(names) == 2
    assert f"certificate-{event_page.slug}-amina-rahman.pdf" in names


def test_refusals_say_why_and_issue_nothing(organiser_client, event_page, registration):
    early = organiser_client.get(zip_url(event_page, "certificate"), follow=True)
    nobody = organiser_client.get(zip_url(event_page, "visa-letter"), follow=True)
    uncheck = organiser_client.get(single_url(registration, "certificate"), follow=True)

    assert (
        "Certificates of attendance are issued once the event has ended: "
        "no ZIP made yet." in early.text
    )
    assert "Nobody has asked for a visa-support letter: no ZIP made." in nobody.text
    assert "A certificate of attendance is only for people checked in" in uncheck.text
    assert not IssuedDocument.objects.exists()


def test_an_organiser_may_issue_a_letter_for_a_confirmed_participant(
    organiser_client, registration
):
    response = organiser_client.get(single_url(registration, "visa-letter"))

    assert response.status_code == 200
    assert IssuedDocument.objects.get().registration == registration


@pytest.mark.parametrize("who", ["anonymous", "participant", "staff"])
def test_only_organisers_reach_the_letters_screens(
    client, event_page, registration, who
):
    if who == "participant":
        client.force_login(registration.user)
    elif who == "staff":
        from django.contrib.auth.models import Permission

        user = UserFactory()
        user.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(content_type__app_label="letters"),
        )
        client.force_login(user)
    urls = [
        event_url(event_page),
        zip_url(event_page, "visa-letter"),
        single_url(registration, "visa-letter"),
        reverse("wagtailsnippets_letters_lettertemplate:list"),
    ]

    for url in urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert response["Location"] == "/admin/"
    assert not IssuedDocument.objects.exists()


def test_saving_a_template_with_an_unknown_placeholder_says_so(
    organiser_client, event_page
):
    url = reverse("wagtailsnippets_letters_lettertemplate:add")
    data = {
        "kind": "certificate",
        "event": event_page.pk,
        "title": "Certificate",
        "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": '
        '"{name} of {nationality}", "depth": 0, "inlineStyleRanges": [], '
        '"entityRanges": []}], "entityMap": {}}',
    }

    refused = organiser_client.post(url, data)

    assert refused.status_code == 200
    assert "Unknown placeholder {nationality}." in refused.text
    assert LetterTemplate.objects.filter(event=event_page).count() == 0

    data["body"] = data["body"].replace(" of {nationality}", "")
    saved = organiser_client.post(url, {**data, "action-publish": "publish"})

    assert saved.status_code == 302
    template = LetterTemplate.objects.get(event=event_page)
    assert template.live
    assert template.body == '<p data-block-key="a">{name}</p>'
