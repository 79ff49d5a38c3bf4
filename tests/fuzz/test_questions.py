"""The event's questions in the registration form and the feedback survey,
with hostile input: every answer is stored well-typed, or refused clearly."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants import questions as asked
from participants.models import (
    AnonymousFeedback,
    FeedbackSubmission,
    Invitation,
    Registration,
)
from tests.factories import EventPageFactory, UserFactory
from tests.factories.area import confirmed_registration
from tests.factories.questions import feedback_question, registration_question
from tests.fuzz.hostile import (
    CANARIES,
    assert_refused_clearly,
    changes,
    client_for,
    field_value,
    hostile_text,
    rolled_back,
    send,
    snapshot,
)

pytestmark = pytest.mark.django_db

KINDS = [
    ("text", ""),
    ("paragraph", ""),
    ("choice", "Asia\nEurope"),
    ("multiple", "Shelters\nReturns\nCourts"),
    ("yes_no", ""),
    ("date", ""),
]


def make_questions(factory, event, kinds):
    return [
        factory(
            event=event,
            label=f"Question {n}",
            kind=kind,
            choices=choices,
            required=n % 2 == 0,
        )
        for n, (kind, choices) in enumerate(kinds)
    ]


def answer_values(question):
    """Good answers, nearly good ones and hostile ones for `question`."""
    good = {
        "choice": st.sampled_from(question.choice_list),
        "multiple": st.lists(st.sampled_from(question.choice_list), max_size=3),
        "yes_no": st.sampled_from(["yes", "no", "Yes", "1", "true"]),
        "date": st.sampled_from(["2014-06-25", "2014-02-30", "25/06/2014", "0"]),
        "scale": st.sampled_from(["1", "5", "0", "6", "3.5", "-1", "٣"]),
    }.get(question.kind, hostile_text)
    return st.one_of(good, field_value)


def good_value(question):
    """An answer the question takes."""
    return {
        "choice": st.sampled_from(question.choice_list),
        "multiple": st.lists(
            st.sampled_from(question.choice_list), min_size=1, unique=True
        ),
        "yes_no": st.sampled_from(["yes", "no"]),
        "date": st.dates().map(datetime.date.isoformat),
        "scale": st.sampled_from(["1", "2", "3", "4", "5"]),
    }.get(
        question.kind,
        st.one_of(st.sampled_from(CANARIES), st.text(min_size=1, max_size=40)).filter(
            lambda text: text.strip() and "\x00" not in text
        ),
    )


def question_data(questions):
    """Good answers to every question, some of them then replaced by hostile or
    nearly good ones, or left out."""
    names = [asked.field_name(q) for q in questions]
    return st.tuples(
        st.fixed_dictionaries({asked.field_name(q): good_value(q) for q in questions}),
        st.fixed_dictionaries(
            {}, optional={asked.field_name(q): answer_values(q) for q in questions}
        ),
        st.lists(st.sampled_from(names), max_size=2),
    ).map(
        lambda parts: {
            name: value
            for name, value in {**parts[0], **parts[1]}.items()
            if name not in parts[2]
        }
    )


def mostly_good(questions):
    """Half the time all good answers, else some spoiled."""
    good = st.fixed_dictionaries(
        {asked.field_name(q): good_value(q) for q in questions}
    )
    return st.one_of(good, question_data(questions))


def assert_well_typed(questions, answers):
    """Each stored answer fits its question's kind and choices."""
    by_key = {str(q.key): q for q in questions}
    for answer in answers:
        question = by_key[answer["key"]]
        value = answer["value"]
        if value is None:
            assert not question.required
            continue
        kind = question.kind
        if kind == "choice":
            assert value in question.choice_list
        elif kind == "multiple":
            assert set(value) <= set(question.choice_list) and value
        elif kind == "yes_no":
            assert isinstance(value, bool)
        elif kind == "date":
            datetime.date.fromisoformat(value)
        elif kind == "scale":
            assert value in range(1, 6)
        else:
            assert isinstance(value, str) and value and "\x00" not in value


@pytest.fixture
def questions(future_event):
    return make_questions(registration_question, future_event, KINDS)


@pytest.fixture
def invitee(invitation):
    invitation.status = Invitation.Status.ACCEPTED
    invitation.save()
    return UserFactory(email=invitation.email)


@given(data=st.data())
def test_registration_questions_store_well_typed_answers_or_say_why_not(
    invitation, invitee, questions, data
):
    post = {
        "days": [invitation.event.start_date.isoformat()],
        "privacy_agreed": "on",
        **data.draw(mostly_good(questions)),
    }
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(invitee), "post", f"/my/register/{invitation.pk}/", data=post
        )
        after = snapshot()
        if response.status_code == 302:
            registration = Registration.objects.get(invitation=invitation)
            assert_well_typed(questions, registration.answers)
            assert changes(before, after) == ["registrations", "user_groups"]
        else:
            assert_refused_clearly(response)
            assert changes(before, after) == []


@given(data=st.data())
def test_registration_answers_edit_saves_or_says_why_not(registration, questions, data):
    post = {
        "days": [registration.event.start_date.isoformat()],
        **data.draw(mostly_good(questions)),
    }
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(registration.user),
            "post",
            f"/my/registrations/{registration.pk}/edit/",
            data=post,
        )
        after = snapshot()
        if response.status_code == 302:
            registration.refresh_from_db()
            assert_well_typed(questions, registration.answers)
        else:
            assert_refused_clearly(response)
            assert changes(before, after) == []


@pytest.fixture
def ended_event(event_index):
    return EventPageFactory(
        parent=event_index,
        start_date=datetime.date(2014, 5, 20),
        end_date=datetime.date(2014, 5, 21),
        feedback_open=True,
    )


@pytest.fixture
def survey(ended_event):
    return make_questions(
        feedback_question, ended_event, [("scale", ""), *KINDS, ("scale", "")]
    )


@pytest.fixture
def survey_participant(ended_event):
    return confirmed_registration(event=ended_event)


@given(data=st.data())
def test_feedback_survey_stores_well_typed_answers_once_or_says_why_not(
    ended_event, survey, survey_participant, data
):
    post = data.draw(mostly_good(survey))
    if data.draw(st.booleans()):
        post.update(data.draw(st.dictionaries(hostile_text, field_value, max_size=2)))
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(survey_participant.user),
            "post",
            f"/my/feedback/{ended_event.pk}/",
            data=post,
        )
        assert changes(before, snapshot()) == []
        if response.status_code == 302:
            [stored] = AnonymousFeedback.objects.all()
            assert_well_typed(survey, stored.answers)
            assert FeedbackSubmission.objects.get().answers == []
        else:
            assert_refused_clearly(response)
            assert not AnonymousFeedback.objects.exists()
            assert not FeedbackSubmission.objects.exists()


QUESTION_FIELDS = ["label", "kind", "required", "help_text", "choices"]


@given(data=st.data())
def test_organiser_question_definitions_save_or_say_why_not(
    event_index, organiser, data
):
    from wagtail.test.utils.form_data import inline_formset

    from roundtable.models import EventPage
    from tests.roundtable.test_admin import event_form

    rows = data.draw(
        st.lists(
            st.fixed_dictionaries(
                {"label": st.one_of(st.text(min_size=1, max_size=20), hostile_text)},
                optional={
                    "kind": st.one_of(
                        st.sampled_from(["text", "choice", "multiple", "scale"]),
                        hostile_text,
                    ),
                    "required": st.sampled_from(["on", "", "x"]),
                    "help_text": hostile_text,
                    "choices": st.one_of(
                        st.sampled_from(["A\nB", "A", "\n\n", "A\nA"]), hostile_text
                    ),
                },
            ),
            max_size=3,
        )
    )
    form = event_form(
        registration_questions=inline_formset(rows),
        feedback_questions=inline_formset(rows[:1]),
    )
    with rolled_back():
        response = send(
            client_for(organiser),
            "post",
            f"/admin/pages/add/roundtable/eventpage/{event_index.pk}/",
            data=form,
        )
        if response.status_code == 302:
            event = EventPage.objects.get(slug="labour-migration-2027")
            for question in event.registration_questions.all():
                question.full_clean(exclude=["page"])
        else:
            assert response.status_code == 200
            assert "could not be created due to validation errors" in (
                response.content.decode()
            )
