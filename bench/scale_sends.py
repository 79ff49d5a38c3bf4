"""Imports and sends at bench/scale.py's sizes: the organiser's wait, the worker's rate.

Run inside scale.py's worker, after the pages are measured, on the same built
event. The task backend is django-tasks' dummy backend, which keeps what is
queued and runs nothing: the organiser's request is timed alone, as under the
production worker, and the worker's function is then timed on its own. Emails
go to Django's in-memory backend.

- an import of ROWS[size] new addresses: the confirm request (POST, the file
  already previewed), then `import_jobs.run` (invitations in batches, then one
  email each), as rows/s and emails/s;
- a message to every confirmed participant: the send request, then
  `messages.deliver`, as emails/s.
"""

import time
import uuid

# Rows of the import at each size (issue 18: 5,000 at the large one).
ROWS = {"small": 50, "medium": 2000, "large": 5000}
REQUEST_MS = 1000  # the organiser's page comes back in under a second
RATE_PER_S = 500  # the worker imports and emails at least this fast


def measure(*, built, size, host):
    from django.core import mail
    from django.test import Client, override_settings

    from participants import import_jobs, messages
    from participants.models import ImportJob, Message

    event, organiser = built["event"], built["organiser"]
    client = Client(HTTP_HOST=host)
    client.force_login(organiser)
    rows = ROWS[size]
    content = "name,email,organisation,kind\n" + "".join(
        f"Bulk Person {n},bulk{n}@example.org,Org {n % 50},\n" for n in range(rows)
    )
    results = {}
    tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    email = "django.core.mail.backends.locmem.EmailBackend"
    with override_settings(TASKS=tasks, EMAIL_BACKEND=email):
        mail.outbox = []
        started = time.perf_counter()
        response = client.post(
            "/admin/participants/invitations/import/",
            {"event": event.pk, "content": content, "confirm": "1"},
        )
        confirm_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 302:
            raise RuntimeError(f"import confirm answered {response.status_code}")
        job = ImportJob.objects.latest("pk")
        results[f"import confirm ({rows} rows)"] = _request(confirm_ms)

        emailing = import_jobs._email_all
        import_jobs._email_all = lambda job: None  # the invitations alone first
        try:
            started = time.perf_counter()
            import_jobs.run(job_id=job.pk)
            invite_s = time.perf_counter() - started
        finally:
            import_jobs._email_all = emailing
        job.refresh_from_db()
        started = time.perf_counter()
        import_jobs._email_all(job)
        email_s = time.perf_counter() - started
        sent = len(mail.outbox)
        if (job.invited, sent) != (rows, rows):
            raise RuntimeError(f"import made {job.invited}, emailed {sent}")
        results["import worker: invitations"] = _rate(rows, invite_s)
        results["import worker: emails"] = _rate(sent, email_s)

        mail.outbox = []
        started = time.perf_counter()
        response = client.post(
            "/admin/participants/messages/compose/",
            {
                "event": event.pk,
                "audience": Message.Audience.CONFIRMED,
                "subject": "Before {event}",
                "body": "Dear {name},\n\nYour agenda:\n{agenda}\n\n{my_link}",
                "nonce": str(uuid.uuid4()),
                "send": "1",
            },
        )
        send_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 302:
            raise RuntimeError(f"message send answered {response.status_code}")
        message = Message.objects.latest("pk")
        recipients = message.deliveries.count()
        results[f"message send ({recipients} people)"] = _request(send_ms)
        started = time.perf_counter()
        messages.deliver(message_id=message.pk)
        deliver_s = time.perf_counter() - started
        if len(mail.outbox) != recipients:
            raise RuntimeError(f"message reached {len(mail.outbox)} of {recipients}")
        results["message worker: emails"] = _rate(recipients, deliver_s)
    return results


def _request(ms):
    return {"kind": "request", "value": round(ms, 1), "unit": "ms"}


def _rate(count, seconds):
    return {"kind": "rate", "value": round(count / seconds, 1), "unit": "/s"}


def verdict(result):
    if result["kind"] == "request":
        return "PASS" if result["value"] < REQUEST_MS else "FAIL"
    return "PASS" if result["value"] >= RATE_PER_S else "FAIL"
