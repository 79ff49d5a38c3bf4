"""The organisers' side of the questions: results, exports, the registration."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from participants import feedback
from participants import questions as asked
from participants.models import AnonymousFeedback, FeedbackSubmission, Registration
from tests.factories import EventPageFactory, RegistrationFactory, UserFactory
from tests.factories.area import confirmed_registration
from tests.factories.questions import feedback_question, registration_question

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/admin/participants/registrations/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def ended_event(event_index):
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
        feedback_question(event=ended_event, label="Overall"),
        feedback_question(
            event=ended_event,
            label="Best part",
            kind="multiple",
            choices="Plenary\nBreakouts",
        ),
        feedback_question(event=ended_event, label="Come again?", kind="yes_no"),
        feedback_question(event=ended_event, label="Comments", kind="paragraph"),
    ]


def answer(event, survey, values):
    registration = confirmed_registration(event=event)
    feedback.submit_feedback(
        registration=registration,
        answers=asked.snapshot(
            survey,
            {asked.field_name(q): values.get(q.label) for q in survey},
        ),
    )
    return registration


def results_url(event):
    return reverse("participants_feedback_results", args=[event.pk])


def test_results_count_average_and_list_the_answers(ended_event, survey):
    answer(ended_event, survey, {"Overall": "5", "Best part": ["Plenary"]})
    answer(
        ended_event,
        survey,
        {"Overall": "4", "Best part": ["Plenary", "Breakouts"], "Come again?": "yes"},
    )
    answer(ended_event, survey, {"Overall": "2", "Comments": "=cmd|' /C calc'!A0"})
    confirmed_registration(event=ended_event)  # yet to answer

    results = feedback.results(event=ended_event)

    assert (results.responses, results.anonymous, results.waiting) == (3, 3, 1)
    overall, best, again, comments = results.questions
    assert overall.average == 3.7
    assert [(r["label"], r["count"]) for r in overall.rows] == [
        ("1", 0),
        ("2", 1),
        ("3", 0),
        ("4", 1),
        ("5", 1),
    ]
    assert [(r["label"], r["count"], r["percent"]) for r in best.rows] == [
        ("Plenary", 2, 100),
        ("Breakouts", 1, 50),
    ]
    assert [(r["label"], r["count"]) for r in again.rows] == [("Yes", 1), ("No", 0)]
    assert comments.texts == ["=cmd|' /C calc'!A0"]


def test_a_removed_question_keeps_its_answers_in_the_results(ended_event, survey):
    answer(ended_event, survey, {"Come again?": "no"})
    survey[2].delete()
    [*_, removed] = feedback.results(event=ended_event).questions
    assert (removed.label, removed.current, removed.rows[1]["count"]) == (
        "Come again?",
        False,
        1,
    )


def test_organiser_reads_the_results_screen(organiser_client, ended_event, survey):
    answer(ended_event, survey, {"Overall": "5", "Comments": "<b>Useful</b>"})
    response = organiser_client.get(results_url(ended_event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>1</strong> response" in html
    assert "average <strong>5.0</strong> out of 5" in html
    assert "&lt;b&gt;Useful&lt;/b&gt;" in html
    assert html.count('<svg class="desk-bar"') == 5 + 2 + 2
    assert "With fewer than three anonymous responses" in html
    desk = organiser_client.get(
        reverse("participants_event_desk", args=[ended_event.pk])
    ).content.decode()
    assert f'<a href="{results_url(ended_event)}">Feedback survey results</a>' in desk


def test_results_csv_is_formula_safe_and_anonymous(
    organiser_client, ended_event, survey
):
    answer(ended_event, survey, {"Overall": "2", "Comments": "=1+1"})
    response = organiser_client.get(
        reverse("participants_feedback_csv", args=[ended_event.pk])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Name", "Email", "Overall", "Best part", "Come again?", "Comments"],
        ["(anonymous)", "", "2", "", "", "'=1+1"],
    ]


def test_results_csv_of_a_named_survey_names_each_person(
    organiser_client, ended_event, survey
):
    ended_event.feedback_anonymous = False
    ended_event.save()
    registration = answer(ended_event, survey, {"Overall": "3"})
    response = organiser_client.get(
        reverse("participants_feedback_csv", args=[ended_event.pk])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:3] == [str(registration.user), registration.user.email, "3"]


def test_organiser_emails_the_survey_link(
    organiser_client, ended_event, survey, django_capture_on_commit_callbacks
):
    confirmed_registration(event=ended_event)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("participants_feedback_email", args=[ended_event.pk])
        )
    assert (response.status_code, response["Location"]) == (
        302,
        results_url(ended_event),
    )
    assert len(mail.outbox) == 1


FEEDBACK_VIEWS = [
    ("participants_feedback_results", "get"),
    ("participants_feedback_csv", "get"),
    ("participants_feedback_email", "post"),
]


@pytest.mark.parametrize(("name", "method"), FEEDBACK_VIEWS)
def test_anonymous_visitor_is_sent_to_sign_in(client, ended_event, name, method):
    response = getattr(client, method)(reverse(name, args=[ended_event.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


@pytest.mark.parametrize(("name", "method"), FEEDBACK_VIEWS)
def test_participants_and_outsiders_cannot_read_the_results(
    client, ended_event, event_page, name, method
):
    for user in [
        confirmed_registration(event=ended_event).user,
        confirmed_registration(event=event_page).user,
        UserFactory(),
    ]:
        client.force_login(user)
        response = getattr(client, method)(reverse(name, args=[ended_event.pk]))
        assert response.status_code == 403
    assert not mail.outbox


@pytest.mark.parametrize(("name", "method"), FEEDBACK_VIEWS)
def test_staff_who_are_not_organisers_are_refused(client, ended_event, name, method):
    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(editor)
    response = getattr(client, method)(reverse(name, args=[ended_event.pk]))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.parametrize("responses", [20, 200])
def test_results_screen_queries_do_not_grow_with_the_responses(
    organiser_client, ended_event, survey, django_assert_max_num_queries, responses
):
    values = asked.snapshot(
        survey,
        {
            asked.field_name(survey[0]): "4",
            asked.field_name(survey[1]): ["Plenary"],
            asked.field_name(survey[3]): "Fine",
        },
    )
    AnonymousFeedback.objects.bulk_create(
        AnonymousFeedback(event=ended_event, answers=values) for _ in range(responses)
    )
    organiser_client.get(results_url(ended_event))

    with django_assert_max_num_queries(16):
        response = organiser_client.get(results_url(ended_event))

    html = response.content.decode()
    assert f"<strong>{responses}</strong> responses" in html
    assert "With fewer than three anonymous responses" not in html


# Registration answers on the organisers' screens.


def test_registration_inspect_shows_the_answers(organiser_client, event_page):
    question = registration_question(event=event_page, label="Your role")
    registration = RegistrationFactory(
        invitation__event=event_page,
        answers=asked.snapshot([question], {asked.field_name(question): "<i>Judge"}),
    )
    response = organiser_client.get(f"{REGISTRATIONS}inspect/{registration.pk}/")
    html = response.content.decode()
    assert "<dt>Your role</dt><dd>&lt;i&gt;Judge</dd>" in html


def test_export_of_an_events_registrations_has_a_column_per_question(
    organiser_client, event_page
):
    role = registration_question(event=event_page, label="Your role")
    topics = registration_question(
        event=event_page, label="Topics", kind="multiple", choices="A\nB"
    )
    gone = registration_question(event=event_page, label="Old question")
    RegistrationFactory(
        invitation__event=event_page,
        answers=asked.snapshot(
            [role, topics, gone],
            {
                asked.field_name(role): "=HYPERLINK(1)",
                asked.field_name(topics): ["A", "B"],
                asked.field_name(gone): "Kept",
            },
        ),
    )
    gone.delete()
    query = {"event": event_page.pk}

    csv_response = organiser_client.get(REGISTRATIONS, {**query, "export": "csv"})
    xlsx_response = organiser_client.get(REGISTRATIONS, {**query, "export": "xlsx"})

    content = b"".join(csv_response.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(content)))
    assert row["Your role"] == "'=HYPERLINK(1)"
    assert row["Topics"] == "A; B"
    assert row["Answers to removed questions"] == "Old question: Kept"
    workbook = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    header, values = list(workbook.active.values)
    assert header[-3:] == ("Your role", "Topics", "Answers to removed questions")
    assert values[-3:] == ("'=HYPERLINK(1)", "A; B", "Old question: Kept")


def test_privacy_export_lists_the_answers_and_deletion_erases_them(
    client, ended_event, survey
):
    from participants import privacy
    from participants.models import ErasedParticipation

    ended_event.feedback_anonymous = False
    ended_event.save()
    question = registration_question(event=ended_event, label="Your role")
    registration = answer(ended_event, survey, {"Overall": "4"})
    Registration.objects.filter(pk=registration.pk).update(
        answers=asked.snapshot([question], {asked.field_name(question): "Nurse"})
    )
    user = registration.user

    data = privacy.personal_data(user=user)

    [entry] = data["registrations"]
    assert entry["answers"] == [{"question": "Your role", "answer": "Nurse"}]
    assert entry["feedback"]["answers"][0] == {"question": "Overall", "answer": 4}

    privacy.delete_account(user=user)
    assert not FeedbackSubmission.objects.exists()
    assert not Registration.objects.exists()
    erased = ErasedParticipation.objects.values()[0]
    assert "Nurse" not in str(erased)
