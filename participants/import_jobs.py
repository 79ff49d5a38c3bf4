"""Invitation imports run by the background worker, with their progress.

An organiser's confirmation only checks the file and queues a job
(`start_import`); the worker (`run`) invites the rows in batches and then
emails the invitations it made. Each batch commits with the job's count of
rows done, and each email is recorded as sent before the next goes: a
worker stopped half-way and started again (`resume`) carries on from there,
inviting and emailing nobody twice. The invitation rules are the import's
(`participants.imports`) and the invite service's.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from participants import ended, imports
from participants.errors import InvitationError
from participants.models import ImportJob, Invitation
from participants.spreadsheets import read_invitation_csv
from participants.tasks import email_new_invitations

logger = logging.getLogger(__name__)

BATCH_ROWS = 500
# A running job whose progress has not moved for this long has lost its worker.


@transaction.atomic
def start_import(*, event, content, invited_by=None, skip_problems=False):
    """Check the file as the import does and queue its job; nobody invited yet.

    Raises `InvitationError` as `imports.import_invitations` would: a row
    with a problem (unless `skip_problems`), no row fit, or an ended event.
    """
    rows = read_invitation_csv(content)
    ended.refuse_if_ended(event, ended.invite_refusal(event))
    checked = imports.check_import(event=event, rows=rows)
    problems = [f"Line {row['line']}: {problem}" for row, problem in checked if problem]
    if problems and not skip_problems:
        raise InvitationError(" ".join(problems))
    if len(problems) == len(rows):
        raise InvitationError("No row can be imported. " + " ".join(problems))
    job = ImportJob.objects.create(
        event=event,
        created_by=invited_by,
        content=content,
        skip_problems=skip_problems,
        total_rows=len(rows),
    )
    _queue(job)
    return job


def _queue(job):
    transaction.on_commit(partial(run_import_job.enqueue, job.pk))


@task()
def run_import_job(job_id):
    """The worker's side of an import: `run`."""
    run(job_id=job_id)


def run(*, job_id):
    """Invite the job's rows batch by batch, then email each invitation made."""
    job = ImportJob.objects.select_related("event", "created_by").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, updated_at=timezone.now()
    )
    try:
        rows = read_invitation_csv(job.content)
        while job.done_rows < len(rows):
            job = _import_batch(job, rows, event=job.event, by=job.created_by)
        _email_all(job)
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        content="",  # the people's details now live in their invitations
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


@transaction.atomic
def _import_batch(job, rows, *, event, by):
    """The next batch of rows invited, committed with the job's progress."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    job.event, job.created_by = event, by
    batch = rows[job.done_rows : job.done_rows + BATCH_ROWS]
    # Checked again: someone may have invited one of these people meanwhile.
    checked = imports.check_import(event=job.event, rows=batch)
    fit = [row for row, problem in checked if not problem]
    made = imports.invite_rows(event=job.event, rows=fit, invited_by=job.created_by)
    job.done_rows += len(batch)
    job.invited += len(made)
    job.invitation_ids += [invitation.pk for invitation in made]
    job.problems += [
        f"Line {row['line']}: {problem}" for row, problem in checked if problem
    ]
    job.save(
        update_fields=[
            "done_rows",
            "invited",
            "invitation_ids",
            "problems",
            "updated_at",
        ]
    )
    return job


EMAIL_CHUNK = 100


def _email_all(job):
    """Email the job's invitations not sent yet, a chunk at a time, counting them.

    Each email is recorded as sent as it goes (`tasks.email_new_invitations`);
    the job's count moves once a chunk.
    """
    unsent = [pk for pk, sent_at, _error in _made_by(job) if sent_at is None]
    emailed = len(job.invitation_ids) - len(unsent)
    for start in range(0, len(unsent), EMAIL_CHUNK):
        chunk = unsent[start : start + EMAIL_CHUNK]
        failed = email_new_invitations(chunk)
        for invitation_id, error in failed.items():
            logger.warning("Invitation %s not emailed: %s", invitation_id, error)
        emailed += len(chunk)
        ImportJob.objects.filter(pk=job.pk).update(
            emailed=emailed, updated_at=timezone.now()
        )


def not_sent(job):
    """How many of the job's invitations failed to go out (each says why)."""
    return sum(1 for _pk, _sent_at, error in _made_by(job) if error)


def _made_by(job):
    """(pk, sent_at, send_error) of the job's invitations, by pk: one query.

    Read by the range of their keys, not a list of thousands of parameters.
    """
    made = set(job.invitation_ids)
    if not made:
        return []
    rows = (
        Invitation.objects.filter(event=job.event_id, pk__range=(min(made), max(made)))
        .order_by("pk")
        .values_list("pk", "sent_at", "send_error")
    )
    return [row for row in rows if row[0] in made]


@transaction.atomic
def resume(*, job):
    """Queue a stopped job again; it carries on where it stopped."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not job.is_stalled():
        raise InvitationError("This import is still running or has finished.")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.QUEUED,
        error="",
        finished_at=None,
        updated_at=timezone.now(),
    )
    _queue(job)
    return job
