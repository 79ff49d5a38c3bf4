"""An event's registration questions: the form, the services, what is shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participants import errors, registrations
from participants import questions as asked
from participants.forms import RegistrationForm
from participants.models import Invitation
from roundtable.models import EventPage, RegistrationQuestion
from tests.factories import (
    EventPageFactory,
    InvitationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.factories.questions import registration_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    """An event a month ahead: its registrations can still be changed."""
    start = datetime.date.today() + datetime.timedelta(days=30)
    return EventPageFactory(parent=event_index, start_date=start, end_date=start)


@pytest.fixture
def invitation(event):
    return InvitationFactory(event=event, name="Amina Rahman")


@pytest.fixture
def questions(event):
    event_page = event
    return [
        registration_question(
            event=event_page, label="Your role", kind="text", required=True
        ),
        registration_question(
            event=event_page,
            label="Sessions of interest",
            kind="multiple",
            choices="Shelters\nReturns\nCourts",
        ),
        registration_question(event=event_page, label="First time?", kind="yes_no"),
        registration_question(event=event_page, label="Arriving on", kind="date"),
        registration_question(
            event=event_page, label="Region", kind="choice", choices="Asia\nEurope"
        ),
        registration_question(event=event_page, label="Notes", kind="paragraph"),
    ]


@pytest.fixture
def invitee(invitation):
    invitation.status = Invitation.Status.ACCEPTED
    invitation.save()
    return UserFactory(email=invitation.email)


def post_data(questions, **answers):
    day = questions[0].page.start_date.isoformat()
    data = {"days": [day], "privacy_agreed": "on"}
    for question in questions:
        if question.label in answers:
            data[asked.field_name(question)] = answers[question.label]
    return data


def test_form_lists_the_questions_after_the_fixed_fields_in_order(event, questions):
    form = RegistrationForm(event=event)
    names = list(form.fields)
    assert names[:5] == [
        "days",
        "position",
        "dietary",
        "access_needs",
        "listed_consent",
    ]
    assert names[5:-1] == [asked.field_name(q) for q in questions]
    assert names[-1] == "privacy_agreed"
    assert form.fields[asked.field_name(questions[0])].label == "Your role (required)"


def test_registering_stores_a_snapshot_of_each_answer(
    client, invitation, invitee, questions
):
    client.force_login(invitee)
    response = client.post(
        f"/my/register/{invitation.pk}/",
        post_data(
            questions,
            **{
                "Your role": " Caseworker ",
                "Sessions of interest": ["Shelters", "Courts"],
                "First time?": "yes",
                "Arriving on": "2014-06-25",
                "Region": "Asia",
            },
        ),
    )
    assert response.status_code == 302
    registration = invitee.registrations.get()
    assert registration.answers == [
        {"key": str(questions[0].key), "label": "Your role", "kind": "text",
         "value": "Caseworker"},
        {"key": str(questions[1].key), "label": "Sessions of interest",
         "kind": "multiple", "value": ["Shelters", "Courts"]},
        {"key": str(questions[2].key), "label": "First time?", "kind": "yes_no",
         "value": True},
        {"key": str(questions[3].key), "label": "Arriving on", "kind": "date",
         "value": "2014-06-25"},
        {"key": str(questions[4].key), "label": "Region", "kind": "choice",
         "value": "Asia"},
        {"key": str(questions[5].key), "label": "Notes", "kind": "paragraph",
         "value": None},
    ]  # fmt: skip
    page = client.get(f"/my/registrations/{registration.pk}/").content.decode()
    assert "<dt>Sessions of interest</dt><dd>Shelters; Courts</dd>" in page
    assert "<dt>Notes</dt><dd>Not answered</dd>" in page


def test_a_required_question_left_empty_is_refused_clearly(
    client, invitation, invitee, questions
):
    client.force_login(invitee)
    response = client.post(
        f"/my/register/{invitation.pk}/",
        post_data(questions, **{"Region": "Mars", "Arriving on": "2014-02-30"}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please answer this question: it is required." in html
    assert "Choose one of the answers listed." in html
    assert "Enter a date, as year-month-day." in html
    assert not invitee.registrations.exists()


def test_register_service_refuses_a_missing_required_answer(
    invitation, invitee, questions
):
    with pytest.raises(errors.InvitationError, match="Please answer: Your role."):
        registrations.register(
            invitation=invitation,
            user=invitee,
            days=[invitation.event.start_date.isoformat()],
            privacy_agreed=True,
        )


def test_editing_changes_the_answers_while_registration_is_open(client, questions):
    registration = RegistrationFactory(invitation__event=questions[0].page)
    client.force_login(registration.user)
    form_page = client.get(f"/my/registrations/{registration.pk}/edit/")
    assert "Questions from the organisers" in form_page.content.decode()
    response = client.post(
        f"/my/registrations/{registration.pk}/edit/",
        post_data(questions, **{"Your role": "Lawyer", "First time?": "no"}),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    values = {a["label"]: a["value"] for a in registration.answers}
    assert values["Your role"] == "Lawyer"
    assert values["First time?"] is False


def test_answers_cannot_be_changed_once_registration_has_closed(
    client, event, questions
):
    registration = RegistrationFactory(
        invitation__event=event,
        answers=asked.snapshot(
            questions[:1], {asked.field_name(questions[0]): "Judge"}
        ),
    )
    event.registration_closes_at = timezone.now() - datetime.timedelta(days=1)
    event.save()
    client.force_login(registration.user)
    page = client.get(f"/my/registrations/{registration.pk}/edit/").content.decode()
    assert "Registration has closed: your answers are shown as you gave them." in page
    assert 'value="Judge"' in page and "disabled" in page
    response = client.post(
        f"/my/registrations/{registration.pk}/edit/",
        {**post_data(questions, **{"Your role": "Changed"}), "dietary": "Vegan"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.dietary == "Vegan"
    assert registration.answers[0]["value"] == "Judge"
    with pytest.raises(errors.InvitationError, match="Registration has closed"):
        registrations.update_registration(
            registration=registration, days=[event.start_date.isoformat()], answers=[]
        )


def test_relabelled_and_removed_questions_keep_earlier_answers(
    client, event, questions
):
    registration = RegistrationFactory(invitation__event=event)
    registrations.update_registration(
        registration=registration,
        days=[event.start_date.isoformat()],
        answers=asked.snapshot(
            questions,
            {
                asked.field_name(questions[0]): "Nurse",
                asked.field_name(questions[5]): "Hi",
            },
        ),
    )
    questions[0].label = "Your job title"
    questions[0].save()
    questions[5].delete()
    registration.refresh_from_db()
    client.force_login(registration.user)
    page = client.get(f"/my/registrations/{registration.pk}/").content.decode()
    assert "<dt>Your role</dt><dd>Nurse</dd>" in page
    assert "<dt>Notes</dt><dd>Hi</dd>" in page
    # A later change keeps the answer to the removed question.
    current = list(RegistrationQuestion.objects.filter(page=event))
    registrations.update_registration(
        registration=registration,
        days=[event.start_date.isoformat()],
        answers=asked.snapshot(current, {asked.field_name(questions[0]): "Doctor"}),
    )
    registration.refresh_from_db()
    labels = [(a["label"], a["value"]) for a in registration.answers]
    assert labels[0] == ("Your job title", "Doctor")
    assert labels[-1] == ("Notes", "Hi")


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        ("choice", "Only one", "Give at least two choices, one a line."),
        ("multiple", "", "Give at least two choices, one a line."),
        ("text", "A\nB", "Only one or multiple choice questions have choices."),
    ],
)
def test_question_with_wrong_choices_is_refused(event_page, kind, choices, message):
    question = RegistrationQuestion(
        page=event_page, label="Q", kind=kind, choices=choices
    )
    with pytest.raises(ValidationError) as raised:
        question.full_clean()
    assert raised.value.message_dict["choices"] == [message]


def test_questions_keep_their_key_when_the_page_is_republished(event, questions):
    key = questions[0].key
    page = EventPage.objects.get(pk=event.pk)
    page.registration_questions.first().label = "Relabelled"
    page.save_revision().publish()
    page = EventPage.objects.get(pk=event.pk)
    assert page.registration_questions.first().key == key
