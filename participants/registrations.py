"""Registrations: made from an accepted invitation, approved, changed, cancelled.

A confirmed registration puts its person in the event's participant group; one
that ends takes them out and gives up their breakout seats.
"""

from functools import partial

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from participants import ended
from participants import questions as asked
from participants.breakouts import release_bookings
from participants.errors import InvitationError
from participants.invitations import normalise_email
from participants.models import Invitation, Registration
from participants.tasks import send_registration_email
from roundtable.models import EventPage


def registration_is_open(event, *, now=None):
    now = now or timezone.now()
    opens, closes = event.registration_opens_at, event.registration_closes_at
    return (opens is None or opens <= now) and (closes is None or now < closes)


def event_days(event):
    """The event's days, as dates; a registration stores them as ISO strings."""
    return event.days


def _clean_days(event, days):
    allowed = [day.isoformat() for day in event_days(event)]
    chosen = [str(day) for day in days]
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise InvitationError(f"Not a day of this event: {', '.join(unknown)}.")
    if not chosen:
        raise InvitationError("Choose at least one day.")
    return [day for day in allowed if day in chosen]


def _clean_answers(event, answers, earlier=(), *, require=True):
    """The answers to the event's registration questions, as stored.

    Answers to questions since removed are kept as given; a required question
    left unanswered refuses the whole change, unless `require` is off (a
    walk-in registered at the door, who can answer later on their page).
    """
    questions = list(event.registration_questions.all())
    merged = asked.merge(questions, answers or [], earlier)
    missing = asked.missing_required(questions, merged)
    if missing and require:
        raise InvitationError(f"Please answer: {'; '.join(missing)}.")
    return merged


@transaction.atomic
def register(
    *,
    invitation,
    user,
    days,
    dietary="",
    access_needs="",
    listed_consent=False,
    privacy_agreed=False,
    notify=True,
    position="",
    at_the_door=False,
    answers=None,
):
    """Register `user` from an accepted invitation; one registration per invitation.

    Confirmed at once unless the event requires approval. Refused once the
    event has ended. `at_the_door`: an organiser registers a walk-in
    (`checkin.walk_in`), outside the registration window and confirmed at once,
    since they let the person in themselves.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("event")
        .get(pk=invitation.pk)
    )
    event = invitation.event
    ended.refuse_if_ended(event, ended.REGISTER)
    if invitation.status != Invitation.Status.ACCEPTED:
        raise InvitationError("This invitation has not been accepted.")
    if normalise_email(user.email) != invitation.email:
        raise InvitationError("This invitation was sent to another email address.")
    if Registration.objects.filter(
        Q(invitation=invitation) | Q(event=event, user=user)
    ).exists():
        raise InvitationError("You are already registered for this event.")
    if not at_the_door and not registration_is_open(event):
        raise InvitationError("Registration for this event is closed.")
    if not privacy_agreed:
        raise InvitationError("Please agree to the privacy notice.")
    answers = _clean_answers(event, answers, require=not at_the_door)
    status = (
        Registration.Status.PENDING_APPROVAL
        if event.requires_approval and not at_the_door
        else Registration.Status.CONFIRMED
    )
    registration = Registration.objects.create(
        event=event,
        user=user,
        invitation=invitation,
        status=status,
        days=_clean_days(event, days),
        position=position.strip(),
        dietary=dietary.strip(),
        access_needs=access_needs.strip(),
        listed_consent=listed_consent,
        answers=answers,
        privacy_agreed_at=timezone.now(),
    )
    if status == Registration.Status.CONFIRMED:
        join_group(registration)
    if notify:
        _queue_registration_email(registration)
    return registration


def join_group(registration):
    group = registration.event.participant_group
    if group is not None:
        registration.user.groups.add(group)


def leave_group(registration):
    group = registration.event.participant_group
    if group is not None:
        registration.user.groups.remove(group)


def _queue_registration_email(registration):
    transaction.on_commit(partial(send_registration_email.enqueue, registration.pk))


def _lock_registration(registration):
    return (
        Registration.objects.select_for_update()
        .select_related("event", "user")
        .get(pk=registration.pk)
    )


@transaction.atomic
def approve(*, registration, notify=True):
    """An organiser confirms a registration awaiting approval."""
    registration = _lock_registration(registration)
    if registration.status != Registration.Status.PENDING_APPROVAL:
        raise InvitationError(
            f"{registration.user} is {registration.get_status_display().lower()}."
        )
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["status", "updated_at"])
    join_group(registration)
    if notify:
        _queue_registration_email(registration)
    return registration


@transaction.atomic
def reject(*, registration):
    """An organiser turns down a registration; the person leaves the group."""
    registration = _lock_registration(registration)
    if not registration.is_active:
        raise InvitationError(
            f"{registration.user} is {registration.get_status_display().lower()}."
        )
    registration.status = Registration.Status.REJECTED
    registration.save(update_fields=["status", "updated_at"])
    leave_group(registration)
    release_bookings(registration=registration)
    _queue_registration_email(registration)
    return registration


@transaction.atomic
def reapprove(*, registration, notify=True):
    """An organiser confirms a registration they rejected; the person is told.

    Breakout seats given up on rejection are not taken back: the person books
    again.
    """
    registration = _lock_registration(registration)
    if registration.status != Registration.Status.REJECTED:
        raise InvitationError(
            f"The registration of {registration.user} was not rejected: it is "
            f"{registration.get_status_display().lower()}."
        )
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["status", "updated_at"])
    join_group(registration)
    if notify:
        _queue_registration_email(registration)
    return registration


def awaiting_approval(*, today=None):
    """[(event, count, oldest created_at)] of the registrations awaiting approval.

    Events that have not ended, soonest first; in two queries.
    """
    today = today or timezone.localdate()
    rows = list(
        Registration.objects.filter(
            status=Registration.Status.PENDING_APPROVAL, event__end_date__gte=today
        )
        .values("event")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by()
    )
    events = EventPage.objects.in_bulk([row["event"] for row in rows])
    return sorted(
        ((events[row["event"]], row["count"], row["oldest"]) for row in rows),
        key=lambda item: (item[0].start_date, item[0].title),
    )


def can_change(registration, *, now=None):
    """The person may edit or cancel until the event starts."""
    return registration.is_active and (now or timezone.now()) < (
        registration.event.starts_at
    )


@transaction.atomic
def update_registration(
    *,
    registration,
    days,
    dietary="",
    access_needs="",
    listed_consent=False,
    position=None,
    answers=None,
):
    """The person changes their days, needs or listing consent, and their
    answers (`answers`, unless None) while registration is open."""
    registration = _lock_registration(registration)
    if not can_change(registration):
        raise InvitationError("This registration can no longer be changed.")
    if answers is not None:
        if not registration_is_open(registration.event):
            raise InvitationError(
                "Registration has closed: your answers can no longer be changed."
            )
        registration.answers = _clean_answers(
            registration.event, answers, registration.answers
        )
    registration.days = _clean_days(registration.event, days)
    registration.dietary = dietary.strip()
    registration.access_needs = access_needs.strip()
    registration.listed_consent = listed_consent
    if position is not None:
        registration.position = position.strip()
    registration.save()
    return registration


@transaction.atomic
def withdraw_listing(*, registration):
    """Take the person off the participant list; possible at any time.

    Withdrawing consent is never refused: not once the event has started,
    nor after it has ended, when the list stays in the participants' area.
    Giving consent is part of the registration form, which closes when the
    event starts (`can_change`): nobody is newly listed after that, so the
    list others saw at the event only ever gets shorter.
    """
    registration = _lock_registration(registration)
    if registration.listed_consent:
        registration.listed_consent = False
        registration.save(update_fields=["listed_consent", "updated_at"])
    return registration


@transaction.atomic
def cancel(*, registration):
    """The person cancels; they leave the event's participant group."""
    registration = _lock_registration(registration)
    if not can_change(registration):
        raise InvitationError("This registration can no longer be cancelled.")
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    leave_group(registration)
    release_bookings(registration=registration)
    return registration
