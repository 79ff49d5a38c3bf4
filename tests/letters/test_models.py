import pytest
from django.core.exceptions import ValidationError

from letters.models import (
    CODE_ALPHABET,
    Kind,
    LetterTemplate,
    format_code,
    new_code,
    normalise_code,
)
from tests.factories import LetterTemplateFactory

pytestmark = pytest.mark.django_db


def test_codes_are_twelve_unambiguous_symbols():
    codes = {new_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(code) == 12 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("0O1I") & set(CODE_ALPHABET)


def test_codes_print_in_groups_and_read_back_as_typed():
    assert format_code("ABCDEFGHJKLM") == "ABCD-EFGH-JKLM"
    assert normalise_code(" abcd-efgh jklm ") == "ABCDEFGHJKLM"


def test_an_unknown_placeholder_is_refused_with_the_known_ones_named():
    template = LetterTemplate(
        kind=Kind.VISA_LETTER,
        title="Letter for {passport_name}",
        body="<p>{name}, {nationality} and {nationality}</p>",
    )

    with pytest.raises(ValidationError) as raised:
        template.full_clean()

    errors = raised.value.message_dict
    assert errors["title"] == [
        "Unknown placeholder {passport_name}. Use only {name}, {organisation}, "
        "{position}, {event}, {dates}, {venue}, {days_registered}, "
        "{days_attended}, {issue_date}, {code}."
    ]
    assert errors["body"][0].startswith("Unknown placeholder {nationality}. ")


def test_one_site_wide_template_per_kind():
    # The data migration made the site-wide ones.
    assert sorted(
        LetterTemplate.objects.filter(event=None).values_list("kind", flat=True)
    ) == ["certificate", "visa-letter"]
    template = LetterTemplate(kind=Kind.CERTIFICATE, title="Another", body="<p>x</p>")

    with pytest.raises(ValidationError) as raised:
        template.full_clean()

    assert raised.value.messages == [
        "There is already a site-wide template of this kind: edit that one, "
        "or choose an event."
    ]


def test_one_template_per_event_and_kind(event_page):
    LetterTemplateFactory(event=event_page)
    template = LetterTemplate(
        kind=Kind.CERTIFICATE, event=event_page, title="Another", body="<p>x</p>"
    )

    with pytest.raises(ValidationError) as raised:
        template.full_clean()

    assert raised.value.messages == [
        "This event already has a template of this kind: edit that one."
    ]
    LetterTemplate(
        kind=Kind.VISA_LETTER, event=event_page, title="Letter", body="<p>x</p>"
    ).full_clean()
