"""An event's letters or certificates as one ZIP, made by the worker.

Up to `IN_REQUEST` documents the ZIP is made while the organiser waits (about
40 ms a document); beyond, `prepare` queues a `LetterBundle` and the worker
(`build`) makes it, counting the documents as it goes, for the organiser to
download from its page. Building again from the start is always safe:
documents are issued once (`issuing.issue_all`) and the ZIP is rewritten
whole, so a worker that stopped half-way is simply run again (`prepare`
offers that for a bundle that failed or stopped moving).
"""

import io
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from letters import issuing
from letters.models import LetterBundle

IN_REQUEST = 50


@transaction.atomic
def prepare(*, event, kind, requested_by=None):
    """The bundle being made for the event and kind, else a new one, queued.

    Older bundles of the event and kind are deleted: one ZIP is kept.
    """
    current = (
        LetterBundle.objects.select_for_update()
        .filter(event=event, kind=kind)
        .exclude(status__in=[LetterBundle.Status.DONE, LetterBundle.Status.FAILED])
        .first()
    )
    if current is not None and not current.is_stalled():
        return current
    LetterBundle.objects.filter(event=event, kind=kind).delete()
    bundle = LetterBundle.objects.create(
        event=event, kind=kind, requested_by=requested_by
    )
    transaction.on_commit(partial(build_bundle.enqueue, bundle.pk))
    return bundle


@task()
def build_bundle(bundle_id):
    """The worker's side of a bundle: `build`."""
    build(bundle_id=bundle_id)


def build(*, bundle_id):
    """Issue what is missing, then write every document into the ZIP."""
    bundle = LetterBundle.objects.select_related("event").filter(pk=bundle_id).first()
    if bundle is None or bundle.status == LetterBundle.Status.DONE:
        return bundle
    event, kind = bundle.event, bundle.kind
    try:
        documents = issuing.issue_all(event=event, kind=kind)
        _update(bundle, status=LetterBundle.Status.RUNNING, total=len(documents))
        output = io.BytesIO()
        issuing.write_zip(
            documents,
            output,
            event=event,
            kind=kind,
            progress=lambda done: done % 10 == 0 and _update(bundle, done=done),
        )
    except Exception as error:
        _update(
            bundle,
            status=LetterBundle.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    _update(
        bundle,
        status=LetterBundle.Status.DONE,
        done=len(documents),
        content=output.getvalue(),
        finished_at=timezone.now(),
    )
    bundle.refresh_from_db()
    return bundle


def _update(bundle, **fields):
    LetterBundle.objects.filter(pk=bundle.pk).update(
        updated_at=timezone.now(), **fields
    )
    return True


def zip_name(bundle):
    return f"{issuing.FILE_NAMES[bundle.kind]}s-{bundle.event.slug}.zip"
