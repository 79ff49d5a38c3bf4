"""Emails to invitees, sent by django-tasks after the transaction commits."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from participants.models import BreakoutBooking, Invitation, Registration
from participants.tokens import issue_token, new_token, record_sent
from programme.ical import event_calendar
from roundtable.addresses import absolute_url
from roundtable.formatting import format_datetime, format_slot
from roundtable.models import SiteSettings


def contact_email(event):
    return event.contact_email or SiteSettings.load().contact_email


def _message(*, template, context, to, subject, attachments=()):
    """An email of `template` (text and HTML), ready to send."""
    text = render_to_string(f"participants/emails/{template}.txt", context)
    html = render_to_string(f"participants/emails/{template}.html", context)
    reply_to = [context["contact_email"]] if context.get("contact_email") else None
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], reply_to=reply_to
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return message


def _send(*, template, context, to, subject, attachments=()):
    _message(
        template=template,
        context=context,
        to=to,
        subject=subject,
        attachments=attachments,
    ).send()


@task()
def send_invitation_email(invitation_id, reminder=False, resend=False):
    """Email the invitation, a reminder or a resend, with a newly issued link.

    Issuing it voids the earlier link, which reminders and resends say. A
    failure is recorded on the invitation so an organiser can resend.
    """
    _email_invitation(invitation_id, reminder=reminder, resend=resend)


@task()
def send_invitation_emails(invitation_ids):
    """Email each of a batch of new invitations: one task, not one each.

    As `email_new_invitations`: an invitation sent already (the task restarted
    half-way) is skipped; a failure is recorded on its invitation for a resend
    and the others still go out, then the task fails, saying how many did not.
    """
    failed = email_new_invitations(invitation_ids)
    if failed:
        raise RuntimeError(
            f"{len(failed)} of {len(invitation_ids)} invitation emails failed; "
            "each failure is recorded on its invitation."
        )


def email_new_invitations(invitation_ids):
    """Email each new invitation of `invitation_ids` not sent yet; the failures.

    For an import's worker: one query reads them, one mail connection sends
    them, and each email's link and its sent mark are stored together in one
    write once it has gone, before the next goes (a worker stopped between
    the two leaves that invitation unsent, with no working link: the resumed
    job emails it again with a new one). A failure is recorded on its
    invitation for a resend and the rest still go. Returns {pk: error}.
    """
    invitations = list(
        Invitation.objects.select_related("event", "invited_by")
        .filter(pk__in=invitation_ids, sent_at__isnull=True)
        .order_by("pk")
    )
    contacts, failed = {}, {}
    with get_connection() as connection:
        for invitation in invitations:
            if not invitation.is_usable:
                continue
            raw, token_hash = new_token()
            event = invitation.event
            if event.pk not in contacts:
                contacts[event.pk] = contact_email(event)
            message = _invitation_email(
                invitation, raw_token=raw, contact=contacts[event.pk]
            )
            message.connection = connection
            now = timezone.now()
            try:
                message.send()
            except Exception as error:  # noqa: BLE001 - recorded for a resend
                failed[invitation.pk] = f"{type(error).__name__}: {error}"
                Invitation.objects.filter(pk=invitation.pk).update(
                    send_error=failed[invitation.pk], updated_at=now
                )
                continue
            Invitation.objects.filter(pk=invitation.pk).update(
                token_hash=token_hash, sent_at=now, send_error="", updated_at=now
            )
    return failed


def _invitation_email(invitation, *, raw_token, contact, reminder=False, resend=False):
    """The invitation's email (text and HTML) carrying the link of `raw_token`."""
    event = invitation.event
    context = {
        "invitation": invitation,
        "event": event,
        "link": absolute_url(reverse("invitation", args=[raw_token])),
        "event_url": absolute_url(event.url or ""),
        "inviter": invitation.invited_by,
        "contact_email": contact,
        "reminder": reminder,
        "earlier_link_void": reminder or resend,
        "works_until": format_datetime(invitation.expires_at, event.time_zone),
    }
    if reminder:
        subject = f"Reminder: your invitation to {event.title}"
    elif resend:
        subject = f"Your invitation to {event.title}: a new link"
    else:
        subject = f"Invitation: {event.title}"
    return _message(
        template="invitation",
        context=context,
        to=invitation.email,
        subject=subject,
    )


def _email_invitation(
    invitation_id, *, reminder=False, resend=False, unless_sent=False
):
    invitation = Invitation.objects.select_related("event", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_usable or (unless_sent and invitation.sent_at is not None):
        return
    raw_token = issue_token(invitation=invitation)
    message = _invitation_email(
        invitation,
        raw_token=raw_token,
        contact=contact_email(invitation.event),
        reminder=reminder,
        resend=resend,
    )
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded for a retry
        record_sent(invitation=invitation, error=f"{type(error).__name__}: {error}")
        raise
    record_sent(invitation=invitation, reminder=reminder)


@task()
def send_registration_email(registration_id):
    """Tell the person where their registration stands; confirmed ones get the .ics."""
    registration = Registration.objects.select_related("event", "user").get(
        pk=registration_id
    )
    event = registration.event
    event_url = absolute_url(event.url or "")
    attachments = []
    if registration.status == Registration.Status.CONFIRMED:
        ics = event_calendar(
            event, url=event_url, host=urlsplit(settings.BASE_URL).hostname
        )
        attachments.append((f"{event.slug}.ics", ics, "text/calendar"))
    context = {
        "registration": registration,
        "event": event,
        "event_url": event_url,
        "my_url": absolute_url(reverse("my_registrations")),
        "contact_email": contact_email(event),
    }
    subject = {
        Registration.Status.CONFIRMED: "Your place is confirmed",
        Registration.Status.PENDING_APPROVAL: "Your registration is awaiting "
        "confirmation",
        Registration.Status.REJECTED: "About your registration",
        Registration.Status.CANCELLED: "Your registration is cancelled",
    }[registration.status]
    _send(
        template="registration",
        context=context,
        to=registration.user.email,
        subject=f"{subject}: {event.title}",
        attachments=attachments,
    )


@task()
def send_promotion_email(booking_id, given_up_id=None):
    """Tell a waitlisted person that a seat in the breakout is now theirs.

    `given_up_id`: the seat they held in the same slot, given up for this one.
    """
    booking = BreakoutBooking.objects.select_related(
        "session",
        "registration__event",
        "registration__user",
        "registration__invitation",
    ).get(pk=booking_id)
    if booking.status != BreakoutBooking.Status.CONFIRMED:
        return
    registration = booking.registration
    event = registration.event
    context = {
        "booking": booking,
        "session": booking.session,
        # In the event's time zone, labelled: the template's `date` filter
        # would print the server's (UTC).
        "when": format_slot(
            booking.session.start, booking.session.end, event.time_zone
        ),
        "given_up": _given_up(given_up_id, event),
        "registration": registration,
        "event": event,
        "my_url": absolute_url(reverse("my_registrations")),
        "contact_email": contact_email(event),
    }
    _send(
        template="promotion",
        context=context,
        to=registration.user.email,
        subject=f"You have a seat: {booking.session.title}",
    )


def _given_up(booking_id, event):
    """The seat given up in a swap, with its slot: {"session", "when"} or None."""
    if booking_id is None:
        return None
    session = (
        BreakoutBooking.objects.select_related("session").get(pk=booking_id).session
    )
    return {
        "session": session,
        "when": format_slot(session.start, session.end, event.time_zone),
    }


@task()
def send_feedback_emails(registration_ids):
    """Email each person the link to the event's feedback survey.

    Someone who has answered in the meantime, or is no longer confirmed, is
    skipped.
    """
    for registration in Registration.objects.filter(
        pk__in=registration_ids,
        status=Registration.Status.CONFIRMED,
        feedback__isnull=True,
    ).select_related("event", "user", "invitation"):
        event = registration.event
        context = {
            "registration": registration,
            "event": event,
            "link": absolute_url(reverse("my_feedback", args=[event.pk])),
            "contact_email": contact_email(event),
        }
        _send(
            template="feedback",
            context=context,
            to=registration.user.email,
            subject=f"Your feedback on {event.title}",
        )
