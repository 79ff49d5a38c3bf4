import io

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from pypdf import PdfReader

from letters import issuing
from letters.models import IssuedDocument, Kind
from tests.factories import (
    EventPageFactory,
    UserFactory,
    checked_in_registration,
    confirmed_registration,
    issued_document,
)

pytestmark = pytest.mark.django_db

NEVER_STORED = "max-age=0, no-cache, no-store, must-revalidate, private"


def letter_url(registration, kind="visa-letter"):
    return reverse("letters_download", args=[registration.pk, kind])


def request_url(registration):
    return reverse("letters_request_visa_letter", args=[registration.pk])


def text_of(response):
    return " ".join(
        " ".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )


def test_asking_for_a_visa_letter_issues_it_and_lists_the_download(
    client, registration
):
    client.force_login(registration.user)

    response = client.post(request_url(registration), follow=True)

    document = IssuedDocument.objects.get()
    assert (document.registration, document.kind) == (registration, Kind.VISA_LETTER)
    assert response.redirect_chain == [(f"/my/#letters-{registration.event_id}", 302)]
    html = response.text
    assert "Your visa-support letter is ready: download it below." in html
    assert (
        f'<a href="/my/letters/{registration.pk}/visa-letter.pdf">'
        "Download your visa-support letter (PDF)</a>" in html
    )
    assert "Request a visa-support letter" not in html


def test_asking_twice_keeps_the_one_letter(client, registration):
    client.force_login(registration.user)
    client.post(request_url(registration))
    client.post(request_url(registration))

    assert IssuedDocument.objects.count() == 1


def test_my_page_offers_the_request_before_and_the_certificate_after(
    client, event_page, after_the_event
):
    registration = checked_in_registration(event=event_page)
    client.force_login(registration.user)

    html = client.get("/my/").text

    assert "Request a visa-support letter" not in html  # the event has ended
    assert (
        f'<a href="/my/letters/{registration.pk}/certificate.pdf">'
        "Download your certificate of attendance (PDF)</a>" in html
    )


def test_my_page_offers_the_request_button(client, registration):
    client.force_login(registration.user)

    html = client.get("/my/").text

    assert (
        f'<form method="post" action="/my/letters/{registration.pk}/visa-letter/'
        'request/" class="inline-form">' in html
    )
    assert "certificate.pdf" not in html


def test_the_owner_downloads_the_same_letter_each_time(client, registration):
    client.force_login(registration.user)
    client.post(request_url(registration))
    code = IssuedDocument.objects.get().display_code

    first = client.get(letter_url(registration))
    second = client.get(letter_url(registration))

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Cache-Control"] == NEVER_STORED
    assert first["Content-Disposition"] == (
        f'attachment; filename="visa-letter-{registration.event.slug}-amina-rahman.pdf"'
    )
    assert f"Verification code {code}." in text_of(first)
    assert f"Verification code {code}." in text_of(second)


def test_a_letter_not_asked_for_is_refused_and_not_issued(client, registration):
    client.force_login(registration.user)

    response = client.get(letter_url(registration), follow=True)

    assert "Ask for your visa-support letter first: no letter was issued." in (
        response.text
    )
    assert not IssuedDocument.objects.exists()


def test_a_certificate_before_the_end_is_refused(client, event_page):
    registration = checked_in_registration(event=event_page)
    client.force_login(registration.user)

    response = client.get(letter_url(registration, "certificate"), follow=True)

    assert (
        "Certificates of attendance are issued once the event has ended: "
        "no certificate was issued yet." in response.text
    )
    assert not IssuedDocument.objects.exists()


def test_the_certificate_downloads_after_the_event(client, event_page, after_the_event):
    registration = checked_in_registration(event=event_page)
    client.force_login(registration.user)

    response = client.get(letter_url(registration, "certificate"))

    assert response.status_code == 200
    assert response["Cache-Control"] == NEVER_STORED
    assert "Certificate of attendance" in text_of(response)


@pytest.mark.parametrize("who", ["anonymous", "other_event", "outsider", "same_event"])
@pytest.mark.parametrize("kind", ["visa-letter", "certificate"])
def test_nobody_else_gets_a_persons_documents(
    client, event_page, registration, after_the_event, who, kind
):
    issued_document(registration=registration, kind=Kind.VISA_LETTER)
    issued_document(registration=registration, kind=Kind.CERTIFICATE)
    if who == "other_event":
        client.force_login(confirmed_registration(event=EventPageFactory()).user)
    elif who == "same_event":
        client.force_login(checked_in_registration(event=event_page).user)
    elif who == "outsider":
        client.force_login(UserFactory())

    response = client.get(letter_url(registration, kind))
    posted = client.post(request_url(registration))

    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        assert posted.status_code == 302
        assert posted["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 404
        assert posted.status_code == 404
    assert IssuedDocument.objects.count() == 2


def test_the_request_is_a_post(client, registration):
    client.force_login(registration.user)

    assert client.get(request_url(registration)).status_code == 405
    assert not IssuedDocument.objects.exists()


def test_the_verification_page_says_only_name_event_and_dates(client, registration):
    document = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)

    response = client.get(f"/verify/{document.code}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == NEVER_STORED
    html = response.text
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert (
        "This is a genuine visa-support letter issued by Roundtable to "
        f"<strong>Amina Rahman</strong> for <strong>{registration.event.title}"
        "</strong>, 26–27 June 2014." in html
    )
    for private in [registration.user.email, "Ministry of Labour", "Director"]:
        assert private not in html
    content = html.split('<div class="container narrow">')[1].split("</div>")[0]
    assert " ".join(strip_tags(content).split()) == (
        "Document verified This is a genuine visa-support letter issued by "
        f"Roundtable to Amina Rahman for {registration.event.title}, 26–27 June 2014."
    )


def test_the_code_may_be_typed_as_printed(client, registration):
    document = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)
    typed = document.display_code.lower()

    assert client.get(f"/verify/{typed}/").status_code == 200


@pytest.mark.parametrize(
    "code", ["ABCDEFGHJKLM", "x", "A" * 500, "%00", "ABCD-EFGH-JKL0"]
)
def test_an_unknown_code_is_not_known(client, registration, code):
    issuing.issue(registration=registration, kind=Kind.VISA_LETTER)

    response = client.get(f"/verify/{code}/")

    assert response.status_code == 404
    assert "This verification code is not known" in response.text
    assert "Amina" not in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_the_data_export_lists_the_persons_documents(client, registration):
    document = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)
    issuing.issue(
        registration=confirmed_registration(event=registration.event),
        kind=Kind.VISA_LETTER,
    )
    client.force_login(registration.user)

    data = client.get(reverse("my_data")).json()

    assert data["issued_documents"] == [
        {
            "kind": "visa-letter",
            "code": document.code,
            "name": "Amina Rahman",
            "event": registration.event.title,
            "dates": "26–27 June 2014",
            "issued_at": "2014-06-01T00:00:00+00:00",
        }
    ]
