import datetime
import io
import zipfile

import pytest
from pypdf import PdfReader

from letters import issuing
from letters.models import IssuedDocument, Kind, LetterTemplate
from participants import privacy
from participants.models import Registration
from roundtable.models import SiteSettings
from tests.factories import (
    EventPageFactory,
    LetterTemplateFactory,
    checked_in_registration,
    confirmed_registration,
)

pytestmark = pytest.mark.django_db


def text_of(content):
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )


def test_a_visa_letter_is_issued_once_with_one_code(registration):
    first = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)
    again = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)

    assert again.pk == first.pk
    assert again.code == first.code
    assert (first.name, first.event_title, first.dates) == (
        "Amina Rahman",
        registration.event.title,
        "26–27 June 2014",
    )
    assert IssuedDocument.objects.count() == 1


@pytest.mark.parametrize(
    "status", [Registration.Status.PENDING_APPROVAL, Registration.Status.CANCELLED]
)
def test_no_visa_letter_unless_confirmed(event_page, status):
    registration = confirmed_registration(event=event_page, status=status)

    with pytest.raises(issuing.Refused) as refused:
        issuing.issue(registration=registration, kind=Kind.VISA_LETTER)

    assert str(refused.value) == (
        "A visa-support letter is only for confirmed participants: "
        "no letter was issued."
    )
    assert not IssuedDocument.objects.exists()


def test_no_visa_letter_asked_for_after_the_event(registration, after_the_event):
    with pytest.raises(issuing.Refused) as refused:
        issuing.issue(registration=registration, kind=Kind.VISA_LETTER)

    assert str(refused.value) == (
        "The event has ended: no visa-support letter was issued."
    )
    # An organiser may still issue one (for someone's records, say).
    issuing.issue(registration=registration, kind=Kind.VISA_LETTER, for_organiser=True)


def test_a_certificate_waits_for_the_end_of_the_event(event_page):
    registration = checked_in_registration(event=event_page)

    with pytest.raises(issuing.Refused) as refused:
        issuing.issue(registration=registration, kind=Kind.CERTIFICATE)

    assert str(refused.value) == (
        "Certificates of attendance are issued once the event has ended: "
        "no certificate was issued yet."
    )


def test_a_certificate_needs_a_check_in(registration, after_the_event):
    with pytest.raises(issuing.Refused) as refused:
        issuing.issue(registration=registration, kind=Kind.CERTIFICATE)

    assert str(refused.value) == (
        "A certificate of attendance is only for people checked in at the "
        "event: no certificate was issued."
    )


def test_the_letter_fills_the_template_and_carries_its_code(registration):
    site_settings = SiteSettings.load()
    site_settings.publisher_name = "Institute of Policy Studies"
    site_settings.contact_email = "roundtables@example.org"
    site_settings.save()
    registration.days = ["2014-06-26", "2014-06-27"]
    registration.save()
    document = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)

    text = text_of(issuing.render(document))

    for expected in [
        "Institute of Policy Studies",
        "Roundtable · roundtables@example.org",
        "Letter of invitation in support of a visa application",
        "Amina Rahman",
        "Director, Ministry of Labour",
        "Copthorne King’s Hotel",
        "Thursday 26 and Friday 27 June 2014",
        "1 June 2014",
        f"Verification code {document.display_code}.",
        f"http://testserver/verify/{document.code}/",
    ]:
        assert expected in " ".join(text.split())


def test_the_events_own_published_template_comes_first(event_page, after_the_event):
    registration = checked_in_registration(
        event=event_page, days=2, user__first_name="Li", user__last_name="Wei"
    )
    LetterTemplateFactory(
        event=event_page,
        title="Attendance at {event}",
        body="<p>{name} was there on {days_attended}; code {code}.</p>",
    )
    # A draft of another event's template is not used.
    LetterTemplateFactory(event=EventPageFactory(), live=False, body="<p>Draft</p>")
    document = issuing.issue(registration=registration, kind=Kind.CERTIFICATE)

    text = " ".join(text_of(issuing.render(document)).split())

    assert f"Attendance at {event_page.title}" in text
    assert (
        f"Li Wei was there on Thursday 26 and Friday 27 June 2014; "
        f"code {document.display_code}." in text
    )
    assert "Issued on 1 July 2014" in text


def test_without_any_published_template_the_built_in_text_is_used(registration):
    LetterTemplate.objects.all().delete()
    document = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)

    assert "To whom it may concern," in text_of(issuing.render(document))


def test_the_certificate_zip_issues_to_everyone_checked_in(event_page, after_the_event):
    people = [
        checked_in_registration(
            event=event_page, user__first_name=name, user__last_name="Tan"
        )
        for name in ["Bea", "Ana", "Ana"]
    ]
    confirmed_registration(event=event_page)  # never checked in
    issued_before = issuing.issue(registration=people[0], kind=Kind.CERTIFICATE)

    documents = issuing.issue_all(event=event_page, kind=Kind.CERTIFICATE)
    output = io.BytesIO()
    issuing.write_zip(documents, output, event=event_page, kind=Kind.CERTIFICATE)

    assert [d.name for d in documents] == ["Ana Tan", "Ana Tan", "Bea Tan"]
    assert issued_before.code in {d.code for d in documents}
    archive = zipfile.ZipFile(output)
    slug = event_page.slug
    ana_second = documents[1].pk
    assert sorted(archive.namelist()) == sorted(
        [
            f"certificate-{slug}-ana-tan.pdf",
            f"certificate-{slug}-ana-tan-{ana_second}.pdf",
            f"certificate-{slug}-bea-tan.pdf",
        ]
    )
    text = text_of(archive.read(f"certificate-{slug}-bea-tan.pdf"))
    assert issued_before.display_code in text


def test_the_letter_zip_holds_only_the_letters_asked_for(event_page):
    asked = confirmed_registration(event=event_page)
    confirmed_registration(event=event_page)
    issuing.issue(registration=asked, kind=Kind.VISA_LETTER)

    documents = issuing.issue_all(event=event_page, kind=Kind.VISA_LETTER)

    assert [d.registration_id for d in documents] == [asked.pk]


def test_erasing_the_account_erases_the_documents(registration, client):
    document = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)
    assert client.get(f"/verify/{document.code}/").status_code == 200

    privacy.delete_account(user=registration.user)

    assert not IssuedDocument.objects.exists()
    response = client.get(f"/verify/{document.code}/")
    assert response.status_code == 404
    assert "This verification code is not known" in response.text


def test_issue_dates_are_in_the_events_time_zone(registration):
    document = issuing.issue(registration=registration, kind=Kind.VISA_LETTER)
    # 20:00 UTC on 1 June is 04:00 on 2 June in Singapore.
    document.issued_at = datetime.datetime(2014, 6, 1, 20, tzinfo=datetime.UTC)

    assert issuing.values(document)["issue_date"] == "2 June 2014"
