"""participants.import_jobs: invitation imports run by the worker, resumable."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from participants import import_jobs
from participants.errors import InvitationError
from participants.models import ImportJob, Invitation
from roundtable.jobs import STALLED_AFTER

HEADER = "name,email,organisation,kind\n"


def csv_of(count, *, start=0):
    return HEADER + "".join(
        f"Person {n},person{n}@example.org,Org {n},\n"
        for n in range(start, start + count)
    )


class WorkerKilled(BaseException):
    """The worker's process ending mid-job: no `except Exception` runs."""


def queued(event, content, *, skip=False, capture):
    """A job confirmed but not yet run (the worker has not picked it up)."""
    with capture(execute=False) as callbacks:
        job = import_jobs.start_import(event=event, content=content, skip_problems=skip)
    assert len(callbacks) == 1  # the task is queued after the commit
    return job


def addresses_emailed():
    return sorted(address for message in mail.outbox for address in message.to)


def test_confirming_queues_a_job_that_invites_and_emails_everyone(
    event_page, django_capture_on_commit_callbacks
):
    job = queued(event_page, csv_of(5), capture=django_capture_on_commit_callbacks)
    assert (job.status, job.total_rows, Invitation.objects.count()) == ("queued", 5, 0)

    job = import_jobs.run(job_id=job.pk)

    emails = sorted(f"person{n}@example.org" for n in range(5))
    assert sorted(Invitation.objects.values_list("email", flat=True)) == emails
    assert addresses_emailed() == emails
    assert (job.status, job.done_rows, job.invited, job.emailed) == ("done", 5, 5, 5)
    assert job.content == ""  # the file is not kept once its rows are invitations
    assert job.finished_at is not None


def test_a_file_with_a_problem_queues_nothing_unless_told_to_skip(
    event_page, django_capture_on_commit_callbacks
):
    content = csv_of(2) + "No Address,not-an-address,,\n"
    with pytest.raises(InvitationError, match="Line 4: Not a valid email address."):
        import_jobs.start_import(event=event_page, content=content)
    assert ImportJob.objects.count() == 0

    job = queued(
        event_page, content, skip=True, capture=django_capture_on_commit_callbacks
    )
    job = import_jobs.run(job_id=job.pk)

    assert (job.invited, job.problems) == (2, ["Line 4: Not a valid email address."])


def test_a_row_invited_meanwhile_is_left_out_not_invited_twice(
    event_page, django_capture_on_commit_callbacks
):
    job = queued(event_page, csv_of(3), capture=django_capture_on_commit_callbacks)
    Invitation.objects.create(
        event=event_page,
        email="person1@example.org",
        name="Person 1",
        token_hash="meanwhile",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )

    job = import_jobs.run(job_id=job.pk)

    assert job.invited == 2
    assert job.problems == ["Line 3: Already invited to this event."]
    assert Invitation.objects.filter(email="person1@example.org").count() == 1


def test_a_worker_killed_between_batches_resumes_without_duplicates(
    event_page, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(import_jobs, "BATCH_ROWS", 4)
    job = queued(event_page, csv_of(10), capture=django_capture_on_commit_callbacks)
    real_invite = import_jobs.imports.invite_rows
    batches = []

    def killed_on_the_second_batch(**kwargs):
        batches.append(len(kwargs["rows"]))
        if len(batches) == 2:
            raise WorkerKilled
        return real_invite(**kwargs)

    monkeypatch.setattr(import_jobs.imports, "invite_rows", killed_on_the_second_batch)
    with pytest.raises(WorkerKilled):
        import_jobs.run(job_id=job.pk)

    job.refresh_from_db()
    # The first batch is committed with its count; the second rolled back.
    assert (job.status, job.done_rows, Invitation.objects.count()) == ("running", 4, 4)
    assert mail.outbox == []
    assert not job.is_stalled()
    later = job.updated_at + STALLED_AFTER + datetime.timedelta(seconds=1)
    assert job.is_stalled(now=later)

    monkeypatch.setattr(import_jobs.imports, "invite_rows", real_invite)
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - STALLED_AFTER * 2
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_jobs.resume(job=job)

    job.refresh_from_db()
    emails = sorted(f"person{n}@example.org" for n in range(10))
    assert sorted(Invitation.objects.values_list("email", flat=True)) == emails
    assert addresses_emailed() == emails
    assert (job.status, job.done_rows, job.invited, job.emailed) == ("done", 10, 10, 10)


def test_a_worker_killed_while_emailing_resumes_and_emails_nobody_twice(
    event_page, django_capture_on_commit_callbacks, monkeypatch
):
    job = queued(event_page, csv_of(6), capture=django_capture_on_commit_callbacks)
    real_send = EmailMultiAlternatives.send

    def killed_after_three(message, *args, **kwargs):
        if len(mail.outbox) == 3:
            raise WorkerKilled
        return real_send(message, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", killed_after_three)
        with pytest.raises(WorkerKilled):
            import_jobs.run(job_id=job.pk)
    assert len(mail.outbox) == 3
    # The three that went are recorded as sent, with their links.
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 3

    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - STALLED_AFTER * 2
    )
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        import_jobs.resume(job=job)

    job.refresh_from_db()
    emails = sorted(f"person{n}@example.org" for n in range(6))
    assert addresses_emailed() == emails  # each once
    assert (job.status, job.invited, job.emailed) == ("done", 6, 6)


def test_a_failed_email_is_counted_and_the_rest_go_out(
    event_page, django_capture_on_commit_callbacks, monkeypatch
):
    job = queued(event_page, csv_of(3), capture=django_capture_on_commit_callbacks)
    real_send = EmailMultiAlternatives.send

    def refuse_person1(message, *args, **kwargs):
        if message.to == ["person1@example.org"]:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_person1)
    job = import_jobs.run(job_id=job.pk)

    assert (job.status, job.emailed) == ("done", 3)
    assert import_jobs.not_sent(job) == 1
    refused = Invitation.objects.get(email="person1@example.org")
    assert (refused.sent_at, refused.send_error) == (
        None,
        "ConnectionRefusedError: mail server down",
    )
    assert addresses_emailed() == ["person0@example.org", "person2@example.org"]


def test_each_emailed_link_opens_its_invitation(
    client, event_page, django_capture_on_commit_callbacks
):
    job = queued(event_page, csv_of(2), capture=django_capture_on_commit_callbacks)
    import_jobs.run(job_id=job.pk)
    for message in mail.outbox:
        link = next(word for word in message.body.split() if "/invitations/" in word)
        path = "/invitations/" + link.split("/invitations/")[1]
        response = client.get(path)
        assert response.status_code == 200
        assert message.to[0] in response.content.decode()


def test_a_running_job_cannot_be_resumed(
    event_page, django_capture_on_commit_callbacks
):
    job = queued(event_page, csv_of(1), capture=django_capture_on_commit_callbacks)
    with pytest.raises(InvitationError, match="still running or has finished"):
        import_jobs.resume(job=job)


@pytest.mark.parametrize("rows", [10, 1000])
def test_confirming_costs_the_same_queries_for_any_size(
    event_page, django_capture_on_commit_callbacks, django_assert_max_num_queries, rows
):
    with django_assert_max_num_queries(6):
        queued(event_page, csv_of(rows), capture=django_capture_on_commit_callbacks)


@pytest.mark.parametrize("rows", [10, 1000])
def test_the_worker_invites_in_batches_not_a_query_per_row(
    event_page,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
    monkeypatch,
    rows,
):
    job = queued(event_page, csv_of(rows), capture=django_capture_on_commit_callbacks)
    monkeypatch.setattr(import_jobs, "_email_all", lambda job: None)
    size = import_jobs.BATCH_ROWS
    batches = [min(size, rows - start) for start in range(0, rows, size)]
    # SQLite binds at most 999 values: an insert per 62 invitations.
    inserts = sum(-(-batch // 62) for batch in batches)
    # Read, mark running, finish, reread; per batch: two savepoints and their
    # releases, lock, check, the service's own check, save.
    with django_assert_max_num_queries(4 + 8 * len(batches) + inserts):
        import_jobs.run(job_id=job.pk)
    assert Invitation.objects.count() == rows


# The admin's side: confirm, progress, resume.

IMPORT = "/admin/participants/invitations/import/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_confirm_lands_on_the_progress_page_with_the_summary(
    organiser_client, event_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            IMPORT, {"event": event_page.pk, "content": csv_of(3), "confirm": "1"}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "participants_invitation:import_job", args=[job.pk]
    )

    html = organiser_client.get(response["Location"]).content.decode()
    assert "<strong>Done</strong>" in html
    assert "3 invitations made; 3 emails sent." in html
    assert "0 rows left out." in html
    status = organiser_client.get(
        reverse("participants_invitation:import_job_status", args=[job.pk])
    ).json()
    assert status == {
        "status": "done",
        "status_label": "Done",
        "total_rows": 3,
        "done_rows": 3,
        "invited": 3,
        "emailed": 3,
        "finished": True,
    }


def test_progress_page_of_a_stalled_job_offers_to_resume(
    organiser_client, event_page, django_capture_on_commit_callbacks
):
    job = queued(event_page, csv_of(2), capture=django_capture_on_commit_callbacks)
    url = reverse("participants_invitation:import_job", args=[job.pk])
    html = organiser_client.get(url).content.decode()
    assert "Waiting for the worker" in html
    assert 'value="0"' in html
    assert "Resume the import" not in html

    response = organiser_client.post(url)  # too early: refused, nothing changes
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "queued"

    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - STALLED_AFTER * 2
    )
    assert "Resume the import" in organiser_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(url)
    job.refresh_from_db()
    assert (job.status, job.invited) == ("done", 2)


@pytest.mark.parametrize("view", ["import_job", "import_job_status"])
def test_people_who_may_not_import_cannot_see_a_job(
    client, event_page, view, django_capture_on_commit_callbacks
):
    from tests.factories.area import confirmed_registration

    job = queued(event_page, csv_of(1), capture=django_capture_on_commit_callbacks)
    url = reverse(f"participants_invitation:{view}", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(confirmed_registration(event=event_page).user)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code in {403, 405}
