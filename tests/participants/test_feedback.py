"""The feedback survey after an event: answering once, anonymity, the emails."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from participants import errors, feedback
from participants import questions as asked
from participants.models import AnonymousFeedback, FeedbackSubmission, Registration
from tests.factories import EventPageFactory, UserFactory
from tests.factories.area import confirmed_registration
from tests.factories.questions import feedback_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_event(event_index):
    """An event over by the tests' clock (1 June 2014), its survey open."""
    return EventPageFactory(
        parent=event_index,
        title="Roundtable in May",
        start_date=datetime.date(2014, 5, 20),
        end_date=datetime.date(2014, 5, 21),
        feedback_open=True,
    )


@pytest.fixture
def survey(ended_event):
    return [
        feedback_question(event=ended_event, label="Overall", required=True),
        feedback_question(
            event=ended_event,
            label="Best part",
            kind="choice",
            choices="Plenary\nBreakouts",
        ),
        feedback_question(event=ended_event, label="Come again?", kind="yes_no"),
        feedback_question(event=ended_event, label="Comments", kind="paragraph"),
    ]


@pytest.fixture
def participant(ended_event):
    return confirmed_registration(event=ended_event)


def answers(survey, **values):
    by_label = {question.label: question for question in survey}
    return asked.snapshot(
        survey,
        {asked.field_name(by_label[label]): value for label, value in values.items()},
    )


def url(event):
    return f"/my/feedback/{event.pk}/"


def test_anonymous_answers_are_stored_with_nothing_that_ties_them_to_a_person(
    participant, survey
):
    submission = feedback.submit_feedback(
        registration=participant, answers=answers(survey, Overall="4")
    )

    # By construction: the table of answers has the event and the answers only,
    # a random key, no time, and no link to a person or registration.
    fields = {field.name for field in AnonymousFeedback._meta.get_fields()}
    assert fields == {"id", "event", "answers"}
    assert isinstance(AnonymousFeedback._meta.pk.default(), type(survey[0].key))
    [stored] = AnonymousFeedback.objects.all()
    assert stored.answers[0]["value"] == 4
    assert participant.user.email not in str(stored.answers)
    # The record that they answered keeps no answers (a database constraint too).
    assert (submission.anonymous, submission.answers) == (True, [])
    submission.answers = stored.answers
    with pytest.raises(ValidationError):
        submission.full_clean()


def test_a_named_survey_keeps_the_answers_with_the_registration(
    ended_event, participant, survey
):
    ended_event.feedback_anonymous = False
    ended_event.save()
    submission = feedback.submit_feedback(
        registration=participant, answers=answers(survey, Overall="5")
    )
    assert submission.anonymous is False
    assert submission.answers[0] == {
        "key": str(survey[0].key),
        "label": "Overall",
        "kind": "scale",
        "value": 5,
    }
    assert not AnonymousFeedback.objects.exists()


def test_a_participant_answers_once(participant, survey):
    feedback.submit_feedback(
        registration=participant, answers=answers(survey, Overall="3")
    )
    with pytest.raises(errors.InvitationError, match="already answered"):
        feedback.submit_feedback(
            registration=participant, answers=answers(survey, Overall="1")
        )
    assert AnonymousFeedback.objects.count() == 1


def test_the_survey_is_refused_before_it_opens_or_the_event_ends(
    event_page, ended_event, survey
):
    ended_event.feedback_open = False
    ended_event.save()
    closed = confirmed_registration(event=ended_event)
    # 26–27 June: not ended on 1 June (the page's own check refuses it too).
    type(event_page).objects.filter(pk=event_page.pk).update(feedback_open=True)
    not_ended = confirmed_registration(event=event_page)
    for registration in [closed, not_ended]:
        with pytest.raises(errors.InvitationError, match="not open"):
            feedback.submit_feedback(registration=registration, answers=[])


def test_only_confirmed_participants_answer(ended_event, survey):
    cancelled = confirmed_registration(
        event=ended_event, status=Registration.Status.CANCELLED
    )
    with pytest.raises(errors.InvitationError, match="Only confirmed participants"):
        feedback.submit_feedback(registration=cancelled, answers=[])


def test_a_required_question_must_be_answered(participant, survey):
    with pytest.raises(errors.InvitationError, match="Please answer: Overall."):
        feedback.submit_feedback(registration=participant, answers=answers(survey))
    assert not FeedbackSubmission.objects.exists()


def test_organisers_cannot_open_the_survey_before_the_event_has_ended(event_page):
    event_page.feedback_open = True
    with pytest.raises(ValidationError) as raised:
        event_page.full_clean()
    assert raised.value.message_dict["feedback_open"] == [
        "The survey can be opened only once the event (26–27 June 2014) has ended."
    ]


# The participant's pages.


def test_participant_answers_from_my_page_then_sees_a_thank_you(
    client, ended_event, participant, survey
):
    client.force_login(participant.user)
    my_page = client.get("/my/").content.decode()
    assert f'<a href="{url(ended_event)}">Answer the feedback survey</a>' in my_page

    form = client.get(url(ended_event)).content.decode()
    assert "Your answers are anonymous" in form
    assert "Overall (required)" in form

    refused = client.post(url(ended_event), {})
    assert refused.status_code == 200
    assert "Please answer this question: it is required." in refused.content.decode()

    response = client.post(
        url(ended_event),
        {
            asked.field_name(survey[0]): "4",
            asked.field_name(survey[1]): "Breakouts",
            asked.field_name(survey[3]): "More time for questions",
        },
    )
    assert (response.status_code, response["Location"]) == (302, url(ended_event))
    thanks = client.get(url(ended_event)).content.decode()
    assert "Thank you for your feedback" in thanks
    assert "<form" not in thanks.split("<main")[1].split("</main>")[0]
    # A second answer is never taken.
    client.post(url(ended_event), {asked.field_name(survey[0]): "1"})
    assert AnonymousFeedback.objects.count() == 1
    assert "You have answered the feedback survey: thank you." in (
        client.get("/my/").content.decode()
    )


def test_the_survey_page_says_when_it_is_not_open(client, ended_event, participant):
    ended_event.feedback_open = False
    ended_event.save()
    client.force_login(participant.user)
    page = client.get(url(ended_event)).content.decode()
    assert "The survey is not open" in page
    assert "Answer the feedback survey" not in client.get("/my/").content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, ended_event):
    response = client.get(url(ended_event))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(ended_event)}"


def test_participant_of_another_event_gets_not_found(client, ended_event, event_page):
    other = confirmed_registration(event=event_page)
    client.force_login(other.user)
    assert client.get(url(ended_event)).status_code == 404
    assert client.post(url(ended_event), {}).status_code == 404


@pytest.mark.parametrize("staff", [False, True])
def test_signed_in_outsiders_and_staff_get_not_found(client, ended_event, staff):
    user = UserFactory(is_staff=staff)
    client.force_login(user)
    assert client.get(url(ended_event)).status_code == 404


# The emailed link.


def test_email_goes_to_confirmed_participants_yet_to_answer(
    ended_event, participant, survey, django_capture_on_commit_callbacks
):
    answered = confirmed_registration(event=ended_event)
    feedback.submit_feedback(
        registration=answered, answers=answers(survey, Overall="2")
    )
    confirmed_registration(event=ended_event, status=Registration.Status.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        count = feedback.email_survey_link(event=ended_event)

    assert count == 1
    [message] = mail.outbox
    assert message.to == [participant.user.email]
    assert message.subject == "Your feedback on Roundtable in May"
    assert (
        f"Answer the survey (after signing in): http://testserver{url(ended_event)}"
        in message.body
    )
    assert "Your answers are anonymous" in message.body


def test_no_email_while_the_survey_is_closed(ended_event, participant):
    ended_event.feedback_open = False
    ended_event.save()
    with pytest.raises(errors.InvitationError, match="not open"):
        feedback.email_survey_link(event=ended_event)
