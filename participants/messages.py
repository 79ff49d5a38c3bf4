"""Emails from organisers to a chosen audience of an event's people.

An organiser writes one message for an audience (`Message.Audience`); the
placeholders in `PLACEHOLDERS` are filled in for each person. `send_message`
chooses the recipients and queues the message in one transaction, and the
worker (`deliver`) sends it to each, recording every delivery as it goes:
a worker that stops half-way carries on with the rest, and a person is
emailed once. The form's `nonce` makes a second click on Send find the
message already sent instead of sending it again.
"""

import re
from functools import partial

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from participants.errors import MessageError
from participants.models import (
    BreakoutBooking,
    Invitation,
    Message,
    MessageDelivery,
    Registration,
)
from participants.registrations import event_days
from participants.tasks import contact_email
from programme.services import public_sessions
from roundtable.addresses import absolute_url
from roundtable.formatting import format_slot

Audience = Message.Audience
PLACEHOLDERS = {
    "name": "the person's name",
    "event": "the event's title",
    "agenda": "their agenda: each session's day, time, title and room",
    "my_link": "the address of their own page on this site",
    "event_link": "the address of the event's page",
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
BREAKOUT_AUDIENCES = {Audience.BREAKOUT_CONFIRMED, Audience.BREAKOUT_WAITLIST}


def check_placeholders(text):
    """Raise `MessageError` naming any {word} that is not a placeholder."""
    unknown = sorted(set(PLACEHOLDER.findall(text)) - set(PLACEHOLDERS))
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise MessageError(f"Unknown placeholder {names}: use {known}.")


def check_audience(*, event, audience, session=None, day=None):
    """Raise `MessageError` unless the audience's session or day fits the event."""
    if audience in BREAKOUT_AUDIENCES and (
        session is None or session.event_id != event.pk or not session.is_breakout
    ):
        raise MessageError("Choose one of this event's breakouts.")
    if audience == Audience.CHECKED_IN and day not in event_days(event):
        raise MessageError("Choose a day of the event.")


def recipients(*, event, audience, session=None, day=None):
    """[{email, name, registration_id, invitation_id}] of the audience: one query.

    By name; each address once.
    """
    check_audience(event=event, audience=audience, session=session, day=day)
    if audience == Audience.NOT_REGISTERED:
        rows = (
            Invitation.objects.filter(
                event=event,
                registration__isnull=True,
                status__in=[Invitation.Status.PENDING, Invitation.Status.ACCEPTED],
            )
            .order_by("name", "email")
            .values_list("email", "name", "pk")
        )
        people = [
            {"email": e, "name": n, "registration_id": None, "invitation_id": pk}
            for e, n, pk in rows
        ]
    else:
        registrations = _audience_registrations(event, audience, session, day)
        rows = registrations.order_by(
            "user__last_name", "user__first_name", "pk"
        ).values_list(
            "user__email",
            "user__first_name",
            "user__last_name",
            "invitation__name",
            "pk",
            "invitation_id",
        )
        people = [
            {
                "email": email,
                "name": f"{first} {last}".strip() or invited_as,
                "registration_id": pk,
                "invitation_id": invitation_id,
            }
            for email, first, last, invited_as, pk, invitation_id in rows
        ]
    seen, unique = set(), []
    for person in people:
        if person["email"].lower() not in seen:
            seen.add(person["email"].lower())
            unique.append(person)
    return unique


def _audience_registrations(event, audience, session, day):
    registrations = Registration.objects.filter(event=event)
    if audience == Audience.AWAITING:
        return registrations.filter(status=Registration.Status.PENDING_APPROVAL)
    if audience == Audience.CHECKED_IN:
        return registrations.filter(check_ins__day=day)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    if audience == Audience.CONFIRMED:
        return confirmed
    booked = (
        BreakoutBooking.Status.CONFIRMED
        if audience == Audience.BREAKOUT_CONFIRMED
        else BreakoutBooking.Status.WAITLISTED
    )
    return confirmed.filter(bookings__session=session, bookings__status=booked)


def fill(text, values):
    """`text` with each {placeholder} replaced by its value."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def event_values(event):
    """What the placeholders say for everyone: worked out once per message."""
    return {
        "event": event.title,
        "my_link": absolute_url(reverse("my_registrations")),
        "event_link": absolute_url(event.url or "/"),
    }


def values_for(person, *, shared, agenda_text):
    """What the placeholders say for one recipient."""
    return {**shared, "name": person["name"], "agenda": agenda_text}


class Agendas:
    """Each recipient's agenda as text.

    The event's published sessions that are not breakouts, and the breakouts
    the person has a seat in, with times in the event's zone. The sessions are
    read once per message, as they are when sending starts, and each line is
    written once; `read_seats` reads the seats of a batch of recipients in one
    query, and people with the same seats share one text.
    """

    def __init__(self, event):
        self.sessions = []
        # Titles, times and rooms only: none of the people `public_sessions`
        # brings along for the pages.
        for session in public_sessions(event=event).prefetch_related(None):
            when = format_slot(session.start, session.end, event.tzinfo)
            when = when.split(" (")[0]  # the zone is said once, above
            room = f" ({session.room})" if session.room else ""
            cancelled = " (cancelled)" if session.is_cancelled else ""
            line = f"- {when}: {session.title}{room}{cancelled}"
            self.sessions.append((session.pk, session.is_breakout, line))
        self.heading = f"Times are {event.time_zone_label}."
        self.seats = {}
        self.texts = {}

    def read_seats(self, registration_ids):
        """Know the breakout seats of these registrations (and only these)."""
        self.seats = {}
        seats = BreakoutBooking.objects.filter(
            registration__in=registration_ids,
            status=BreakoutBooking.Status.CONFIRMED,
        ).values_list("registration_id", "session_id")
        for registration_id, session_id in seats:
            self.seats.setdefault(registration_id, set()).add(session_id)

    def text(self, registration_id):
        if registration_id is None:
            return "(your agenda appears once you have registered)"
        mine = frozenset(self.seats.get(registration_id, ()))
        if mine not in self.texts:
            lines = [
                line
                for pk, is_breakout, line in self.sessions
                if not is_breakout or pk in mine
            ]
            self.texts[mine] = "\n".join([self.heading, *lines])
        return self.texts[mine]


def preview(*, event, audience, subject, body, session=None, day=None):
    """(number of recipients, first recipient, subject, body) as they would get it."""
    check_placeholders(subject + body)
    people = recipients(event=event, audience=audience, session=session, day=day)
    if not people:
        return 0, None, subject, body
    first = people[0]
    agendas = Agendas(event)
    agendas.read_seats([first["registration_id"]])
    values = values_for(
        first,
        shared=event_values(event),
        agenda_text=agendas.text(first["registration_id"]),
    )
    return len(people), first, fill(subject, values), fill(body, values)


def send_message(
    *, event, audience, subject, body, nonce, sent_by=None, session=None, day=None
):
    """Queue the message to everyone in the audience; returns (message, created).

    A message with the same `nonce` already sent is returned as it is
    (created False): a second click sends nothing. Raises `MessageError` for
    an unknown placeholder, a session or day that does not fit, or an
    audience with nobody in it.
    """
    existing = Message.objects.filter(nonce=nonce).first()
    if existing is not None:
        return existing, False
    check_placeholders(subject + body)
    people = recipients(event=event, audience=audience, session=session, day=day)
    if not people:
        raise MessageError("Nobody is in this audience yet: nothing was sent.")
    try:
        with transaction.atomic():
            message = Message.objects.create(
                event=event,
                audience=audience,
                session=session if audience in BREAKOUT_AUDIENCES else None,
                day=day if audience == Audience.CHECKED_IN else None,
                subject=subject,
                body=body,
                nonce=nonce,
                sent_by=sent_by,
            )
            MessageDelivery.objects.bulk_create(
                MessageDelivery(message=message, **person) for person in people
            )
            transaction.on_commit(partial(deliver_message.enqueue, message.pk))
    except IntegrityError:
        # The same form, sent twice at once: the other request made it.
        return Message.objects.get(nonce=nonce), False
    return message, True


@task()
def deliver_message(message_id):
    """The worker's side of a message: `deliver`."""
    deliver(message_id=message_id)


def deliver(*, message_id, batch=200):
    """Send the message to each recipient still queued, recording each."""
    message = Message.objects.select_related("event").get(pk=message_id)
    event = message.event
    reply_to = [contact_email(event)] if contact_email(event) else None
    queued = message.deliveries.filter(status=MessageDelivery.Status.QUEUED)
    uses_agenda = "{agenda}" in message.subject + message.body
    shared = event_values(event)
    agendas = Agendas(event) if uses_agenda else None
    while True:
        deliveries = list(queued.order_by("pk")[:batch])
        if not deliveries:
            break
        if agendas is not None:
            agendas.read_seats([d.registration_id for d in deliveries])
        with get_connection() as connection:
            for delivery in deliveries:
                email = _email(message, delivery, shared, agendas, reply_to)
                email.connection = connection
                _deliver_one(email, delivery)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT, finished_at=timezone.now()
    )


def _email(message, delivery, shared, agendas, reply_to):
    """The message as one recipient gets it."""
    person = {"name": delivery.name, "registration_id": delivery.registration_id}
    agenda = agendas.text(delivery.registration_id) if agendas else ""
    values = values_for(person, shared=shared, agenda_text=agenda)
    return EmailMessage(
        subject=fill(message.subject, values),
        body=fill(message.body, values),
        to=[delivery.email],
        reply_to=reply_to,
    )


def _deliver_one(email, delivery):
    """Send one email and record it as sent, or as failed and why."""
    try:
        email.send()
    except Exception as error:  # noqa: BLE001 - recorded on the delivery
        MessageDelivery.objects.filter(pk=delivery.pk).update(
            status=MessageDelivery.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
        )
        return
    MessageDelivery.objects.filter(pk=delivery.pk).update(
        status=MessageDelivery.Status.SENT, sent_at=timezone.now(), error=""
    )


def delivery_counts(*, message):
    """{status: count} of the message's deliveries: one query."""
    counts = dict.fromkeys(MessageDelivery.Status.values, 0)
    rows = message.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
    counts.update(dict(rows))
    return counts
