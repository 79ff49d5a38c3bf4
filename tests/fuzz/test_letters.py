"""Letters and certificates: asking for a letter, downloads, /verify/, templates."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters import placeholders
from letters.models import IssuedDocument, LetterTemplate
from roundtable.access import ensure_organisers_group
from tests.factories import UserFactory, confirmed_registration
from tests.fuzz.hostile import (
    assert_refused_clearly,
    client_for,
    field_value,
    form_data,
    hostile_text,
    rolled_back,
    send,
    text_of,
    url_segments,
)

pytestmark = pytest.mark.django_db

STRANGE_IDS = [0, 999_999, 2**31, 2**63, 10**30]
ADD_TEMPLATE = "/admin/snippets/letters/lettertemplate/add/"


@pytest.fixture
def others_registration(future_event):
    return confirmed_registration(event=future_event)


@pytest.fixture
def organiser(db):
    return UserFactory(groups=[ensure_organisers_group()])


@given(
    whose=st.sampled_from(["own", "other", *STRANGE_IDS]),
    body=form_data(["kind", "registration", "csrfmiddlewaretoken"]),
)
def test_asking_for_a_letter_issues_ones_own_or_is_not_found(
    participant, registration, others_registration, whose, body
):
    pk = {"own": registration.pk, "other": others_registration.pk}.get(whose, whose)
    with rolled_back():
        response = send(
            client_for(participant),
            "post",
            f"/my/letters/{pk}/visa-letter/request/",
            data=body,
        )
        issued = list(IssuedDocument.objects.values_list("registration_id", "kind"))
        if whose == "own":
            assert response.status_code == 302
            assert response["Location"] == f"/my/#letters-{registration.event_id}"
            assert issued == [(registration.pk, "visa-letter")]
        else:
            assert response.status_code == 404
            assert issued == []


@given(segment=url_segments, kind=st.sampled_from(["visa-letter", "certificate"]))
def test_a_hostile_download_address_is_not_found(participant, segment, kind):
    with rolled_back():
        response = send(
            client_for(participant), "get", f"/my/letters/{segment}/{kind}.pdf"
        )
        assert response.status_code == 404
        assert not IssuedDocument.objects.exists()


@given(segment=url_segments | hostile_text.filter(lambda t: "/" not in t and t))
def test_a_hostile_verification_code_is_not_known(registration, segment):
    with rolled_back():
        IssuedDocument.objects.create(
            registration=registration,
            kind="visa-letter",
            code="ABCDEFGHJKLM",
            name="Amina Rahman",
            event_title="Roundtable",
            dates="26–27 June 2014",
        )
        response = send(client_for(), "get", f"/verify/{segment}/")
        if response.status_code == 200:
            # Only the code itself is known, however it is typed.
            assert "This is a genuine visa-support letter" in text_of(response)
        else:
            assert response.status_code == 404
            assert "Amina Rahman" not in text_of(response)


def draftail(text):
    """The editor's JSON for one paragraph of `text`."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "k",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


@given(
    data=form_data(["kind", "event", "title"]),
    body=st.one_of(hostile_text.map(draftail), field_value),
    publish=st.booleans(),
)
def test_a_template_saves_or_says_why_not(organiser, future_event, data, body, publish):
    data = {**data, "body": body}
    if publish:
        data["action-publish"] = "publish"
    with rolled_back():
        before = LetterTemplate.objects.count()
        response = send(client_for(organiser), "post", ADD_TEMPLATE, data=data)
        if response.status_code == 302:
            template = LetterTemplate.objects.latest("pk")
            assert LetterTemplate.objects.count() == before + 1
            assert placeholders.unknown(template.title) == []
            assert placeholders.unknown(template.body) == []
        else:
            assert_refused_clearly(response, message="error")
            assert LetterTemplate.objects.count() == before


@given(
    title=st.sampled_from(["{name}", "{nationality}", "{ name }", "{}", "{{name}}"]),
    text=st.sampled_from(["{passport}", "{event} {dates}", "{code}{", "}{"]),
)
def test_unknown_placeholders_are_refused_by_name(organiser, title, text):
    data = {"kind": "visa-letter", "title": title, "body": draftail(text)}
    with rolled_back():
        LetterTemplate.objects.filter(event=None, kind="visa-letter").delete()
        response = send(client_for(organiser), "post", ADD_TEMPLATE, data=data)
        unknown = placeholders.unknown(title) + placeholders.unknown(text)
        if unknown:
            assert response.status_code == 200
            for name in unknown:
                assert f"Unknown placeholder {{{name}}}" in text_of(response)
        else:
            assert response.status_code == 302
