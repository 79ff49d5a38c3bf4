"""Business rules of the participants' area: privacy, breakouts, feeds, check-in.

Plain functions with keyword-only arguments, like `participants.services`.
Breakout bookings lock the registration's row, then the session's row, always
in that order; on SQLite the IMMEDIATE transaction serialises writers anyway.
"""

import datetime
import re
import secrets
from dataclasses import dataclass
from functools import partial

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from participants.models import (
    BreakoutBooking,
    CalendarFeed,
    CheckIn,
    ErasedParticipation,
    Invitation,
    Registration,
)
from participants.models.invitations import PASS_LENGTH, new_pass_code
from participants.services import ORGANISERS_GROUP, _leave_group
from programme.models import Session
from roundtable import pagecache


class BookingError(Exception):
    """A refused booking or check-in; the message is safe to show to the person."""


# The private area ----------------------------------------------------------------


def area_groups(event):
    """The groups that may see the event's private area and pre-reads."""
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    groups = [organisers]
    if event.participant_group_id:
        groups.insert(0, event.participant_group)
    return groups


@transaction.atomic
def ensure_area_privacy(*, page):
    """Restrict `page` and its pre-read collection to participants and organisers.

    Idempotent: made once, groups re-added if an organiser removed them.
    """
    event = page.get_parent().specific
    groups = area_groups(event)
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    ).first()
    if restriction is None:
        PageViewRestriction.objects.filter(page=page).delete()
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=BaseViewRestriction.GROUPS
        )
    restriction.groups.add(*groups)

    collection = page.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(
            name=f"Pre-reads: {event.title} ({event.pk})"
        )
        type(page).objects.filter(pk=page.pk).update(collection=collection)
        page.collection = collection
    collection_restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    ).first()
    if collection_restriction is None:
        CollectionViewRestriction.objects.filter(collection=collection).delete()
        collection_restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    collection_restriction.groups.add(*groups)
    return restriction, collection_restriction


def pre_reads(*, page):
    """The documents in the page's private collection, by title."""
    if page.collection_id is None:
        return []
    return list(
        get_document_model()
        .objects.filter(collection_id=page.collection_id)
        .order_by("title")
    )


def listed_participants(*, event):
    """Confirmed participants who agreed to be listed: name, position, organisation."""
    return list(
        Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED, listed_consent=True
        )
        .select_related("user", "invitation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# Breakout bookings ---------------------------------------------------------------


def _active():
    return Q(
        status__in=[BreakoutBooking.Status.CONFIRMED, BreakoutBooking.Status.WAITLISTED]
    )


def _lock_session(session):
    return Session.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def book_breakout(*, registration, session):
    """Book `session` for `registration`: a seat if one is free, else the waitlist.

    Refuses non-breakouts, cancelled or unpublished sessions, registrations that
    are not confirmed, and a second breakout in an overlapping time slot.
    Returns the booking.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    session = _lock_session(session)
    if registration.status != Registration.Status.CONFIRMED:
        raise BookingError("Only confirmed participants can book breakouts.")
    if session.event_id != registration.event_id:
        raise BookingError("This session belongs to another event.")
    if not session.is_breakout:
        raise BookingError("Only breakout sessions are booked.")
    if not session.live or session.is_cancelled:
        raise BookingError("This breakout is not open for booking.")
    booking = BreakoutBooking.objects.filter(
        session=session, registration=registration
    ).first()
    if booking is not None and booking.status != BreakoutBooking.Status.CANCELLED:
        raise BookingError(
            f"You are already {booking.get_status_display().lower()} for this breakout."
        )
    clash = (
        BreakoutBooking.objects.filter(
            _active(),
            registration=registration,
            session__start__lt=session.end,
            session__end__gt=session.start,
        )
        .exclude(session=session)
        .select_related("session")
        .first()
    )
    if clash is not None:
        raise BookingError(
            f"You already have “{clash.session.title}” at this time; cancel it "
            "first to choose another breakout."
        )
    if booking is None:
        booking = BreakoutBooking(session=session, registration=registration)
    if _has_room(session):
        booking.status, booking.position = BreakoutBooking.Status.CONFIRMED, None
    else:
        booking.status = BreakoutBooking.Status.WAITLISTED
        booking.position = _next_position(session)
    booking.save()
    return booking


def _confirmed_count(session):
    return BreakoutBooking.objects.filter(
        session=session, status=BreakoutBooking.Status.CONFIRMED
    ).count()


def _has_room(session):
    return session.capacity is None or _confirmed_count(session) < session.capacity


def _next_position(session):
    highest = BreakoutBooking.objects.filter(
        session=session, status=BreakoutBooking.Status.WAITLISTED
    ).aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + 1


def _promote(session):
    """Confirm waitlisted bookings, first come first served, while seats are free.

    The caller holds the session's lock. Each promoted person is emailed after
    the commit. Returns the promoted bookings.
    """
    promoted = []
    waitlist = BreakoutBooking.objects.filter(
        session=session, status=BreakoutBooking.Status.WAITLISTED
    ).order_by("position", "pk")
    free = (
        None
        if session.capacity is None
        else max(session.capacity - _confirmed_count(session), 0)
    )
    for booking in waitlist if free is None else waitlist[:free]:
        booking.status, booking.position = BreakoutBooking.Status.CONFIRMED, None
        booking.save(update_fields=["status", "position", "updated_at"])
        _queue_promotion_email(booking)
        promoted.append(booking)
    return promoted


def _queue_promotion_email(booking):
    from participants.tasks import send_promotion_email

    transaction.on_commit(partial(send_promotion_email.enqueue, booking.pk))


@transaction.atomic
def cancel_booking(*, booking):
    """Give up a seat or a waitlist place; a freed seat goes to the first waiting."""
    session = _lock_session(booking.session)
    booking = BreakoutBooking.objects.get(pk=booking.pk)
    if booking.status == BreakoutBooking.Status.CANCELLED:
        raise BookingError("This booking is already cancelled.")
    was_confirmed = booking.status == BreakoutBooking.Status.CONFIRMED
    booking.status, booking.position = BreakoutBooking.Status.CANCELLED, None
    booking.save(update_fields=["status", "position", "updated_at"])
    if was_confirmed and not session.is_cancelled:
        _promote(session)
    return booking


@transaction.atomic
def release_bookings(*, registration):
    """Cancel all of a registration's active bookings, promoting from waitlists."""
    for booking in BreakoutBooking.objects.filter(_active(), registration=registration):
        cancel_booking(booking=booking)


@transaction.atomic
def set_capacity(*, session, capacity, user=None):
    """An organiser changes a breakout's capacity; a raise promotes from the waitlist.

    Seats already given are never taken back: lowering below the confirmed count
    only stops new confirmations. The change goes through Wagtail's revisions, as
    `user`: published at once, or, when a draft is waiting, saved into a new
    revision of that draft with the live row's capacity updated beside it (the
    draft stays unpublished). Stored revisions are never rewritten. Returns the
    promoted bookings.
    """
    if capacity is not None and capacity < 0:
        raise BookingError("The capacity cannot be negative.")
    session = _lock_session(session)
    waiting = set(
        BreakoutBooking.objects.filter(
            session=session, status=BreakoutBooking.Status.WAITLISTED
        ).values_list("pk", flat=True)
    )
    if session.has_unpublished_changes and session.latest_revision is not None:
        draft = session.latest_revision.as_object()
        draft.capacity = capacity
        draft.save_revision(user=user, clean=False)
        Session.objects.filter(pk=session.pk).update(capacity=capacity)
        session.capacity = capacity
    else:
        session.capacity = capacity
        session.save_revision(user=user, clean=False).publish(user=user)
    # The public programme and session pages show the places.
    pagecache.purge(reason="breakout capacity changed")
    _promote(session)
    return list(
        BreakoutBooking.objects.filter(
            pk__in=waiting, status=BreakoutBooking.Status.CONFIRMED
        ).order_by("pk")
    )


@transaction.atomic
def promote_waitlist(*, session):
    """Fill free seats from the waitlist (after an organiser publishes a change)."""
    session = _lock_session(session)
    if session.is_cancelled or not session.is_breakout:
        return []
    return _promote(session)


def overview(*, registrations):
    """For /my/: each registration's breakout slots and agenda, in one query.

    `registrations` are one person's. Returns {registration pk: {"slots":
    [(start, [session, ...])], "agenda": [session, ...]}}. Breakouts carry
    `confirmed_count`, `waitlist_count`, `is_full` and `my_booking` (the
    person's active booking or None); the agenda is every published session
    that is not a breakout, plus the breakouts the person has a seat in.
    """
    by_event = {registration.event_id: registration for registration in registrations}
    if not by_event:
        return {}
    own = BreakoutBooking.objects.filter(
        _active(),
        session=OuterRef("pk"),
        registration__in=[registration.pk for registration in registrations],
    )
    sessions = (
        Session.objects.filter(event_id__in=list(by_event), live=True)
        .annotate(
            confirmed_count=Count(
                "bookings", filter=Q(bookings__status=BreakoutBooking.Status.CONFIRMED)
            ),
            waitlist_count=Count(
                "bookings",
                filter=Q(bookings__status=BreakoutBooking.Status.WAITLISTED),
            ),
            my_booking_id=Subquery(own.values("pk")[:1]),
            my_booking_status=Subquery(own.values("status")[:1]),
            my_booking_position=Subquery(own.values("position")[:1]),
        )
        .order_by("start", "room", "title")
    )
    result = {r.pk: {"slots": {}, "agenda": []} for r in by_event.values()}
    for session in sessions:
        registration = by_event[session.event_id]
        entry = result[registration.pk]
        if not session.is_breakout:
            entry["agenda"].append(session)
            continue
        session.my_booking = None
        if session.my_booking_id is not None:
            session.my_booking = BreakoutBooking(
                pk=session.my_booking_id,
                session=session,
                registration=registration,
                status=session.my_booking_status,
                position=session.my_booking_position,
            )
        session.is_full = (
            session.capacity is not None and session.confirmed_count >= session.capacity
        )
        entry["slots"].setdefault(session.start, []).append(session)
        if session.my_booking_status == BreakoutBooking.Status.CONFIRMED:
            entry["agenda"].append(session)
    for entry in result.values():
        entry["slots"] = list(entry["slots"].items())
    return result


def breakout_slots(*, registration):
    """The event's published breakouts grouped by start; see `overview`."""
    return overview(registrations=[registration])[registration.pk]["slots"]


# Personal agenda and calendar feed ------------------------------------------------


def new_feed_token():
    """256 bits from `secrets`, URL-safe."""
    return secrets.token_urlsafe(32)


def find_own_feed(*, user):
    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def calendar_feed(*, user):
    """The person's calendar feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": new_feed_token()}
    )
    return feed


@transaction.atomic
def rotate_feed(*, user):
    """A new address for the person's feed; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=new_feed_token())
    feed.token = new_feed_token()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    return feed


FEED_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def find_feed(*, token):
    """The calendar feed whose token this is, or None; nothing else is looked up."""
    if not FEED_TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


def agenda(*, user):
    """[(event, sessions)] for each event where the person is confirmed.

    Sessions are the published ones that are not breakouts, plus the breakouts
    the person holds a confirmed seat in.
    """
    from programme.services import public_sessions

    registrations = Registration.objects.filter(
        user=user, status=Registration.Status.CONFIRMED
    ).select_related("event")
    own = set(
        BreakoutBooking.objects.filter(
            registration__user=user, status=BreakoutBooking.Status.CONFIRMED
        ).values_list("session_id", flat=True)
    )
    result = []
    for registration in registrations:
        event = registration.event
        sessions = [
            session
            for session in public_sessions(event=event)
            if not session.is_breakout or session.pk in own
        ]
        for session in sessions:
            session.event = event
        result.append((event, sessions))
    return result


# Check-in -------------------------------------------------------------------------


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


def attendance_rows(*, event, day):
    """Rows of the attendance export for one day, by name."""
    check_ins = (
        CheckIn.objects.filter(registration__event=event, day=day)
        .select_related("registration__user", "registration__invitation")
        .order_by("registration__user__last_name", "registration__user__first_name")
    )
    return [
        {
            "name": str(check_in.registration.user),
            "email": check_in.registration.user.email,
            "organisation": check_in.registration.invitation.organisation,
            "position": check_in.registration.position,
            "checked_in_at": timezone.localtime(
                check_in.checked_in_at, event.tzinfo
            ).strftime("%Y-%m-%d %H:%M"),
        }
        for check_in in check_ins
    ]


# The person's own data ------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class OwnData:
    """Everything the site holds that is one person's; see `own_data`."""

    addresses: list
    email_addresses: QuerySet
    invitations: QuerySet
    registrations: QuerySet
    bookings: QuerySet
    check_ins: QuerySet
    feeds: QuerySet


def own_data(*, user):
    """Everything that is `user`'s: what the export lists and deletion erases.

    Their addresses: the account's, its verified ones, and those of the
    invitations they registered with (perhaps an earlier address), but none
    another account now holds. Unverified addresses, which anybody could have
    typed in, are listed but find nothing. Their invitations: the ones they
    registered with and every one sent to one of their addresses.
    """
    verified = EmailAddress.objects.filter(verified=True)
    held = {
        email.lower()
        for email in [
            user.email,
            *verified.filter(user=user).values_list("email", flat=True),
            *Invitation.objects.filter(registration__user=user).values_list(
                "email", flat=True
            ),
        ]
    }
    others = get_user_model().objects.exclude(pk=user.pk).filter(email__in=held)
    taken = {
        email.lower()
        for email in [
            *others.values_list("email", flat=True),
            *verified.exclude(user=user)
            .filter(email__in=held)
            .values_list("email", flat=True),
        ]
    }
    addresses = sorted(held - taken)
    return OwnData(
        addresses=addresses,
        email_addresses=EmailAddress.objects.filter(user=user).order_by("email"),
        invitations=Invitation.objects.filter(
            Q(registration__user=user) | Q(email__in=addresses)
        ).order_by("pk"),
        registrations=Registration.objects.filter(user=user).order_by("pk"),
        bookings=BreakoutBooking.objects.filter(registration__user=user).order_by("pk"),
        check_ins=CheckIn.objects.filter(registration__user=user).order_by("pk"),
        feeds=CalendarFeed.objects.filter(user=user),
    )


def personal_data(*, user):
    """Everything the site holds about `user` (see `own_data`), as JSON-ready data."""
    own = own_data(user=user)
    invitations = own.invitations.select_related("event")
    registrations = own.registrations.select_related("event")
    bookings = own.bookings.select_related("session", "registration__event")
    check_ins = own.check_ins.select_related("registration__event")
    feed = own.feeds.first()
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in own.email_addresses
        ],
        "invitations": [
            {
                "event": invitation.event.title,
                "name": invitation.name,
                "email": invitation.email,
                "organisation": invitation.organisation,
                "kind": invitation.kind,
                "status": invitation.status,
                "sent_at": _iso(invitation.sent_at),
                "responded_at": _iso(invitation.responded_at),
                "decline_reason": invitation.decline_reason,
            }
            for invitation in invitations
        ],
        "registrations": [
            {
                "event": registration.event.title,
                "status": registration.status,
                "position": registration.position,
                "days": registration.days,
                "dietary": registration.dietary,
                "access_needs": registration.access_needs,
                "listed_consent": registration.listed_consent,
                "privacy_agreed_at": _iso(registration.privacy_agreed_at),
                "pass_code": registration.pass_code,
                "created_at": _iso(registration.created_at),
            }
            for registration in registrations
        ],
        "breakout_bookings": [
            {
                "event": booking.registration.event.title,
                "session": booking.session.title,
                "start": _iso(booking.session.start),
                "status": booking.status,
                "waitlist_position": booking.position,
                "created_at": _iso(booking.created_at),
            }
            for booking in bookings
        ],
        "check_ins": [
            {
                "event": check_in.registration.event.title,
                "day": _iso(check_in.day),
                "checked_in_at": _iso(check_in.checked_in_at),
            }
            for check_in in check_ins
        ],
        "calendar_feed": (
            {"created_at": _iso(feed.created_at), "rotated_at": _iso(feed.rotated_at)}
            if feed
            else None
        ),
    }


def delete_account(*, user):
    """Erase the person: bookings cancelled (waitlists promoted), data removed.

    Removes what `own_data` finds, the set the export lists. Each registration
    leaves an `ErasedParticipation` row (event, status, number of days, days
    checked in) so attendance counts stay right; the invitations, the
    registrations with their bookings and check-ins, the calendar feed, the
    email addresses and the account itself are deleted.
    """
    for booking in list(own_data(user=user).bookings.filter(_active())):
        cancel_booking(booking=booking)  # one transaction each: promotions commit
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        own = own_data(user=user)
        registrations = list(
            own.registrations.select_related("event").annotate(
                checked_in=Count("check_ins")
            )
        )
        ErasedParticipation.objects.bulk_create(
            ErasedParticipation(
                event=registration.event,
                status=registration.status,
                days=len(registration.days),
                days_checked_in=registration.checked_in,
            )
            for registration in registrations
        )
        invitation_ids = list(own.invitations.values_list("pk", flat=True))
        for registration in registrations:
            _leave_group(registration)
        own.check_ins.delete()
        own.bookings.delete()
        own.registrations.delete()
        Invitation.objects.filter(pk__in=invitation_ids).delete()
        own.feeds.delete()
        own.email_addresses.delete()
        user.delete()


def event_days(event):
    days, day = [], event.start_date
    while day <= event.end_date:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days
