"""An event's questions as form fields, and answers as snapshots.

Pure functions. An answer is stored as a snapshot of its question beside the
value, {"key", "label", "kind", "value"}, so that a question relabelled or
removed later still reads as it was asked. Values: text for short text,
paragraph, one choice and date (ISO), a list of texts for multiple choice, a
bool for yes or no, an int for a 1–5 scale; None when left unanswered.
"""

import datetime

from django import forms
from django.utils.html import format_html, format_html_join

from roundtable.models.questions import (
    CHOICE,
    DATE,
    MULTIPLE,
    PARAGRAPH,
    SCALE,
    YES_NO,
)

PREFIX = "q_"
TEXT_LENGTH = 500
PARAGRAPH_LENGTH = 5000
SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
YES_NO_CHOICES = [("yes", "Yes"), ("no", "No")]
UNANSWERED = "—"


def field_name(question):
    return f"{PREFIX}{question.key}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


REQUIRED = "Please answer this question: it is required."


def _field(question):
    common = {
        "label": f"{question.label} (required)"
        if question.required
        else question.label,
        "required": question.required,
        "help_text": question.help_text,
    }
    kind = question.kind
    if kind == PARAGRAPH:
        return forms.CharField(
            max_length=PARAGRAPH_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": REQUIRED},
            **common,
        )
    if kind == CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choice_list],
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": "Choose one of the answers listed.",
                "required": f"{REQUIRED} Choose one of the answers.",
            },
            **common,
        )
    if kind == MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choice_list],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Choose only among the answers listed.",
                "required": f"{REQUIRED} Choose at least one answer.",
            },
            **common,
        )
    if kind == YES_NO:
        return forms.ChoiceField(
            choices=YES_NO_CHOICES,
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": "Answer yes or no.",
                "required": f"{REQUIRED} Answer yes or no.",
            },
            **common,
        )
    if kind == DATE:
        return forms.DateField(
            widget=DateInput,
            error_messages={
                "invalid": "Enter a date, as year-month-day.",
                "required": f"{REQUIRED} Enter a date.",
            },
            **common,
        )
    if kind == SCALE:
        common["help_text"] = " ".join(
            filter(None, [question.help_text, "1 is the lowest, 5 the highest."])
        )
        return forms.ChoiceField(
            choices=SCALE_CHOICES,
            widget=forms.RadioSelect(attrs={"class": "scale-point"}),
            error_messages={
                "invalid_choice": "Choose a number from 1 to 5.",
                "required": f"{REQUIRED} Choose a number from 1 to 5.",
            },
            **common,
        )
    return forms.CharField(
        max_length=TEXT_LENGTH, error_messages={"required": REQUIRED}, **common
    )


def form_fields(questions):
    """{field name: form field} for `questions`, in their order."""
    return {field_name(question): _field(question) for question in questions}


def _stored(kind, value):
    """A cleaned form value as the snapshot keeps it."""
    if value in (None, "", []):
        return None
    if kind == YES_NO:
        return value == "yes"
    if kind == SCALE:
        return int(value)
    if kind == DATE:
        return value.isoformat()
    if kind == MULTIPLE:
        return list(value)
    return value.strip() if isinstance(value, str) else value


def snapshot(questions, cleaned_data):
    """The answers to `questions` from a form's cleaned data, as stored."""
    return [
        {
            "key": str(question.key),
            "label": question.label,
            "kind": question.kind,
            "value": _stored(question.kind, cleaned_data.get(field_name(question))),
        }
        for question in questions
    ]


def _initial(kind, value):
    if value is None:
        return None
    if kind == YES_NO:
        return "yes" if value else "no"
    if kind == SCALE:
        return str(value)
    if kind == DATE:
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    return value


def initial(answers):
    """The form's initial values from stored answers, by field name."""
    return {
        f"{PREFIX}{answer['key']}": _initial(answer["kind"], answer.get("value"))
        for answer in answers or []
    }


def display_value(answer):
    """One answer as text: lists joined, yes/no written out, dates as ISO."""
    value = answer.get("value") if answer else None
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def by_key(answers):
    return {answer["key"]: answer for answer in answers or []}


def answered(answers):
    """The answers that have a value, in their order."""
    return [answer for answer in answers or [] if display_value(answer)]


def answers_html(answers):
    """A definition list of the answers (escaped), or a dash."""
    rows = answered(answers)
    if not rows:
        return UNANSWERED
    return format_html(
        '<dl class="answers">{}</dl>',
        format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((answer["label"], display_value(answer)) for answer in rows),
        ),
    )


def as_text(answers):
    """The answers in one line: "Label: value; …", for a single spreadsheet cell."""
    return " | ".join(
        f"{answer['label']}: {display_value(answer)}" for answer in answered(answers)
    )


def missing_required(questions, answers):
    """The labels of the required `questions` that `answers` leave unanswered."""
    given = by_key(answers)
    return [
        question.label
        for question in questions
        if question.required and not display_value(given.get(str(question.key)))
    ]


def merge(questions, answers, earlier=()):
    """`answers` to the current `questions`, then the `earlier` answers to
    questions since removed, which stay readable as they were given."""
    current = {str(question.key) for question in questions}
    return [answer for answer in answers if answer["key"] in current] + [
        answer for answer in earlier or [] if answer["key"] not in current
    ]
