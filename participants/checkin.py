"""Check-in at the door: pass codes and the daily attendance."""

import logging

import segno
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from participants import accounts, invitations, registrations
from participants.errors import AlreadyRegistered, BookingError, InvitationError
from participants.models import CheckIn, Invitation, Registration
from participants.models.invitations import PASS_LENGTH, new_pass_code
from roundtable.formatting import format_day

logger = logging.getLogger(__name__)

# A standard QR code (never a Micro QR, which phone cameras and most scanners
# don't read), at a size a phone screen and a printout both scan from, with the
# four-module quiet zone the standard asks for.
PASS_QR_SCALE = 8
PASS_QR_BORDER = 4


def pass_qr(code):
    """The check-in pass's QR code, holding only the opaque code."""
    return segno.make_qr(code, error="m")


def pass_svg(code):
    """The pass as inline SVG markup (a string of segno's own SVG)."""
    return pass_qr(code).svg_inline(
        scale=PASS_QR_SCALE, border=PASS_QR_BORDER, title="Check-in pass"
    )


def normalise_pass_code(code):
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:64]


def format_pass_code(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def ensure_pass_code(*, registration):
    """The registration's opaque pass code; one is made if it has none.

    New registrations get theirs when created (the field's default); this covers
    rows from before, without a transaction when there is nothing to do.
    """
    if registration.pass_code:
        return registration.pass_code
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        while not locked.pass_code:
            code = new_pass_code()
            if not Registration.objects.filter(pass_code=code).exists():
                locked.pass_code = code
                locked.save(update_fields=["pass_code", "updated_at"])
    registration.pass_code = locked.pass_code
    return locked.pass_code


def find_pass(*, code):
    """The registration holding this pass code, or None."""
    code = normalise_pass_code(code)
    if len(code) != PASS_LENGTH:
        return None
    return (
        Registration.objects.select_related("event", "user", "invitation")
        .filter(pass_code=code)
        .first()
    )


PAGE_SIZE = 50


def person_name(registration):
    """The name the desk, the messages and the badge use."""
    return registration.user.get_full_name() or registration.invitation.name


def _matching(words):
    """Registrations whose person matches every word of `words`, ignoring case.

    A word matches the first or last name, the name on the invitation, the
    organisation or the email address.
    """
    matches = Q()
    for word in words[:5]:
        matches &= (
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(invitation__name__icontains=word)
            | Q(invitation__organisation__icontains=word)
            | Q(user__email__icontains=word)
        )
    return matches


SHOW_CHOICES = [
    ("", "Everyone"),
    ("not_yet", "Not checked in yet"),
    ("checked_in", "Checked in"),
]


def expected(*, event, day, query="", show=""):
    """The event's confirmed registrations, as the desk lists them for `day`.

    Filtered by every word of `query` (`_matching`) and by `show` ("not_yet",
    "checked_in" or "" for everyone); ordered by name. Each carries
    `checked_in_at` for `day` (None if not checked in). A query set: the desk
    pages it, so a page costs the same however many people are registered.
    """
    arrivals = CheckIn.objects.filter(registration=OuterRef("pk"), day=day)
    registrations = (
        Registration.objects.filter(
            _matching(query.split()),
            event=event,
            status=Registration.Status.CONFIRMED,
        )
        .select_related("user", "invitation")
        .annotate(checked_in_at=Subquery(arrivals.values("checked_in_at")[:1]))
    )
    if show == "not_yet":
        registrations = registrations.filter(~Exists(arrivals))
    elif show == "checked_in":
        registrations = registrations.filter(Exists(arrivals))
    return registrations.order_by("user__last_name", "user__first_name", "pk")


def day_counts(*, event, day):
    """(checked in, confirmed) for `day`: the desk's "N of M checked in".

    Only confirmed registrations count, in one query.
    """
    counts = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).aggregate(
        confirmed=Count("pk", distinct=True),
        checked_in=Count("check_ins", filter=Q(check_ins__day=day)),
    )
    return counts["checked_in"], counts["confirmed"]


@transaction.atomic
def check_in(*, registration, day, by=None):
    """Mark the person present on `day`; returns (check_in, created).

    A second check-in for the same day returns the first one with created=False.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise BookingError(
            f"This registration is {registration.get_status_display().lower()}."
        )
    event = registration.event
    if not event.start_date <= day <= event.end_date:
        raise BookingError("That day is not a day of the event.")
    existing = CheckIn.objects.filter(registration=registration, day=day).first()
    if existing is not None:
        return existing, False
    return (
        CheckIn.objects.create(registration=registration, day=day, checked_in_by=by),
        True,
    )


@transaction.atomic
def undo_check_in(*, registration, day, by=None):
    """Take back the person's check-in for `day` (a mistaken tap); returns it.

    Raises `BookingError`, changing nothing, if they are not checked in that day.
    """
    registration = (
        Registration.objects.select_for_update()
        .select_related("user", "invitation")
        .get(pk=registration.pk)
    )
    existing = CheckIn.objects.filter(registration=registration, day=day).first()
    if existing is None:
        raise BookingError(
            f"{person_name(registration)} is not checked in for {format_day(day)}."
        )
    existing.delete()
    logger.info(
        "Check-in of registration %s on %s undone by user %s",
        registration.pk,
        day.isoformat(),
        getattr(by, "pk", None),
    )
    return existing


@transaction.atomic
def walk_in(
    *,
    event,
    day,
    name,
    email,
    organisation="",
    position="",
    privacy_agreed=False,
    by=None,
):
    """Register a person who came to the door, confirmed, and check them in.

    All in one: the invitation (an earlier pending, declined or expired one of
    the address is used), accepted in person; the account (an existing one of
    the address is used; a new one has no password, and its holder sets one
    with "Forgotten your password?"); the registration for `day`, confirmed
    at once; the check-in. Nothing is emailed. Returns (registration,
    check_in). Raises `AlreadyRegistered` if the address is registered for the
    event, and `InvitationError` or `BookingError` for other refusals; a
    refusal changes nothing.
    """
    if day not in registrations.event_days(event):
        raise BookingError("That day is not a day of the event.")
    if not name.strip():
        raise InvitationError("A name is required.")
    email = invitations.normalise_email(email)
    registered = (
        Registration.objects.select_related("user", "invitation")
        .filter(Q(invitation__email=email) | Q(user__email__iexact=email), event=event)
        .first()
    )
    if registered is not None:
        raise AlreadyRegistered(registration=registered)
    invitation = Invitation.objects.filter(event=event, email=email).first()
    if invitation is not None and invitation.status == Invitation.Status.REVOKED:
        raise InvitationError(
            f"The invitation to {email} was revoked: reinstate it under "
            "Invitations first if they may attend."
        )
    if invitation is None or invitation.status in invitations.ENDED:
        invitation = invitations.invite(
            event=event,
            email=email,
            name=name,
            organisation=organisation,
            invited_by=by,
            send=False,
        )
    if invitation.status == Invitation.Status.PENDING:
        invitation = invitations.accept_in_person(invitation=invitation)
    user = accounts.find_account(email=email)
    if user is None:
        first, _, last = name.strip().partition(" ")
        user = accounts.create_account(
            email=email, password=None, first_name=first, last_name=last
        )
    registration = registrations.register(
        invitation=invitation,
        user=user,
        days=[day.isoformat()],
        position=position,
        privacy_agreed=privacy_agreed,
        notify=False,
        at_the_door=True,
    )
    arrival, _ = check_in(registration=registration, day=day, by=by)
    return registration, arrival
