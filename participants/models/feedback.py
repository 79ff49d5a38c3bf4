"""Answers to an event's feedback survey.

A participant answers once: a `FeedbackSubmission` per registration records
that they have. A named survey keeps the answers on it; an anonymous one keeps
them apart, in `AnonymousFeedback`, which by construction holds nothing that
ties them to a person: no link to the registration or the user, no time, and a
random key in place of a counter that would follow the order of submissions.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .invitations import Registration


class FeedbackSubmission(models.Model):
    """That the registration's person has answered the event's survey."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    anonymous = models.BooleanField(
        help_text=_("The answers went to the anonymous answers, not kept here.")
    )
    answers = models.JSONField(
        default=list,
        blank=True,
        help_text=_("A named survey's answers; empty for an anonymous one."),
    )

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(answers=[]),
                name="anonymous_feedback_keeps_no_answers",
            )
        ]

    def __str__(self):
        return f"Feedback from {self.registration}"


class AnonymousFeedback(models.Model):
    """One anonymous set of answers to an event's survey: the event and answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="+"
    )
    answers = models.JSONField(default=list)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("anonymous feedback")
        verbose_name_plural = _("anonymous feedback")

    def __str__(self):
        return f"Anonymous feedback on {self.event}"
