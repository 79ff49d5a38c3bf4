"""Emails an organiser writes to a chosen group of an event's people."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .invitations import Invitation, Registration


class Message(models.Model):
    """One email to an audience of an event, sent by the worker.

    `participants.messages` chooses its recipients when it is sent (one
    `MessageDelivery` each) and the worker sends them one by one, recording
    each. `nonce` comes from the form that sent it: a second click on the
    same form finds this message rather than making another.
    """

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("All confirmed participants")
        AWAITING = "awaiting", _("Registrations awaiting approval")
        NOT_REGISTERED = "not_registered", _("Invitees who have not registered yet")
        BREAKOUT_CONFIRMED = (
            "breakout_confirmed",
            _("A breakout's confirmed participants"),
        )
        BREAKOUT_WAITLIST = "breakout_waitlist", _("A breakout's waitlist")
        CHECKED_IN = "checked_in", _("People checked in on a day")

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    event = models.ForeignKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(max_length=32, choices=Audience.choices)
    session = models.ForeignKey(
        "programme.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a breakout's audiences."),
    )
    day = models.DateField(null=True, blank=True, help_text=_("For check-ins."))
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.SENDING
    )
    nonce = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject


class MessageDelivery(models.Model):
    """The message to one person: queued, then sent or failed (and why)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField()
    name = models.CharField(max_length=255)
    registration = models.ForeignKey(
        Registration,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    invitation = models.ForeignKey(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "email"], name="one_delivery_per_address"
            )
        ]
        indexes = [models.Index(fields=["message", "status"], name="delivery_state")]

    def __str__(self):
        return f"{self.message} to {self.email}"
