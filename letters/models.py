"""Letter and certificate templates, and the documents issued from them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin

from letters import placeholders
from roundtable.jobs import WorkerJob

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I
CODE_LENGTH = 12
BODY_FEATURES = ["bold", "italic", "ol", "ul"]


def new_code():
    """A verification code: 12 symbols from 32, 60 random bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code):
    """'ABCD-EFGH-JKLM': the code as printed, in groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(text):
    """The code as stored, from what someone typed: letters and digits only (no
    dashes, spaces or NUL, which PostgreSQL refuses in a comparison), upper case."""
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum()).upper()


class Kind(models.TextChoices):
    VISA_LETTER = "visa-letter", _("Visa-support letter")
    CERTIFICATE = "certificate", _("Certificate of attendance")


class LetterTemplate(DraftStateMixin, RevisionMixin, models.Model):
    """The text of a visa-support letter or a certificate of attendance.

    One site-wide template per kind (no event), and at most one per event and
    kind, which that event's documents use instead. Only the published
    version is used.
    """

    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.ForeignKey(
        "roundtable.EventPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for the site-wide template of this kind."),
    )
    title = models.CharField(
        max_length=255, help_text=_("Printed as the document's heading.")
    )
    body = RichTextField(features=BODY_FEATURES, help_text=placeholders.help_text())
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        HelpPanel(
            content=(
                "<p>The text of the document. Names in braces are filled in for "
                "each person: "
                + ", ".join(
                    f"<code>{{{name}}}</code> ({what})"
                    for name, what in placeholders.PLACEHOLDERS.items()
                )
                + ". The site's letterhead and the verification code are added "
                "to every document.</p>"
            )
        ),
        FieldPanel("kind"),
        FieldPanel("event"),
        FieldPanel("title"),
        FieldPanel("body"),
    ]

    class Meta:
        ordering = ["kind", "event__title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(event__isnull=True),
                name="one_site_wide_letter_template_per_kind",
                violation_error_message=_(
                    "There is already a site-wide template of this kind: "
                    "edit that one, or choose an event."
                ),
            ),
            models.UniqueConstraint(
                fields=["kind", "event"],
                name="one_letter_template_per_event_and_kind",
                violation_error_message=_(
                    "This event already has a template of this kind: edit that one."
                ),
            ),
        ]

    def __str__(self):
        where = self.event.title if self.event_id else "site-wide"
        return f"{self.get_kind_display()} ({where})"

    def clean(self):
        super().clean()
        errors = {}
        for field in ("title", "body"):
            names = placeholders.unknown(getattr(self, field))
            if names:
                errors[field] = _(
                    "Unknown placeholder %(names)s. Use only %(known)s."
                ) % {
                    "names": ", ".join(f"{{{name}}}" for name in names),
                    "known": ", ".join(
                        f"{{{name}}}" for name in placeholders.PLACEHOLDERS
                    ),
                }
        if errors:
            raise ValidationError(errors)


class IssuedDocument(models.Model):
    """A letter or certificate issued to one registration, with its code.

    Issued once per registration and kind; every later download carries the
    same code. The public verification page reads only the snapshot (name,
    event, dates). Deleting the registration (as erasing an account does)
    deletes the record, and its code is then unknown.
    """

    registration = models.ForeignKey(
        "participants.Registration",
        on_delete=models.CASCADE,
        related_name="issued_documents",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code)
    name = models.CharField(max_length=255)
    event_title = models.CharField(max_length=255)
    dates = models.CharField(max_length=100)
    issued_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"],
                name="one_issued_document_per_registration_and_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {format_code(self.code)}"

    @property
    def display_code(self):
        return format_code(self.code)


class LetterBundle(WorkerJob, models.Model):
    """Every document of one kind for an event, as a ZIP built by the worker.

    A ZIP of hundreds of PDFs takes longer than a request may (about 40 ms a
    document: 500 people, 20 s); `letters.bundles` builds it in the background
    and keeps the file here, private to organisers, until a newer one of the
    same event and kind replaces it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}s of {self.event}"
