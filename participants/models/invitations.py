"""Invitations to an event and the registrations they lead to.

State changes live in `participants.invitations` and `participants.registrations`;
these models only describe rows.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.formatting import format_days

PASS_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - no 0/O, 1/I
PASS_LENGTH = 12


def new_pass_code():
    """An opaque check-in code: 12 symbols from 32, 60 random bits."""
    return "".join(secrets.choice(PASS_ALPHABET) for _ in range(PASS_LENGTH))


def hash_token(raw_token):
    """The SHA-256 hex digest stored for a raw invitation token."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


class Invitation(models.Model):
    """A named person invited to one event; the link's token is stored hashed."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        SPEAKER = "speaker", _("Speaker")
        OBSERVER = "observer", _("Observer")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    event = models.ForeignKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    name = models.CharField(max_length=255)
    organisation = models.CharField(max_length=255, blank=True)
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.PARTICIPANT
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    send_error = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A record about a person, not content that uses the event: kept out of
    # Wagtail's reference index, whose update is a task queued on every save.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="unique_invitation_per_event_email"
            )
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        """The link can still be accepted or declined."""
        return self.status == self.Status.PENDING and not self.is_expired


class Registration(models.Model):
    """A person's place at an event, made from an accepted invitation."""

    class Status(models.TextChoices):
        PENDING_APPROVAL = "pending_approval", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        REJECTED = "rejected", _("Rejected")

    event = models.ForeignKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, related_name="registration"
    )
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    position = models.CharField(
        max_length=255, blank=True, help_text=_("Shown in the participant list.")
    )
    pass_code = models.CharField(
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        default=new_pass_code,
        help_text=_("The opaque code on the person's check-in pass."),
    )
    days = models.JSONField(
        default=list, blank=True, help_text=_("The days attending, as ISO dates.")
    )
    dietary = models.TextField("dietary needs", blank=True)
    access_needs = models.TextField(blank=True)
    listed_consent = models.BooleanField(
        "listed in the participant list", default=False
    )
    answers = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Answers to the event's registration questions, each with the "
            "question as it was asked (`participants.questions`)."
        ),
    )
    privacy_agreed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A record about a person, not content that uses the event: kept out of
    # Wagtail's reference index, whose update is a task queued on every save.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="unique_registration_per_event_user"
            )
        ]

    def __str__(self):
        return f"{self.user} at {self.event}"

    @property
    def is_active(self):
        return self.status in {self.Status.PENDING_APPROVAL, self.Status.CONFIRMED}

    @property
    def days_display(self):
        """‘Thursday 26 and Friday 27 June 2014’."""
        return format_days(self.days)

    days_display.fget.short_description = _("days")

    @property
    def answers_display(self):
        """The answers as a definition list, for the organisers' screens."""
        from participants.questions import answers_html

        return answers_html(self.answers)

    answers_display.fget.short_description = _("answers to the event's questions")
