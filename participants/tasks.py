"""Emails to invitees, sent by django-tasks after the transaction commits."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from participants.models import BreakoutBooking, Invitation, Registration
from participants.tokens import issue_token, record_sent
from programme.ical import event_calendar
from roundtable.addresses import absolute_url
from roundtable.formatting import format_datetime, format_slot
from roundtable.models import SiteSettings


def contact_email(event):
    return event.contact_email or SiteSettings.load().contact_email


def _send(*, template, context, to, subject, attachments=()):
    text = render_to_string(f"participants/emails/{template}.txt", context)
    html = render_to_string(f"participants/emails/{template}.html", context)
    reply_to = [context["contact_email"]] if context.get("contact_email") else None
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], reply_to=reply_to
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


@task()
def send_invitation_email(invitation_id, reminder=False, resend=False):
    """Email the invitation, a reminder or a resend, with a newly issued link.

    Issuing it voids the earlier link, which reminders and resends say. A
    failure is recorded on the invitation so an organiser can resend.
    """
    _email_invitation(invitation_id, reminder=reminder, resend=resend)


@task()
def send_invitation_emails(invitation_ids):
    """Email each of a batch of new invitations (an import): one task, not one each.

    Each goes out as `send_invitation_email` sends one. An invitation sent
    already (the task restarted half-way) is skipped; a failure is recorded on
    its invitation for a resend and the others still go out, then the task
    fails, saying how many did not.
    """
    failed = 0
    for invitation_id in invitation_ids:
        try:
            _email_invitation(invitation_id, unless_sent=True)
        except Exception:  # noqa: BLE001 - recorded on the invitation
            failed += 1
    if failed:
        raise RuntimeError(
            f"{failed} of {len(invitation_ids)} invitation emails failed; each "
            "failure is recorded on its invitation."
        )


def email_new_invitation(invitation_id):
    """Email a new invitation unless it has been sent already (an import's).

    A failure is recorded on the invitation for a resend, and raised.
    """
    _email_invitation(invitation_id, unless_sent=True)


def _email_invitation(
    invitation_id, *, reminder=False, resend=False, unless_sent=False
):
    invitation = Invitation.objects.select_related("event", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_usable or (unless_sent and invitation.sent_at is not None):
        return
    raw_token = issue_token(invitation=invitation)
    event = invitation.event
    context = {
        "invitation": invitation,
        "event": event,
        "link": absolute_url(reverse("invitation", args=[raw_token])),
        "event_url": absolute_url(event.url or ""),
        "inviter": invitation.invited_by,
        "contact_email": contact_email(event),
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
    try:
        _send(
            template="invitation",
            context=context,
            to=invitation.email,
            subject=subject,
        )
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
