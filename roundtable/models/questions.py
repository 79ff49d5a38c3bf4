"""The questions an event asks: at registration, and in its feedback survey.

Organisers edit them inline on the event page (its Registration and Feedback
tabs), in the event's order, with the page's revisions. Each question has a
stable `key` that answers refer to, so that relabelling or removing a question
leaves earlier answers readable (`participants.questions` keeps a snapshot of
the question beside each answer).
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

TEXT, PARAGRAPH, CHOICE, MULTIPLE, YES_NO, DATE, SCALE = (
    "text",
    "paragraph",
    "choice",
    "multiple",
    "yes_no",
    "date",
    "scale",
)
KINDS = [
    (TEXT, _("Short text")),
    (PARAGRAPH, _("Paragraph")),
    (CHOICE, _("One choice")),
    (MULTIPLE, _("Multiple choice")),
    (YES_NO, _("Yes or no")),
    (DATE, _("Date")),
]
SCALE_KIND = (SCALE, _("Scale of 1 to 5"))
WITH_CHOICES = {CHOICE, MULTIPLE}
MAX_CHOICES = 30


class Question(Orderable):
    """What both kinds of question share; `page` is each subclass's own."""

    key = models.UUIDField(default=uuid.uuid4, editable=False)
    label = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=KINDS, default=TEXT)
    required = models.BooleanField(default=False)
    help_text = models.CharField(
        max_length=255, blank=True, help_text=_("Shown under the question.")
    )
    choices = models.TextField(
        blank=True,
        help_text=_(
            "For one or multiple choice: the answers to choose from, one a line."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("help_text"),
        FieldPanel("choices"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        """The choices, one a line, stripped, without blanks or repeats."""
        seen = []
        for line in self.choices.splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return seen

    def clean(self):
        super().clean()
        if self.kind in WITH_CHOICES:
            count = len(self.choice_list)
            if count < 2:
                raise ValidationError(
                    {"choices": _("Give at least two choices, one a line.")}
                )
            if count > MAX_CHOICES:
                raise ValidationError(
                    {"choices": _("Give at most %d choices.") % MAX_CHOICES}
                )
        elif self.choices.strip():
            raise ValidationError(
                {"choices": _("Only one or multiple choice questions have choices.")}
            )


class RegistrationQuestion(Question):
    """A question of the registration form, after its fixed fields."""

    page = ParentalKey(
        "roundtable.EventPage",
        on_delete=models.CASCADE,
        related_name="registration_questions",
    )

    class Meta(Question.Meta):
        verbose_name = _("registration question")


class FeedbackQuestion(Question):
    """A question of the feedback survey after the event; may be a 1–5 scale."""

    page = ParentalKey(
        "roundtable.EventPage",
        on_delete=models.CASCADE,
        related_name="feedback_questions",
    )
    kind = models.CharField(max_length=16, choices=[*KINDS, SCALE_KIND], default=SCALE)

    class Meta(Question.Meta):
        verbose_name = _("feedback question")


# The event page's panels for its questions (`roundtable.models.pages`).
REGISTRATION_QUESTIONS_PANEL = InlinePanel(
    "registration_questions",
    heading=_("Questions"),
    label=_("Question"),
    help_text=_(
        "Asked in the registration form after its fixed fields, in this "
        "order. Changing or removing a question keeps earlier answers."
    ),
)
FEEDBACK_PANELS = [
    FieldPanel("feedback_open"),
    FieldPanel("feedback_anonymous"),
    FieldPanel("feedback_introduction"),
    InlinePanel(
        "feedback_questions", heading=_("Survey questions"), label=_("Question")
    ),
]
