"""Check-in at the door: pass codes and the daily attendance."""

import segno
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from participants.errors import BookingError
from participants.models import CheckIn, Registration
from participants.models.invitations import PASS_LENGTH, new_pass_code

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


MAX_FOUND = 20


def find_by_name(*, event, query, day):
    """The event's registrations whose person matches every word of `query`.

    A word matches the first or last name, the name on the invitation or the
    email address, ignoring case. Each registration carries `checked_in_at`
    for `day` (None if not checked in). At most MAX_FOUND, by name.
    """
    words = query.split()[:5]
    if not words:
        return []
    matches = Q()
    for word in words:
        matches &= (
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(invitation__name__icontains=word)
            | Q(user__email__icontains=word)
        )
    arrivals = CheckIn.objects.filter(registration=OuterRef("pk"), day=day)
    return list(
        Registration.objects.filter(matches, event=event)
        .select_related("event", "user", "invitation")
        .annotate(checked_in_at=Subquery(arrivals.values("checked_in_at")[:1]))
        .order_by("user__last_name", "user__first_name", "pk")[:MAX_FOUND]
    )


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
