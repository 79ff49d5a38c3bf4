"""An invitation import confirmed by an organiser and run by the worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.jobs import WorkerJob


class ImportJob(WorkerJob, models.Model):
    """A CSV of invitations, imported and emailed in the background.

    `participants.import_jobs` makes and runs it: rows are invited in batches,
    each committed with the count of rows done, then the invitations it made
    are emailed one by one, each recorded as sent. A worker that stops
    half-way resumes from there: nobody is invited or emailed twice. The
    file's text is erased when the job ends.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    skip_problems = models.BooleanField(default=False)
    content = models.TextField(blank=True, help_text=_("The CSV, until the job ends."))
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    emailed = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, blank=True, help_text=_("‘Line N: why’ for each row left out.")
    )
    invitation_ids = models.JSONField(
        default=list, blank=True, help_text=_("The invitations this job made.")
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import of {self.total_rows} rows for {self.event}"
