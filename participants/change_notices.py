"""Telling people that a session on their agenda changed.

When a published session moves, changes room or is cancelled
(`programme.services.SESSION_CHANGED_HOOK`), everyone whose agenda holds it
gets an email: the confirmed and awaiting registrations of the event for a
shared session; for a breakout, those with a seat or a place on its
waitlist. Changes made within `BATCH_WINDOW` of the first go in the same
email. It gives each session's old and new time, room or status in the
event's time zone, and attaches a calendar update: the session's UID, its
raised SEQUENCE and METHOD:REQUEST (METHOD:CANCEL for a cancelled session),
so calendar programs update the entry rather than add one. Organisers turn
it off per event (`EventPage.change_notices`).
"""

import datetime
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from participants.models import BreakoutBooking, ChangeNotice, Registration
from participants.tasks import contact_email
from programme import ical
from programme.models import ProgrammePage, Session, SessionChange, SessionRole
from programme.services import NOTIFIED_FIELDS
from roundtable.addresses import absolute_url

BATCH_WINDOW = datetime.timedelta(minutes=5)
AGENDA_STATUSES = (
    Registration.Status.CONFIRMED,
    Registration.Status.PENDING_APPROVAL,
)
BOOKED_STATUSES = (
    BreakoutBooking.Status.CONFIRMED,
    BreakoutBooking.Status.WAITLISTED,
)


def batch_window():
    """How long a notice waits for more changes: none where the task backend
    cannot defer a task (the immediate backend of development and tests)."""
    return BATCH_WINDOW if default_task_backend.supports_defer else datetime.timedelta()


def affected_registrations(*, session):
    """The registrations whose agenda holds `session` (a queryset)."""
    registrations = Registration.objects.filter(
        event_id=session.event_id, status__in=AGENDA_STATUSES
    )
    if session.is_breakout:
        registrations = registrations.filter(
            bookings__session=session, bookings__status__in=BOOKED_STATUSES
        )
    return registrations


@transaction.atomic
def note_session_change(*, session, changes, now=None):
    """Add `session` to each affected person's waiting notice, or start one.

    `changes` are the `SessionChange` records of one publication. Returns the
    number of people who will hear of it. Several publications within the
    window add to the same notices.
    """
    if not session.event.change_notices:
        return 0
    now = now or timezone.now()
    affected = affected_registrations(session=session).values_list("pk", flat=True)
    waiting = {
        notice.registration_id: notice
        for notice in ChangeNotice.objects.select_for_update().filter(
            registration__in=affected, sent_at__isnull=True
        )
    }
    since = min(change.changed_at for change in changes)
    send_after = now + batch_window()
    new, grown = [], []
    for registration_id in affected:
        notice = waiting.get(registration_id)
        if notice is None:
            new.append(
                ChangeNotice(
                    registration_id=registration_id,
                    session_ids=[session.pk],
                    since=since,
                    send_after=send_after,
                )
            )
        elif session.pk not in notice.session_ids:
            notice.session_ids.append(session.pk)
            grown.append(notice)
    ChangeNotice.objects.bulk_create(new)
    ChangeNotice.objects.bulk_update(grown, ["session_ids"])
    if new:
        transaction.on_commit(partial(_queue_sending, send_after))
    return len(new) + len(waiting)


def _queue_sending(send_after):
    sending = send_change_notices
    if default_task_backend.supports_defer and send_after > timezone.now():
        sending = sending.using(run_after=send_after)
    sending.enqueue()


@task()
def send_change_notices():
    """Send every change notice that is due."""
    send_due()


def send_due(*, now=None):
    """Send the notices whose time has come, each once; returns how many went."""
    now = now or timezone.now()
    due = ChangeNotice.objects.filter(sent_at__isnull=True, send_after__lte=now)
    return sum(
        _send(notice_id, now=now) for notice_id in due.values_list("pk", flat=True)
    )


@transaction.atomic
def _send(notice_id, *, now):
    """Email one notice and mark it sent, together: a failed send is tried again."""
    notice = (
        ChangeNotice.objects.select_for_update(skip_locked=True)
        .select_related("registration__event", "registration__user")
        .filter(pk=notice_id, sent_at__isnull=True)
        .first()
    )
    if notice is None:
        return False
    message = compose(notice, now=now)
    if message is not None:
        message.send()
    ChangeNotice.objects.filter(pk=notice.pk).update(sent_at=now)
    return message is not None


def told_changes(notice):
    """[(session, [(label, old, new)])] of the notice, as first and last told.

    A field changed back to what it was is left out, and a session with
    nothing left is too.
    """
    sessions = {
        session.pk: session
        for session in Session.objects.filter(pk__in=notice.session_ids, live=True)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related(
                    "person__organisation"
                ).order_by("sort_order", "pk"),
            )
        )
    }
    first, last = {}, {}
    records = SessionChange.objects.filter(
        session__in=list(sessions),
        changed_at__gte=notice.since,
        field__in=NOTIFIED_FIELDS,
    ).order_by("changed_at", "pk")
    for change in records:
        key = (change.session_id, change.field)
        first.setdefault(key, change.old)
        last[key] = change.new
    labels = dict(SessionChange.Field.choices)
    told = []
    for session in sorted(sessions.values(), key=lambda s: (s.start, s.title)):
        fields = [
            (str(labels[field]), first[(session.pk, field)], new)
            for (session_id, field), new in last.items()
            if session_id == session.pk and first[(session.pk, field)] != new
        ]
        if fields:
            told.append((session, fields))
    return told


def compose(notice, *, now):
    """The notice's email with its calendar updates, or None if nothing is left."""
    told = told_changes(notice)
    if not told:
        return None
    registration = notice.registration
    event, person = registration.event, registration.user
    programme = ProgrammePage.objects.child_of(event).live().first()
    programme_url = absolute_url(programme.url if programme else event.url or "/")
    organiser = contact_email(event) or "noreply@localhost"
    context = {
        "person": person,
        "event": event,
        "told": [
            {
                "session": session,
                "url": ical.session_url(programme_url, session),
                "fields": fields,
            }
            for session, fields in told
        ],
        "my_url": absolute_url(reverse("my_registrations")),
        "contact_email": contact_email(event),
    }
    message = EmailMultiAlternatives(
        subject=f"Programme change: {event.title}",
        body=render_to_string("participants/emails/change_notice.txt", context),
        to=[person.email],
        reply_to=[context["contact_email"]] if context["contact_email"] else None,
    )
    message.attach_alternative(
        render_to_string("participants/emails/change_notice.html", context),
        "text/html",
    )
    for method, name, sessions in [
        ("REQUEST", "changed", [s for s, _ in told if not s.is_cancelled]),
        ("CANCEL", "cancelled", [s for s, _ in told if s.is_cancelled]),
    ]:
        if sessions:
            update = ical.calendar_update(
                event=event,
                sessions=sessions,
                programme_url=programme_url,
                organiser=organiser,
                attendee=person.email,
                method=method,
                now=now,
            )
            message.attach(
                f"{event.slug}-{name}.ics",
                update,
                f"text/calendar; method={method}; charset=utf-8",
            )
    return message
