"""The feedback survey after an event: who may answer, answering, the results.

Organisers open the survey on the event page (its Feedback tab) once the event
has ended. Each confirmed participant answers once. An anonymous survey's
answers are written apart from the record that the person has answered
(`participants.models.feedback`), in the same transaction.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction

from participants import questions as asked
from participants.errors import InvitationError
from participants.models import AnonymousFeedback, FeedbackSubmission, Registration
from participants.tasks import send_feedback_emails
from roundtable.models.questions import CHOICE, MULTIPLE, SCALE, YES_NO

NOT_OPEN = "The feedback survey for this event is not open."
ALREADY = "You have already answered this survey: thank you."


def is_open(event):
    """The organisers opened it and the event has ended."""
    return event.feedback_open and event.has_ended


def answerable(registration):
    """Why `registration`'s person cannot answer now, or None if they can."""
    if not is_open(registration.event):
        return NOT_OPEN
    if registration.status != Registration.Status.CONFIRMED:
        return "Only confirmed participants answer the feedback survey."
    if FeedbackSubmission.objects.filter(registration=registration).exists():
        return ALREADY
    return None


@transaction.atomic
def submit_feedback(*, registration, answers):
    """Record `registration`'s answers (snapshots, `participants.questions`), once.

    Anonymous survey: the answers go to `AnonymousFeedback` with the event
    only, and the submission records that the person has answered, without the
    answers. Named survey: the submission keeps them.
    """
    registration = (
        Registration.objects.select_for_update()
        .select_related("event")
        .get(pk=registration.pk)
    )
    refusal = answerable(registration)
    if refusal:
        raise InvitationError(refusal)
    event = registration.event
    questions = list(event.feedback_questions.all())
    answers = asked.merge(questions, answers)
    missing = asked.missing_required(questions, answers)
    if missing:
        raise InvitationError(f"Please answer: {'; '.join(missing)}.")
    if event.feedback_anonymous:
        AnonymousFeedback.objects.create(event=event, answers=answers)
        return FeedbackSubmission.objects.create(
            registration=registration, anonymous=True, answers=[]
        )
    return FeedbackSubmission.objects.create(
        registration=registration, anonymous=False, answers=answers
    )


def waiting(*, event):
    """The confirmed registrations of `event` whose people have not answered."""
    return Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED, feedback__isnull=True
    )


def email_survey_link(*, event):
    """Email the survey's link to everyone who may still answer; their number."""
    if not is_open(event):
        raise InvitationError(NOT_OPEN)
    ids = list(waiting(event=event).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(partial(send_feedback_emails.enqueue, ids))
    return len(ids)


@dataclass
class QuestionResult:
    key: str
    label: str
    kind: str
    current: bool
    answered: int = 0
    rows: list = field(default_factory=list)  # [{"label", "count", "percent"}]
    average: float | None = None
    texts: list = field(default_factory=list)


@dataclass
class Results:
    responses: int
    anonymous: int
    named: int
    questions: list
    waiting: int


def all_answers(*, event):
    """[(registration or None, answers)] of every response to `event`'s survey.

    Two queries; anonymous answers come with None, in no particular order.
    """
    named = [
        (submission.registration, submission.answers)
        for submission in FeedbackSubmission.objects.filter(
            registration__event=event, anonymous=False
        )
        .select_related("registration__user", "registration__invitation")
        .order_by("registration__user__last_name", "registration__pk")
    ]
    anonymous = [
        (None, answers)
        for answers in AnonymousFeedback.objects.filter(event=event)
        .order_by("answers")
        .values_list("answers", flat=True)
    ]
    return named + anonymous


def _percent(part, whole):
    return min(100, round(100 * part / whole)) if whole else 0


def result_questions(event, responses, current=None):
    """The current questions in order, then any removed ones that have answers."""
    found = {}
    for _, answers in responses:
        for answer in answers:
            found.setdefault(answer["key"], answer)
    if current is None:
        current = list(event.feedback_questions.all())
    keys = {str(question.key) for question in current}
    return [
        QuestionResult(str(q.key), q.label, q.kind, current=True) for q in current
    ] + [
        QuestionResult(key, answer["label"], answer["kind"], current=False)
        for key, answer in found.items()
        if key not in keys
    ]


def results(*, event):
    """Counts, averages and text answers for each question of `event`'s survey."""
    responses = all_answers(event=event)
    current = list(event.feedback_questions.all())
    summaries = result_questions(event, responses, current)
    question_by_key = {str(q.key): q for q in current}
    for summary in summaries:
        values = [
            answer["value"]
            for _, answers in responses
            for answer in answers
            if answer["key"] == summary.key and asked.display_value(answer)
        ]
        summary.answered = len(values)
        _summarise(summary, values, question_by_key.get(summary.key))
    named = sum(registration is not None for registration, _ in responses)
    return Results(
        responses=len(responses),
        anonymous=len(responses) - named,
        named=named,
        questions=summaries,
        waiting=waiting(event=event).count(),
    )


def _summarise(summary, values, question):
    kind = summary.kind
    if kind == SCALE:
        counts = Counter(value for value in values if isinstance(value, int))
        total = sum(counts.values())
        summary.rows = _rows([(str(n), counts[n]) for n in range(1, 6)], total)
        if total:
            summary.average = round(sum(n * c for n, c in counts.items()) / total, 1)
    elif kind == YES_NO:
        counts = Counter(bool(value) for value in values)
        summary.rows = _rows(
            [("Yes", counts[True]), ("No", counts[False])], len(values)
        )
    elif kind in (CHOICE, MULTIPLE):
        counts = Counter(
            item
            for value in values
            for item in (value if kind == MULTIPLE else [value])
        )
        listed = question.choice_list if question is not None else []
        labels = listed + sorted(set(counts) - set(listed))
        summary.rows = _rows([(label, counts[label]) for label in labels], len(values))
    else:
        summary.texts = [str(value) for value in values]


def _rows(pairs, total):
    return [
        {"label": label, "count": count, "percent": _percent(count, total)}
        for label, count in pairs
    ]
